"""Reading the programme: by day and hall, what is on now and next, and as calendars."""

import datetime
import zoneinfo
from dataclasses import dataclass, field

import icalendar
from django.conf import settings
from django.db import transaction
from django.db.models import Max, Min
from django.utils import timezone, translation
from django.utils.translation import gettext

from programme.models import Session, Speaker

NEXT_SHOWN = 3


@dataclass
class HallSessions:
    hall: object  # booths.Hall, or None for sessions outside the halls
    sessions: list = field(default_factory=list)


@dataclass
class ProgrammeDay:
    day: datetime.date
    halls: list[HallSessions] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"day-{self.day.isoformat()}"


def programme_days(*, sessions) -> list[ProgrammeDay]:
    """Sessions (in start order) grouped by their day in Tehran, then by hall in the
    halls' order; sessions without a hall come last on their day."""
    days: dict[datetime.date, dict] = {}
    for session in sessions:
        halls = days.setdefault(session.day, {})
        halls.setdefault(session.hall_id, HallSessions(session.hall)).sessions.append(session)
    result = []
    for day, halls in sorted(days.items()):
        ordered = sorted(
            halls.values(),
            key=lambda h: (
                h.hall is None,
                h.hall.position if h.hall else 0,
                h.hall.code if h.hall else "",
            ),
        )
        result.append(ProgrammeDay(day, ordered))
    return result


@dataclass
class NowNext:
    now: list
    next: list

    def __bool__(self):
        return bool(self.now or self.next)


def programme_now_next(*, moment: datetime.datetime | None = None) -> NowNext:
    """What is on at ``moment`` and what starts next, during the exhibition only: from
    the first programme day's midnight in Tehran to the last session's end."""
    moment = moment or timezone.now()
    sessions = Session.objects.select_related("hall")
    bounds = sessions.aggregate(first=Min("start"), last=Max("end"))
    if bounds["first"] is None:
        return NowNext([], [])
    first_day = timezone.localtime(bounds["first"]).replace(
        hour=0, minute=0, second=0, microsecond=0
    )
    if not first_day <= moment < bounds["last"]:
        return NowNext([], [])
    now = list(sessions.happening_at(moment))
    upcoming = list(sessions.starting_after(moment)[:NEXT_SHOWN])
    if upcoming:
        # Only the sessions that start next (several halls may start at once).
        upcoming = [s for s in upcoming if s.start == upcoming[0].start]
    return NowNext(now, upcoming)


def _location(session) -> str:
    separator = "، " if translation.get_language() == "fa" else ", "
    return separator.join(p for p in (session.room, session.hall.name if session.hall else "") if p)


def session_event(*, session, url: str, stamp: datetime.datetime) -> icalendar.Event:
    """One VEVENT in the page's language; times carry Tehran's TZID."""
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    event = icalendar.Event()
    # A bare UUID, as RFC 7986 advises: no host name that could change.
    event.add("uid", str(session.uid))
    event.add("dtstamp", stamp)
    event.add("dtstart", session.start.astimezone(tz))
    event.add("dtend", session.end.astimezone(tz))
    event.add("summary", session.title)
    description = session.description or ""
    if session.is_demo:
        description = f"[{gettext('Demo content')}] {description}".strip()
    if description:
        event.add("description", description)
    location = _location(session)
    if location:
        event.add("location", location)
    event.add("url", url)
    event.add("categories", [session.get_kind_display()])
    return event


def programme_calendar(*, sessions, absolute_url, name: str) -> bytes:
    """An RFC 5545 calendar of ``sessions``; ``absolute_url(path)`` makes each URL.

    DTSTAMP is the time the calendar is written; the Tehran VTIMEZONE comes from the
    zoneinfo database, so its rules are those the server's tzdata knows."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", "-//Sister Cities and Urban Governance Exhibition//Programme//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", settings.TIME_ZONE)
    stamp = timezone.now().replace(microsecond=0).astimezone(datetime.UTC)
    sessions = list(sessions)
    for session in sessions:
        calendar.add_component(
            session_event(
                session=session, url=absolute_url(session.get_absolute_url()), stamp=stamp
            )
        )
    if sessions:
        # The zone's rules around the programme only: not every transition since 1970.
        first = min(s.start for s in sessions).date() - datetime.timedelta(days=366)
        last = max(s.end for s in sessions).date() + datetime.timedelta(days=366)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()


def programme_demo_counts() -> dict[str, int]:
    """What ``programme_demo_delete`` would remove (delete_demo_content asks both)."""
    return {
        "sessions": Session.objects.filter(is_demo=True).count(),
        "speakers": _deletable_demo_speakers().count(),
    }


def _deletable_demo_speakers():
    # A demo speaker still named by a real session stays with it.
    return Speaker.objects.filter(is_demo=True).exclude(sessions__is_demo=False)


@transaction.atomic
def programme_demo_delete() -> dict[str, int]:
    counts = programme_demo_counts()
    Session.objects.filter(is_demo=True).delete()
    _deletable_demo_speakers().delete()
    return counts
