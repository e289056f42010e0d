"""Dates as Persian staff and readers type and read them: Jalali (1405/09/01 14:30), in any
of the three digit sets, in Tehran's time.

The one copy of the rules: what a typed date looks like (``DATE_PATTERN``, the inputs'
``pattern`` attribute and the forms' parsing), which years are Jalali
(``day_as_gregorian``, which ``articles.archive`` and the importer use), the text inputs
with the calendar ``static/js/jalali-datepicker.js`` adds, and the admin's date and
date-time fields (``exhibition.admin_mixins.PersianAdminMixin`` puts them on every date
field of the Persian admin)."""

from __future__ import annotations

import datetime
import re

import jdatetime
from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import from_current_timezone
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from exhibition import display, persian
from exhibition.persian.chars import DIGIT_CLASS

# A typed or scraped year before this is a Solar Hijri one (1405), from it a Gregorian
# one (2026): the admin, the search form and the importer all read dates by this rule.
FIRST_GREGORIAN_YEAR = 1700

# Beyond these a day's start or end in Tehran's time is no date Python can hold.
FIRST_YEAR, LAST_YEAR = 1900, 2100

# A date typed year/month/day or year-month-day, then for a moment an optional time
# (14:30 or 14:30:05, after a space or ISO's «T»), in any of the three digit sets.
DATE_PATTERN = (
    rf"([{DIGIT_CLASS}]{{4}})[\/\-]([{DIGIT_CLASS}]{{1,2}})"
    rf"[\/\-]([{DIGIT_CLASS}]{{1,2}})"
)
DATETIME_PATTERN = (
    rf"{DATE_PATTERN}(?:(?:\s+|T)([{DIGIT_CLASS}]{{1,2}}):([{DIGIT_CLASS}]{{2}})"
    rf"(?::([{DIGIT_CLASS}]{{2}}))?)?"
)
_DATE_RE = re.compile(DATE_PATTERN)
_DATETIME_RE = re.compile(DATETIME_PATTERN)

NO_JALALI_DATE = _("That is no Jalali date.")
NO_SUCH_DATE = _("That is no date: check the month and the day.")
TYPE_A_DATE = _("Type a date as year/month/day, e.g. 1405/09/01.")
TYPE_A_MOMENT = _("Type a date and time as year/month/day hour:minute, e.g. 1405/09/01 14:30.")
NO_SUCH_TIME = _("That is no time of day: hours go from 0 to 23, minutes from 0 to 59.")
OUT_OF_RANGE = _("Choose a date between the years 1900 and 2100.")


def day_as_gregorian(year: int, month: int, day: int) -> datetime.date:
    """The day written as year, month, day: Jalali before FIRST_GREGORIAN_YEAR, else
    Gregorian. ValueError when there is no such day."""
    if year >= FIRST_GREGORIAN_YEAR:
        return datetime.date(year, month, day)
    return jdatetime.date(year, month, day).togregorian()


def as_jalali(day: datetime.date) -> str:
    """``day`` as the Persian site writes a date for typing: 1405/09/01 (Latin digits)."""
    return jdatetime.date.fromgregorian(date=day).strftime("%Y/%m/%d")


def as_jalali_moment(moment: datetime.datetime) -> str:
    """A ``moment`` in Tehran's time as typed: 1405/09/01 14:30 (seconds only when there
    are some). A naive one is already local (a form field's prepared value)."""
    local = timezone.localtime(moment) if timezone.is_aware(moment) else moment
    clock = "%H:%M" if not local.second else "%H:%M:%S"
    return jdatetime.datetime.fromgregorian(datetime=local).strftime(f"%Y/%m/%d {clock}")


def local_moment(moment: datetime.datetime | None) -> str:
    """A moment as a page of the active language shows it: Jalali in Persian digits on
    Persian pages, Gregorian (2026-11-20 10:05) in Latin digits on English ones."""
    if moment is None:
        return "—"
    local = timezone.localtime(moment)
    if display.is_persian():
        jalali_moment = jdatetime.datetime.fromgregorian(datetime=local)
        return persian.to_persian_digits(jalali_moment.strftime("%Y/%m/%d %H:%M"))
    return local.strftime("%Y-%m-%d %H:%M")


def local_day(day: datetime.date) -> str:
    """A day as a page of the active language shows it (1405/09/01 or 2026-11-22)."""
    if display.is_persian():
        return persian.to_persian_digits(as_jalali(day))
    return day.isoformat()


def parse(value: str, *, with_time: bool) -> tuple[datetime.date, datetime.time | None]:
    """The day and time typed (Jalali or, by the year, Gregorian; any digits).
    ValidationError, with what to type instead, for anything else."""
    pattern = _DATETIME_RE if with_time else _DATE_RE
    match = pattern.fullmatch(persian.to_latin_digits(str(value)).strip())
    if match is None:
        raise ValidationError(TYPE_A_MOMENT if with_time else TYPE_A_DATE, code="invalid")
    year, month, day, *clock = match.groups()
    try:
        gregorian = day_as_gregorian(int(year), int(month), int(day))
    except (ValueError, OverflowError) as exc:
        jalali_year = int(year) < FIRST_GREGORIAN_YEAR
        raise ValidationError(
            NO_JALALI_DATE if jalali_year else NO_SUCH_DATE, code="invalid"
        ) from exc
    if not FIRST_YEAR <= gregorian.year <= LAST_YEAR:
        raise ValidationError(OUT_OF_RANGE, code="out_of_range")
    if not with_time or clock[0] is None:
        return gregorian, None
    try:
        return gregorian, datetime.time(*(int(part or 0) for part in clock))
    except ValueError as exc:
        raise ValidationError(NO_SUCH_TIME, code="invalid") from exc


class JalaliDateInput(forms.TextInput):
    """A text input for a Jalali date, typed (any digits) or picked from the calendar
    static/js/jalali-datepicker.js adds (``data-jalali-picker``); works without it."""

    pattern = DATE_PATTERN
    placeholder = "1405/09/01"
    size = 10
    inputmode = "numeric"  # a date needs no «:»

    def __init__(self, attrs=None):
        super().__init__(
            {
                **({"inputmode": self.inputmode} if self.inputmode else {}),
                "pattern": self.pattern,
                "autocomplete": "off",
                "placeholder": persian.to_persian_digits(self.placeholder),
                "dir": "ltr",
                "size": self.size,
                "data-jalali-picker": "",
                # The calendar's button labels (the script has no catalog of its own).
                "data-picker-open": _("Choose from the calendar"),
                "data-picker-previous": _("Previous month"),
                "data-picker-next": _("Next month"),
                **(attrs or {}),
            }
        )

    def format_value(self, value):
        if isinstance(value, datetime.date):
            value = as_jalali(value)
        return persian.to_persian_digits(value) if value else None


class AdminJalaliDateInput(JalaliDateInput):
    """The admin's: the calendar's script and the admin stylesheet come with it."""

    class Media:
        js = ("js/jalali-datepicker.js",)


class AdminJalaliDateTimeInput(AdminJalaliDateInput):
    """A Jalali date and a time of day in one input: 1405/09/01 14:30. The calendar
    changes the date and keeps the time typed."""

    pattern = DATETIME_PATTERN
    placeholder = "1405/09/01 14:30"
    size = 18
    inputmode = None
    supports_microseconds = False

    def format_value(self, value):
        if isinstance(value, datetime.datetime):
            value = as_jalali_moment(value)
        return super().format_value(value)

    def value_from_datadict(self, data, files, name):
        # A form opened in the English admin (date and time in two inputs) and sent
        # after the admin turned Persian still says what it meant.
        if name not in data and f"{name}_0" in data:
            return f"{data.get(f'{name}_0', '')} {data.get(f'{name}_1', '')}".strip()
        return super().value_from_datadict(data, files, name)


class AdminMomentInput(AdminJalaliDateTimeInput):
    """A moment typed where a form is built once for both languages (the admin's action
    form): the Jalali input in the Persian admin, the browser's own date-time input in
    the English one. Read it with JalaliDateTimeField, which takes both."""

    def get_context(self, name, value, attrs):
        if display.is_persian():
            return super().get_context(name, value, attrs)
        gregorian = forms.DateTimeInput(attrs={"type": "datetime-local"})
        return gregorian.get_context(name, value, attrs)


class JalaliDateTimeField(forms.DateTimeField):
    """An aware moment in Tehran's time from 1405/09/01 14:30 (or a Gregorian date, by the
    year; any digits; a date alone is its midnight, as Django's own field reads it)."""

    widget = AdminJalaliDateTimeInput
    default_error_messages = {"invalid": TYPE_A_MOMENT}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return from_current_timezone(value) if timezone.is_naive(value) else value
        day, clock = parse(value, with_time=True)
        return from_current_timezone(datetime.datetime.combine(day, clock or datetime.time()))


class JalaliDateField(forms.DateField):
    """A day from 1405/09/01 (or a Gregorian date, by the year; any digits)."""

    widget = AdminJalaliDateInput
    default_error_messages = {"invalid": TYPE_A_DATE}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        return parse(value, with_time=False)[0]
