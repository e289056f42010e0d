import datetime
from types import SimpleNamespace

from django.template import Context, Template
from django.test import SimpleTestCase
from django.utils import translation


def render(source: str, **context) -> str:
    return Template("{% load site %}" + source).render(Context(context))


class LocalDigitsTests(SimpleTestCase):
    def test_persian_pages_show_persian_digits(self):
        with translation.override("fa"):
            self.assertEqual(render("{{ n|local_digits }}", n=1405), "۱۴۰۵")

    def test_english_pages_show_latin_digits(self):
        with translation.override("en"):
            self.assertEqual(render("{{ n|local_digits }}", n="۲۲"), "22")

    def test_decimals_use_each_languages_separator(self):
        with translation.override("fa"):
            self.assertEqual(render("{{ n|local_digits }} هکتار", n="2.3"), "۲٫۳ هکتار")
        with translation.override("en"):
            self.assertEqual(render("{{ n|local_digits }} ha", n="2.3"), "2.3 ha")


class QuotedTests(SimpleTestCase):
    def test_a_value_is_quoted_in_the_pages_language_escaped_and_isolated(self):
        for lang, shown in (("fa", "«<bdi>&lt;شهر&gt;</bdi>»"), ("en", "“<bdi>&lt;شهر&gt;</bdi>”")):
            with self.subTest(lang=lang), translation.override(lang):
                self.assertEqual(render("{{ q|quoted }}", q="<شهر>"), shown)

    def test_plain_text_messages_get_the_same_marks(self):
        from exhibition import display

        with translation.override("fa"):
            self.assertEqual(display.quoted("Seoul"), "«Seoul»")
        with translation.override("en"):
            self.assertEqual(display.quoted("سئول"), "“سئول”")


class LocalDateTests(SimpleTestCase):
    # 20:45 UTC on 27 November is 00:15 on 28 November (7 Azar 1405) in Tehran.
    moment = datetime.datetime(2026, 11, 27, 20, 45, tzinfo=datetime.UTC)

    def test_persian_date_is_jalali_in_tehran_time(self):
        with translation.override("fa"):
            self.assertEqual(render("{{ d|local_date }}", d=self.moment), "۷ آذر ۱۴۰۵")
            self.assertEqual(render("{{ d|local_datetime }}", d=self.moment), "۷ آذر ۱۴۰۵، ۰۰:۱۵")

    def test_english_date_is_gregorian_in_tehran_time(self):
        with translation.override("en"):
            self.assertEqual(render("{{ d|local_date }}", d=self.moment), "28 November 2026")
            self.assertEqual(
                render("{{ d|local_datetime }}", d=self.moment), "28 November 2026, 00:15"
            )

    def test_plain_dates_and_nowruz(self):
        with translation.override("fa"):
            self.assertEqual(
                render("{{ d|local_date }}", d=datetime.date(2026, 3, 21)), "۱ فروردین ۱۴۰۵"
            )

    def test_empty_value_renders_nothing(self):
        with translation.override("fa"):
            self.assertEqual(render("{{ d|local_date }}", d=None), "")


class TranslatedTagTests(SimpleTestCase):
    def test_english_text_is_shown_when_present(self):
        obj = SimpleNamespace(name="District 22", name_en="District 22")
        with translation.override("en"):
            self.assertEqual(render('{% translated obj "name" %}', obj=obj), "District 22")

    def test_missing_english_shows_persian_island_with_notice(self):
        obj = SimpleNamespace(name="منطقه ۲۲", name_en="")
        with translation.override("en"):
            html = render('{% translated obj "name" %}', obj=obj)
        self.assertIn('<span lang="fa" dir="rtl">منطقه ۲۲</span>', html)
        self.assertIn("not yet translated", html)

    def test_persian_pages_show_persian_without_notice(self):
        obj = SimpleNamespace(name="منطقه ۲۲", name_en="")
        with translation.override("fa"):
            self.assertEqual(render('{% translated obj "name" %}', obj=obj), "منطقه ۲۲")

    def test_text_is_escaped(self):
        obj = SimpleNamespace(name="<b>x</b>", name_en="")
        with translation.override("en"):
            self.assertIn("&lt;b&gt;", render('{% translated obj "name" %}', obj=obj))
