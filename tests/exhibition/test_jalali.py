"""Dates typed the Persian way (exhibition/jalali.py): what the Persian admin's date and
date-time fields read, and how they show a stored value."""

import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.test import SimpleTestCase
from django.utils import translation

from exhibition import jalali

TEHRAN = ZoneInfo("Asia/Tehran")


class JalaliDateTimeFieldTests(SimpleTestCase):
    def setUp(self):
        self.field = jalali.JalaliDateTimeField()

    def test_a_jalali_moment_in_any_digits_is_that_moment_in_tehran(self):
        expected = datetime.datetime(2026, 11, 22, 14, 30, tzinfo=TEHRAN)
        for typed in (
            "1405/09/01 14:30",
            "۱۴۰۵/۰۹/۰۱ ۱۴:۳۰",
            "١٤٠٥/٠٩/٠١ ١٤:٣٠",
            "1405-9-1 14:30",
            " ۱۴۰۵/۰۹/۰۱  ۱۴:۳۰:۰۰ ",
        ):
            with self.subTest(typed=typed):
                moment = self.field.clean(typed)
                self.assertEqual(moment, expected)
                self.assertEqual(moment.utcoffset(), datetime.timedelta(hours=3, minutes=30))

    def test_a_gregorian_year_is_read_as_gregorian_and_a_date_alone_is_its_midnight(self):
        self.assertEqual(
            self.field.clean("2026-11-22T09:05"),  # the English admin's datetime-local
            datetime.datetime(2026, 11, 22, 9, 5, tzinfo=TEHRAN),
        )
        self.assertEqual(
            self.field.clean("۱۴۰۵/۰۹/۰۱"), datetime.datetime(2026, 11, 22, 0, 0, tzinfo=TEHRAN)
        )

    def test_what_is_no_moment_is_a_form_error_saying_what_to_type(self):
        for typed, message in (
            ("فردا", "1405/09/01 14:30"),
            ("1405/09/01 2pm", "1405/09/01 14:30"),
            ("1405/13/01 10:00", "no Jalali date"),
            ("1405/12/31 10:00", "no Jalali date"),  # 1405 is not a leap year
            ("2026-02-30 10:00", "check the month and the day"),
            ("1405/09/01 24:00", "no time of day"),
            ("1405/09/01 10:75", "no time of day"),
            ("0001/01/01 10:00", "between the years 1900 and 2100"),
            ("9999/01/01 10:00", "between the years 1900 and 2100"),
        ):
            with self.subTest(typed=typed), translation.override("en"):
                with self.assertRaises(ValidationError) as raised:
                    self.field.clean(typed)
                self.assertIn(message, " ".join(raised.exception.messages))

    def test_empty_is_nothing_unless_required(self):
        self.assertIsNone(jalali.JalaliDateTimeField(required=False).clean(""))
        with self.assertRaises(ValidationError):
            self.field.clean("")


class JalaliDateFieldTests(SimpleTestCase):
    def test_a_day_in_any_digits(self):
        field = jalali.JalaliDateField()
        self.assertEqual(field.clean("۱۴۰۵/۰۹/۰۱"), datetime.date(2026, 11, 22))
        self.assertEqual(field.clean("2026-11-22"), datetime.date(2026, 11, 22))
        with self.assertRaises(ValidationError):
            field.clean("1405/09/01 10:00")  # a day, not a moment


class WidgetTests(SimpleTestCase):
    def test_a_stored_moment_shows_in_jalali_persian_digits_and_tehran_time(self):
        html = jalali.AdminJalaliDateTimeInput().render(
            "published_at", datetime.datetime(2026, 11, 22, 11, 0, tzinfo=datetime.UTC)
        )
        self.assertIn('value="۱۴۰۵/۰۹/۰۱ ۱۴:۳۰"', html)
        self.assertIn("data-jalali-picker", html)
        self.assertIn('dir="ltr"', html)

    def test_seconds_show_only_when_there_are_some(self):
        moment = datetime.datetime(2026, 11, 22, 14, 30, 5, tzinfo=TEHRAN)
        self.assertEqual(jalali.as_jalali_moment(moment), "1405/09/01 14:30:05")

    def test_a_form_sent_from_the_split_gregorian_widget_is_still_read(self):
        widget = jalali.AdminJalaliDateTimeInput()
        data = {"published_at_0": "2026-11-22", "published_at_1": "14:30:00"}
        self.assertEqual(
            widget.value_from_datadict(data, {}, "published_at"), "2026-11-22 14:30:00"
        )

    def test_the_moment_input_is_the_browsers_own_in_english(self):
        with translation.override("en"):
            html = jalali.AdminMomentInput().render("publish_at", None)
        self.assertIn('type="datetime-local"', html)
        self.assertNotIn("data-jalali-picker", html)
        with translation.override("fa"):
            html = jalali.AdminMomentInput().render("publish_at", None)
        self.assertIn("data-jalali-picker", html)


class LocalDisplayTests(SimpleTestCase):
    moment = datetime.datetime(2026, 11, 20, 10, 5, tzinfo=TEHRAN)

    def test_persian_pages_read_jalali_in_persian_digits_english_ones_gregorian(self):
        with translation.override("fa"):
            self.assertEqual(jalali.local_moment(self.moment), "۱۴۰۵/۰۸/۲۹ ۱۰:۰۵")
            self.assertEqual(jalali.local_day(self.moment.date()), "۱۴۰۵/۰۸/۲۹")
        with translation.override("en"):
            self.assertEqual(jalali.local_moment(self.moment), "2026-11-20 10:05")
            self.assertEqual(jalali.local_day(self.moment.date()), "2026-11-20")
