"""Reads that span the programme, the exhibitor guide and the news: a sister-city
delegation's briefing pack. QuerySets hold each rule (``SessionQuerySet.for_delegation``,
``.suggested_for``, ``ExhibitorQuerySet.achieving_in``, ``booths.selectors.
news_mentioning``); this puts them together for the page."""

from dataclasses import dataclass, field

from django.db.models import Max, Min, Prefetch

from booths.models import Exhibitor, SisterCity, Stand
from booths.plan import exhibitor_plans
from booths.selectors import news_mentioning
from programme.models import Session, SessionTheme

# A pack is a few printed pages: the best matches, not every one.
SUGGESTED_SESSIONS = 6
MATCHING_EXHIBITORS = 5


@dataclass
class BriefingPack:
    delegation: Exhibitor
    city: SisterCity
    # The city's interests (CityInterest rows): what the suggestions below match on.
    interests: list
    stands: list
    plans: list
    sessions: list
    suggested_sessions: list
    districts: list
    companies: list
    news: list
    # The exhibition on the timeline: the programme's first and last moments (None
    # without a programme), and whether those come from demo sessions only.
    visit: dict = field(default_factory=dict)

    @property
    def has_demo(self) -> bool:
        """Whether anything in the pack is illustrative: the page says so once, at the top."""
        rows = [
            *self.interests,
            *self.stands,
            *self.sessions,
            *self.suggested_sessions,
            *self.districts,
            *self.companies,
            *(a for e in [*self.districts, *self.companies] for a in e.matching_achievements),
        ]
        return self.delegation.is_demo or any(row.is_demo for row in rows)


def _sessions():
    return Session.objects.select_related("hall").prefetch_related(
        Prefetch("themes", queryset=SessionTheme.objects.order_by("theme"))
    )


def briefing_pack(*, delegation: Exhibitor, language: str) -> BriefingPack:
    """Everything a visiting mayor's briefing pack shows, in a fixed number of queries.

    Sessions they may want and the districts and companies to visit are matched on the
    city's interests (themes, in the achievements' categories): a session on one of those
    themes that the delegation is not already part of (nor another delegation's visit);
    the districts and the knowledge-based companies with achievements in them, those
    with most first. Each suggested session carries the themes it matched (``matched``)
    and each district or company its achievements on them, so the page says why.
    """
    city = delegation.sister_city
    interests = list(city.interests.all())
    themes = [interest.theme for interest in interests]
    stands = list(delegation.stands.select_related("hall"))
    hall_stands = Stand.objects.filter(hall__in={s.hall_id for s in stands}).select_related(
        "exhibitor"
    )
    suggested = list(_sessions().suggested_for(delegation, themes)[:SUGGESTED_SESSIONS])
    for session in suggested:
        session.matched = [t for t in session.themes.all() if t.theme in themes]
    matching = Exhibitor.objects.achieving_in(themes).prefetch_related("stands")
    Kind = Exhibitor.Kind
    return BriefingPack(
        delegation=delegation,
        city=city,
        interests=interests,
        stands=stands,
        plans=exhibitor_plans(stands, hall_stands) if stands else [],
        sessions=list(_sessions().for_delegation(delegation)),
        suggested_sessions=suggested,
        # Apart, so that the companies are not crowded out by the districts.
        districts=list(matching.filter(kind=Kind.DISTRICT_MUNICIPALITY)[:MATCHING_EXHIBITORS]),
        companies=list(matching.filter(kind=Kind.KNOWLEDGE_BASED_COMPANY)[:MATCHING_EXHIBITORS]),
        news=news_mentioning(delegation, language),
        visit={
            **Session.objects.aggregate(start=Min("start"), end=Max("end")),
            "is_demo": not Session.objects.filter(is_demo=False).exists(),
        },
    )
