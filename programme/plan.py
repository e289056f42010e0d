"""A visitor's plan: the sessions and exhibitors they favourited, without an account.

The favourites live in the visitor's browser (static/js/plan.js, localStorage). The
server only ever sees them as ids in a query string (``?session=3&exhibitor=7``) —
the plan page, its share link and its calendar read them from there and keep nothing.
"""

import itertools
from dataclasses import dataclass, field

from django.http import QueryDict
from django.utils.http import urlencode

from booths.models import Exhibitor
from programme.models import Session

KINDS = ("session", "exhibitor")
# More than any visitor favourites; a longer list is refused (the calendar) or cut.
MAX_PER_KIND = 100
_MAX_ID_DIGITS = 9


@dataclass
class PlanQuery:
    """The ids a plan link names, each kind in ascending order without repeats."""

    session_ids: list[int] = field(default_factory=list)
    exhibitor_ids: list[int] = field(default_factory=list)
    malformed: int = 0  # values that are not an id (ignored)
    too_many: bool = False

    def __bool__(self):
        return bool(self.session_ids or self.exhibitor_ids)


def plan_query(params: QueryDict) -> PlanQuery:
    """Reads ``session`` and ``exhibitor`` ids; anything else in the query is ignored."""
    query = PlanQuery()
    for kind in KINDS:
        ids = set()
        for value in params.getlist(kind):
            value = value.strip()
            if value.isascii() and value.isdigit() and len(value) <= _MAX_ID_DIGITS and int(value):
                ids.add(int(value))
            else:
                query.malformed += 1
        ids = sorted(ids)
        if len(ids) > MAX_PER_KIND:
            query.too_many = True
            ids = ids[:MAX_PER_KIND]
        setattr(query, f"{kind}_ids", ids)
    return query


def plan_query_string(*, session_ids, exhibitor_ids) -> str:
    """The canonical query string of a plan: the share link and the calendar's."""
    pairs = [("session", pk) for pk in sorted(session_ids)]
    pairs += [("exhibitor", pk) for pk in sorted(exhibitor_ids)]
    return urlencode(pairs)


@dataclass
class PlannedSession:
    session: Session
    clashes: list[Session] = field(default_factory=list)


@dataclass
class PlanDay:
    day: object  # datetime.date in Tehran
    sessions: list[PlannedSession]


@dataclass
class Plan:
    sessions: list[PlannedSession]
    exhibitors: list[Exhibitor]
    missing: int  # ids that name nothing (deleted since, or mistyped) plus malformed ones
    # The ids asked for that name nothing: plan.js forgets these (and only these).
    missing_session_ids: list[int] = field(default_factory=list)
    missing_exhibitor_ids: list[int] = field(default_factory=list)

    @property
    def days(self) -> list[PlanDay]:
        return [
            PlanDay(day, list(items))
            for day, items in itertools.groupby(self.sessions, key=lambda p: p.session.day)
        ]

    @property
    def clash_count(self) -> int:
        return sum(1 for p in self.sessions if p.clashes)

    @property
    def query_string(self) -> str:
        return plan_query_string(
            session_ids=[p.session.pk for p in self.sessions],
            exhibitor_ids=[e.pk for e in self.exhibitors],
        )

    def __bool__(self):
        return bool(self.sessions or self.exhibitors)


def sessions_clash(a: Session, b: Session) -> bool:
    """Overlapping times: one starts before the other ends (back to back is no clash)."""
    return a.start < b.end and b.start < a.end


def plan_sessions(*, session_ids) -> list[Session]:
    return list(Session.objects.filter(pk__in=session_ids).select_related("hall"))


def plan_read(*, query: PlanQuery) -> Plan:
    """The sessions in time order, each with the others in the plan it overlaps, and
    the exhibitors in alphabetical order with their stands."""
    sessions = plan_sessions(session_ids=query.session_ids)
    planned = [
        PlannedSession(s, [o for o in sessions if o is not s and sessions_clash(s, o)])
        for s in sessions
    ]
    exhibitors = list(
        Exhibitor.objects.filter(pk__in=query.exhibitor_ids).with_stands().ordered_by_name()
    )
    missing = (
        len(query.session_ids)
        - len(sessions)
        + len(query.exhibitor_ids)
        - len(exhibitors)
        + query.malformed
    )
    return Plan(
        planned,
        exhibitors,
        missing,
        missing_session_ids=sorted(set(query.session_ids) - {s.pk for s in sessions}),
        missing_exhibitor_ids=sorted(set(query.exhibitor_ids) - {e.pk for e in exhibitors}),
    )
