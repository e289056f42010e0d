import datetime

from django.conf import settings
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from articles.models import Status
from tests.articles.factories import ArticleFactory

UTC = datetime.UTC


def at(*args):
    return datetime.datetime(*args, tzinfo=UTC)


class ArchiveTestData:
    @classmethod
    def setUpTestData(cls):
        # 20:45 UTC on 27 November 2026 is 00:15 on 7 Azar 1405 in Tehran.
        cls.azar = ArticleFactory(title="خبر آذر", published_at=at(2026, 11, 27, 20, 45))
        # 20:15 UTC on 21 November is 23:45 on 30 Aban in Tehran: the last minutes of Aban.
        cls.aban = ArticleFactory(title="خبر پایان آبان", published_at=at(2026, 11, 21, 20, 15))
        # 20:30 UTC on 21 November is midnight, 1 Azar: the first moment of Azar.
        cls.azar_first = ArticleFactory(title="خبر آغاز آذر", published_at=at(2026, 11, 21, 20, 30))
        cls.older = ArticleFactory(title="خبر مهر", published_at=at(2026, 10, 5, 8, 0))
        cls.english = ArticleFactory(
            title="Fair opens",
            body="Mayors met.",
            language="en",
            published_at=at(2026, 11, 27, 20, 45),
        )
        cls.draft = ArticleFactory(title="پیش‌نویس", status=Status.DRAFT, published_at=None)


class JalaliArchiveTests(ArchiveTestData, TestCase):
    def test_month_boundaries_are_jalali_midnights_in_tehran(self):
        azar = self.client.get("/fa/news/archive/1405/9/")
        self.assertEqual(azar.status_code, 200)
        self.assertEqual(set(azar.context["object_list"]), {self.azar, self.azar_first})
        aban = self.client.get("/fa/news/archive/1405/8/")
        self.assertEqual(list(aban.context["object_list"]), [self.aban])
        self.assertNotIn(self.azar, aban.context["object_list"])

    def test_month_page_names_the_jalali_month_in_persian_digits(self):
        response = self.client.get("/fa/news/archive/1405/9/")
        self.assertContains(response, "<h1>اخبار آذر ۱۴۰۵</h1>", html=True)
        # the neighbours that have news: Aban before, nothing after
        self.assertContains(response, 'rel="prev" href="/fa/news/archive/1405/8/"')
        self.assertNotContains(response, 'rel="next"')
        # the English switcher goes to the Gregorian month Azar begins in
        self.assertContains(response, 'href="/en/news/archive/2026/11/"')

    def test_year_page_lists_its_jalali_months_with_counts(self):
        response = self.client.get("/fa/news/archive/1405/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            [(m.year, m.month, m.count) for m in response.context["date_list"]],
            [(1405, 9, 2), (1405, 8, 1), (1405, 7, 1)],
        )
        self.assertEqual(len(response.context["object_list"]), 4)
        self.assertContains(response, "آذر ۱۴۰۵")
        self.assertNotContains(response, "Fair opens")

    def test_index_lists_jalali_months_that_have_persian_news(self):
        response = self.client.get("/fa/news/archive/")
        html = response.content.decode()
        for url in (
            "/fa/news/archive/1405/",
            "/fa/news/archive/1405/9/",
            "/fa/news/archive/1405/8/",
            "/fa/news/archive/1405/7/",
        ):
            self.assertIn(f'href="{url}"', html)
        self.assertIn("مهر ۱۴۰۵", html)
        self.assertNotIn("/fa/news/archive/2026/", html)
        self.assertNotIn("November", html)

    def test_index_is_remembered_until_an_article_changes(self):
        self.client.get("/fa/news/archive/")
        with self.assertNumQueries(0):
            self.client.get("/fa/news/archive/")
        ArticleFactory(title="خبر شهریور", published_at=at(2026, 9, 1, 8, 0))
        self.assertContains(self.client.get("/fa/news/archive/"), "شهریور ۱۴۰۵")

    def test_impossible_periods_are_404(self):
        for url in (
            "/fa/news/archive/1405/13/",
            "/fa/news/archive/1405/0/",
            "/fa/news/archive/0/",
            "/fa/news/archive/99999/",
            "/fa/news/archive/99999/1/",
            "/fa/news/archive/9377/12/",
            "/fa/news/archive/99999999999999999999999/1/",
            "/en/news/archive/2026/13/",
            "/en/news/archive/0/",
            "/en/news/archive/9999/12/",
            "/en/news/archive/1/1/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_periods_typed_in_persian_digits(self):
        response = self.client.get("/fa/news/archive/۱۴۰۵/۹/")
        self.assertEqual(set(response.context["object_list"]), {self.azar, self.azar_first})

    def test_periods_still_to_come_are_404(self):
        # A Gregorian year typed on a Persian page reads as a Jalali year centuries ahead.
        for url in (
            "/fa/news/archive/2026/",
            "/fa/news/archive/2026/11/",
            "/en/news/archive/2647/",
            "/en/news/archive/2647/3/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_year_switcher_goes_to_the_year_that_holds_most_of_it(self):
        # 1405 runs from 21 March 2026 to 20 March 2027; 2026 is mostly 1405, not 1404.
        self.assertContains(
            self.client.get("/fa/news/archive/1405/"), 'href="/en/news/archive/2026/"'
        )
        with translation.override("en"):
            response = self.client.get("/en/news/archive/2026/")
        self.assertContains(response, 'href="/fa/news/archive/1405/"')

    def test_query_counts_do_not_grow_with_articles(self):
        urls = ["/fa/news/archive/", "/fa/news/archive/1405/", "/fa/news/archive/1405/9/"]
        counts = {}
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            counts[url] = len(queries)
        for day in range(1, 25):
            ArticleFactory(published_at=at(2026, 11, day, 6, 0))
        for url in urls:
            with self.subTest(url=url), self.assertNumQueries(counts[url]):
                self.client.get(url)


class GregorianArchiveTests(ArchiveTestData, TestCase):
    def setUp(self):
        # An /en/ request leaves English active in this thread for the tests after it.
        self.addCleanup(translation.activate, settings.LANGUAGE_CODE)

    def test_english_archive_stays_gregorian(self):
        response = self.client.get("/en/news/archive/2026/11/")
        self.assertEqual(list(response.context["object_list"]), [self.english])
        self.assertContains(response, "News of November 2026")
        self.assertNotContains(response, "آذر")
        # the Persian switcher goes to the Jalali month 1 November falls in (Aban)
        self.assertContains(response, 'href="/fa/news/archive/1405/8/"')
        index = self.client.get("/en/news/archive/").content.decode()
        self.assertIn('href="/en/news/archive/2026/11/"', index)
        self.assertNotIn('href="/en/news/archive/2026/10/"', index)  # only Persian news then
        year = self.client.get("/en/news/archive/2026/")
        self.assertEqual([(m.month, m.count) for m in year.context["date_list"]], [(11, 1)])

    def test_years_before_the_solar_hijri_era_are_404(self):
        # Their Persian counterpart (the language switcher's link) has no date: this was a 500.
        for url in (
            "/en/news/archive/2/",
            "/en/news/archive/621/",
            "/en/news/archive/622/",
            "/en/news/archive/622/1/",
            "/en/news/archive/622/2/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)

    def test_first_solar_hijri_month_has_no_english_counterpart(self):
        response = self.client.get("/fa/news/archive/1/1/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["translations"], {"fa": "/fa/news/archive/1/1/"})
        self.assertEqual(self.client.get("/en/news/archive/622/4/").status_code, 200)
