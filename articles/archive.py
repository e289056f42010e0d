"""Archive periods: Jalali years and months on Persian pages, Gregorian on English ones.

A period runs from midnight Tehran time on its first day to midnight on the first day
of the next one; ``published_at`` is filtered as ``[start, end)``. Which months have
news is read from per-day counts in one query and folded into months here, because
no database truncates to Jalali months (a few thousand days at most).
"""

import datetime
import itertools
from collections import Counter
from dataclasses import dataclass, field
from zoneinfo import ZoneInfo

import jdatetime
from django.db.models import Count
from django.db.models.functions import TruncDate
from django.utils.dates import MONTHS

from exhibition import jalali

TEHRAN = ZoneInfo("Asia/Tehran")


class InvalidPeriod(ValueError):
    """A year or month that does not exist (month 13, year 0) or cannot be stored."""


def uses_jalali(language: str | None) -> bool:
    return (language or "").startswith("fa")


# Which typed years are Jalali, and the day they name: exhibition/jalali.py (the admin's
# date fields, in exhibition/, read dates by the same rule).
FIRST_GREGORIAN_YEAR = jalali.FIRST_GREGORIAN_YEAR
day_as_gregorian = jalali.day_as_gregorian


def _first_day(year: int, month: int, jalali: bool) -> datetime.date:
    if jalali:
        return jdatetime.date(year, month, 1).togregorian()
    return datetime.date(year, month, 1)


def _midnight(day: datetime.date) -> datetime.datetime:
    moment = datetime.datetime.combine(day, datetime.time(), tzinfo=TEHRAN)
    # Raises OverflowError at the ends of the calendar, where the database would fail.
    moment.astimezone(datetime.UTC)
    return moment


def month_of(day: datetime.date, *, jalali: bool) -> tuple[int, int]:
    if jalali:
        day = jdatetime.date.fromgregorian(date=day)
    return day.year, day.month


@dataclass
class Month:
    year: int
    month: int
    jalali: bool
    count: int = field(default=0, compare=False)

    def __post_init__(self):
        next_year, next_month = (
            (self.year + 1, 1)
            if self.month == 12
            else (
                self.year,
                self.month + 1,
            )
        )
        try:
            self.start = _midnight(_first_day(self.year, self.month, self.jalali))
            self.end = _midnight(_first_day(next_year, next_month, self.jalali))
            if not self.jalali:
                # Before March 622 there is no Solar Hijri date for the Persian pages.
                jdatetime.date.fromgregorian(date=self.start.date())
        except (ValueError, OverflowError) as exc:
            raise InvalidPeriod(f"no month {self.year}/{self.month}") from exc

    @property
    def name(self) -> str:
        if self.jalali:
            return jdatetime.date.j_months_fa[self.month - 1]
        return str(MONTHS[self.month])

    @property
    def label(self) -> str:
        return f"{self.name} {self.year}"

    def in_other_calendar(self) -> "Month":
        """The month of the other calendar that this one starts in (for the language
        switcher: Azar 1405 begins on 22 November 2026)."""
        day = self.start.date()
        if not self.jalali:
            day = jdatetime.date.fromgregorian(date=day)
        return Month(day.year, day.month, not self.jalali)


@dataclass
class Year:
    year: int
    jalali: bool

    def __post_init__(self):
        self.start = Month(self.year, 1, self.jalali).start
        self.end = Month(self.year, 12, self.jalali).end

    @property
    def label(self) -> str:
        return str(self.year)

    def in_other_calendar(self) -> "Year":
        """The year of the other calendar that holds most of this one: its seventh month
        begins there (1405 runs from March 2026 to March 2027: 2026; and back)."""
        middle = Month(self.year, 7, self.jalali).in_other_calendar()
        return Year(middle.year, middle.jalali)


def in_period(queryset, period):
    return queryset.filter(published_at__gte=period.start, published_at__lt=period.end)


def months_with_articles(queryset, *, jalali: bool) -> list[Month]:
    """The months that have articles in ``queryset``, newest first, with counts."""
    days = (
        queryset.order_by()
        .annotate(day=TruncDate("published_at", tzinfo=TEHRAN))
        .values("day")
        .annotate(articles=Count("pk"))
        .values_list("day", "articles")
    )
    counts = Counter()
    for day, articles in days:
        counts[month_of(day, jalali=jalali)] += articles
    return [
        Month(year, month, jalali, count=count)
        for (year, month), count in sorted(counts.items(), reverse=True)
    ]


def months_by_year(months: list[Month]) -> list[tuple[Year, list[Month]]]:
    return [
        (Year(year, group[0].jalali), group)
        for year, group in (
            (year, list(group)) for year, group in itertools.groupby(months, lambda m: m.year)
        )
    ]


def month_containing(moment: datetime.datetime | None, *, jalali: bool) -> Month | None:
    if moment is None:
        return None
    year, month = month_of(moment.astimezone(TEHRAN).date(), jalali=jalali)
    return Month(year, month, jalali)
