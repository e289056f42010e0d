"""The English edition with the shipped (seeded) data: no Persian interface text outside
lang="fa" islands, alternates only where a counterpart exists, and local digits."""

import re
from html.parser import HTMLParser
from urllib.parse import unquote

from django.contrib.auth.models import Group, User
from django.core.management import call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Article
from booths.models import Exhibitor, Hall, SisterCity
from exhibition.access import TRANSLATORS_GROUP
from tests.articles.factories import ArticleFactory, DeskFactory

ARABIC_SCRIPT = re.compile(r"[\u0600-\u06FF\u0750-\u077F\uFB50-\uFDFF\uFE70-\uFEFF]")
PERSIAN_DIGITS = re.compile(r"[۰-۹]")
VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}
TEXT_ATTRIBUTES = ("title", "alt", "aria-label", "placeholder", "content", "value")


class OutsideIslands(HTMLParser):
    """Collects the text and readable attributes that are not inside a lang="fa" element."""

    def __init__(self, *, visible_only=False):
        super().__init__(convert_charrefs=True)
        self.stack = []  # (tag, is_persian)
        self.outside = []
        # Visible text only: no attributes and no <title> (the document's or a tooltip).
        self.visible_only = visible_only

    @property
    def in_island(self):
        return any(persian for _tag, persian in self.stack)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        persian = (attrs.get("lang") or "").startswith("fa")
        if not self.in_island and not persian and not self.visible_only:
            self.outside += [f"<{tag} {k}> {attrs[k]}" for k in TEXT_ATTRIBUTES if attrs.get(k)]
        if tag not in VOID:
            self.stack.append((tag, persian))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data):
        if self.visible_only and any(tag == "title" for tag, _persian in self.stack):
            return
        if not self.in_island and data.strip():
            self.outside.append(data.strip())


def persian_outside_islands(html: str, *, visible_only=False) -> list[str]:
    parser = OutsideIslands(visible_only=visible_only)
    parser.feed(html)
    return [text for text in parser.outside if ARABIC_SCRIPT.search(text)]


class EditionTestData:
    @classmethod
    def setUpTestData(cls):
        call_command("seed", verbosity=0)
        cls.persian = Article.objects.published().filter(language="fa").first()
        service = DeskFactory(slug="international", name_fa="بین‌الملل", name_en="International")
        when = timezone.make_aware(timezone.datetime(2026, 11, 21, 9, 0))
        cls.paired_fa = ArticleFactory(title="دیدار شهرداران", desk=service, published_at=when)
        cls.paired_en = ArticleFactory(
            title="Mayors meet in Tehran",
            body="The mayors met.",
            language="en",
            published_at=when,
        )
        services.article_pair(article=cls.paired_fa, other=cls.paired_en)
        cls.english_only = ArticleFactory(
            title="A story only in English",
            body="Text.",
            language="en",
            desk=service,
            published_at=when,
        )
        cls.exhibitor = Exhibitor.objects.exclude(kind=Exhibitor.Kind.DISTRICT_MUNICIPALITY).first()
        cls.desk = service


class EnglishPagesReadInEnglishTests(EditionTestData, TestCase):
    def public_pages(self):
        return {
            "home": "/en/",
            "news list": "/en/news/",
            "article": self.paired_en.get_absolute_url(),
            "english-only article": self.english_only.get_absolute_url(),
            "persian article not yet translated": self.persian.get_url_in("en"),
            "tag": f"/en/news/tag/{self.persian.tags.first().slug}/"
            if self.persian.tags.exists()
            else "/en/news/",
            "service": f"/en/news/service/{self.desk.slug}/",
            "archive": "/en/news/archive/",
            "archive month": "/en/news/archive/2026/11/",
            "most viewed": "/en/news/most-viewed/",
            "search": "/en/search/?q=mayors",
            "exhibitors": "/en/exhibitors/",
            "exhibitor": self.exhibitor.get_absolute_url().replace("/fa/", "/en/", 1),
            "districts": "/en/districts/",
            "district": "/en/districts/7/",
            "floor plan": "/en/floor-plan/",
            "sister cities": "/en/sister-cities/",
        }

    def test_no_persian_interface_text_outside_persian_islands(self):
        for name, url in self.public_pages().items():
            with self.subTest(page=name, url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                html = response.content.decode()
                self.assertIn('<html lang="en" dir="ltr">', html)
                self.assertEqual(persian_outside_islands(html), [])

    def test_missing_english_degrades_to_marked_persian_islands(self):
        Hall.objects.update(name_en="")
        Exhibitor.objects.update(name_en="", description_en="")
        SisterCity.objects.update(city_en="", country_en="")
        for url in (
            "/en/floor-plan/",
            "/en/districts/7/",
            "/en/sister-cities/",
            self.exhibitor.get_absolute_url().replace("/fa/", "/en/", 1),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(response, "not yet translated")
                # Attributes and titles cannot hold an island; the visible text must.
                html = response.content.decode()
                self.assertEqual(persian_outside_islands(html, visible_only=True), [])

    def test_missing_english_in_titles_and_labels_is_isolated_and_not_described(self):
        Exhibitor.objects.update(name_en="", description_en="")
        page = self.client.get(self.exhibitor.get_absolute_url().replace("/fa/", "/en/", 1))
        page = page.content.decode()
        # A Persian name keeps its direction in the English title without reversing it.
        title = re.search(r"<title>(.*?)</title>", page, re.S).group(1)
        self.assertRegex(title, "^\u2068[^\u2069]+\u2069 — ")
        description = re.search(r'<meta name="description" content="([^"]*)"', page).group(1)
        self.assertTrue(description)
        self.assertIsNone(ARABIC_SCRIPT.search(description))
        plan = self.client.get("/en/floor-plan/").content.decode()
        labels = re.findall(r'aria-label="(Stand [^"]*)"', plan)
        self.assertTrue(labels)
        for label in labels:
            outside_isolates = re.sub("\u2068[^\u2069]*\u2069", "", label)
            self.assertIsNone(ARABIC_SCRIPT.search(outside_isolates), label)

    def test_pagination_and_counts_use_latin_digits_in_english(self):
        html = self.client.get("/en/exhibitors/").content.decode()
        count = re.search(r'class="result-count"[^>]*>([^<]*)<', html).group(1)
        self.assertRegex(count, r"^\s*\d+ exhibitors\s*$")
        html = self.client.get("/en/exhibitors/?page=2").content.decode()
        self.assertRegex(html, r"Page 2 of \d+")


class PersianDigitsTests(EditionTestData, TestCase):
    def test_counts_and_pagination_use_persian_digits(self):
        html = self.client.get("/fa/exhibitors/?page=2").content.decode()
        count = re.search(r'class="result-count"[^>]*>([^<]*)<', html).group(1)
        self.assertRegex(count, r"[۰-۹]+")
        self.assertNotRegex(count, r"[0-9]")
        current = re.search(r'<li aria-current="page">([^<]*)</li>', html).group(1)
        self.assertRegex(current, r"^صفحهٔ? ۲ از [۰-۹]+$")

    def test_district_tiles_and_news_code_in_persian_digits(self):
        html = self.client.get("/fa/districts/").content.decode()
        numbers = re.findall(r'class="district-tile__number">([^<]*)<', html)
        self.assertEqual(numbers[:3], ["۱", "۲", "۳"])
        html = self.client.get(self.persian.get_absolute_url()).content.decode()
        self.assertRegex(html, r'class="news-code"><bdi>[۰-۹]+</bdi>')
        self.assertIn("<dt>کد خبر</dt>", html)


class IslandCheckerTests(TestCase):
    def test_persian_outside_an_island_is_reported_and_inside_is_not(self):
        html = (
            '<p>District <span lang="fa" dir="rtl">منطقه <b>۱</b></span> ok</p>'
            '<a aria-label="غرفه">x</a><img alt="Stand"><p>سالن</p>'
        )
        self.assertEqual(persian_outside_islands(html), ["<a aria-label> غرفه", "سالن"])


def alternates(html: str) -> dict[str, str]:
    return dict(re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html))


class ArticlesAcrossLanguagesTests(EditionTestData, TestCase):
    def test_english_edition_lists_english_articles_once(self):
        items = list(self.client.get("/en/news/").context["object_list"])
        self.assertEqual(items.count(self.paired_en), 1)
        self.assertIn(self.english_only, items)
        self.assertNotIn(self.paired_fa, items)
        self.assertNotIn(self.persian, items)

    def test_service_page_lists_the_english_pair_of_a_persian_article_in_it(self):
        # The English pair has no service of its own; its Persian source does.
        response = self.client.get(f"/en/news/service/{self.desk.slug}/")
        items = list(response.context["object_list"])
        self.assertEqual(items.count(self.paired_en), 1)
        self.assertIn(self.english_only, items)

    def test_persian_article_with_english_pair_redirects_to_it(self):
        response = self.client.get(self.paired_fa.get_url_in("en"))
        self.assertRedirects(response, self.paired_en.get_absolute_url(), status_code=301)

    def test_switcher_and_alternates_of_a_paired_article(self):
        html = self.client.get(self.paired_en.get_absolute_url()).content.decode()
        links = alternates(unquote(html))
        self.assertEqual(set(links), {"fa", "en", "x-default"})
        self.assertTrue(links["fa"].endswith(unquote(self.paired_fa.get_absolute_url())))
        self.assertEqual(links["x-default"], links["fa"])
        self.assertIn(f'href="{self.paired_fa.get_absolute_url()}" hreflang="fa"', html)

    def test_english_only_article_advertises_no_persian_alternate(self):
        html = self.client.get(self.english_only.get_absolute_url()).content.decode()
        links = alternates(html)
        self.assertEqual(set(links), {"en", "x-default"})
        self.assertTrue(links["x-default"].endswith(self.english_only.get_absolute_url()))
        # The switcher still goes somewhere: the "not yet available in Persian" page.
        persian_url = self.english_only.get_url_in("fa")
        self.assertIn(f'href="{persian_url}" hreflang="fa"', html)
        response = self.client.get(persian_url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'lang="en" dir="ltr">A story only in English</span>')
        self.assertContains(response, "خواندن آن به انگلیسی")

    def test_persian_article_without_pair_switches_to_the_not_yet_available_page(self):
        html = self.client.get(self.persian.get_absolute_url()).content.decode()
        self.assertEqual(set(alternates(html)), {"fa", "x-default"})
        self.assertIn(f'href="{self.persian.get_url_in("en")}" hreflang="en"', html)

    def test_not_found_and_not_yet_available_pages_advertise_no_alternates(self):
        for url in ("/en/no-such-page/", self.persian.get_url_in("en")):
            with self.subTest(url=url):
                html = self.client.get(url).content.decode()
                self.assertEqual(alternates(html), {})
                self.assertIn('hreflang="fa" lang="fa"', html)  # the switcher stays

    def test_sitemap_names_a_paired_article_and_its_translation_as_alternates(self):
        xml = unquote(self.client.get("/sitemap.xml").content.decode())
        fa = f"http://testserver{unquote(self.paired_fa.get_absolute_url())}"
        en = f"http://testserver{self.paired_en.get_absolute_url()}"
        for loc in (fa, en):
            entry = xml.split(f"<loc>{loc}</loc>", 1)[1].split("</url>", 1)[0]
            self.assertIn(f'hreflang="fa" href="{fa}"', entry)
            self.assertIn(f'hreflang="en" href="{en}"', entry)
            self.assertIn(f'hreflang="x-default" href="{fa}"', entry)
        alone = f"http://testserver{self.english_only.get_absolute_url()}"
        entry = xml.split(f"<loc>{alone}</loc>", 1)[1].split("</url>", 1)[0]
        self.assertNotIn("hreflang", entry)

    def test_short_link_under_english_leads_to_the_english_edition(self):
        response = self.client.get(f"/en/news/{self.persian.news_code}/")
        self.assertRedirects(response, self.persian.get_url_in("en"), status_code=301)

    def test_pages_of_the_guide_have_both_alternates_and_x_default(self):
        links = alternates(self.client.get("/en/floor-plan/").content.decode())
        self.assertEqual(
            links,
            {
                "fa": "http://testserver/fa/floor-plan/",
                "en": "http://testserver/en/floor-plan/",
                "x-default": "http://testserver/fa/floor-plan/",
            },
        )

    def test_sitemap_lists_guide_pages_in_both_languages(self):
        xml = unquote(self.client.get("/sitemap.xml").content.decode())
        for path in (
            "exhibitors/",
            "districts/",
            "districts/7/",
            "floor-plan/",
            "sister-cities/",
            f"exhibitors/{self.exhibitor.slug}/",
        ):
            with self.subTest(path=path):
                self.assertIn(f"<loc>http://testserver/fa/{path}</loc>", xml)
                self.assertIn(f"<loc>http://testserver/en/{path}</loc>", xml)
                self.assertIn(f'hreflang="en" href="http://testserver/en/{path}"', xml)
        self.assertNotIn(f"/fa/exhibitors/{Exhibitor.objects.get(district=7).slug}/", xml)


class TranslationReviewFlagTests(EditionTestData, TestCase):
    def setUp(self):
        self.admin = User.objects.create_superuser("admin", password="x")

    def test_changing_the_persian_source_flags_its_english_pair_until_it_is_saved(self):
        services.article_update(article=self.paired_fa, body="متن تازهٔ خبر.")
        self.paired_en.refresh_from_db()
        self.assertTrue(self.paired_en.translation_outdated)
        self.client.force_login(self.admin)
        changelist = self.client.get(
            "/admin/articles/article/", {"translation_outdated__exact": "1"}
        )
        self.assertEqual(list(changelist.context["cl"].result_list), [self.paired_en])
        self.assertContains(changelist, "column-needs_review")

        services.article_update(article=self.paired_en, title="Mayors meet in Tehran again")
        self.paired_en.refresh_from_db()
        self.assertFalse(self.paired_en.translation_outdated)

    def test_unchanged_text_or_an_unpaired_article_flags_nothing(self):
        services.article_publish(article=self.paired_fa)  # time and status only
        services.article_update(article=self.paired_fa, reporter="خبرنگار")
        services.article_update(article=self.persian, title="عنوان تازه")
        self.assertFalse(Article.objects.filter(translation_outdated=True).exists())


class TranslationStatusPageTests(EditionTestData, TestCase):
    url = "/admin/translation-status/"

    def setUp(self):
        # A translator: staff in the translators group.
        self.staff = User.objects.create_user("staff", password="x", is_staff=True)
        self.staff.groups.add(Group.objects.get_or_create(name=TRANSLATORS_GROUP)[0])

    def test_staff_only(self):
        self.assertEqual(self.client.get(self.url).status_code, 302)
        self.client.force_login(User.objects.create_user("visitor", password="x"))
        self.assertEqual(self.client.get(self.url).status_code, 302)

    def test_translators_only_other_staff_get_the_403_page_and_no_link(self):
        other = User.objects.create_user("reporter", password="x", is_staff=True)
        self.client.force_login(other)
        response = self.client.get(self.url)
        self.assertContains(response, "دسترسی ندارید", status_code=403)
        self.assertNotContains(self.client.get("/admin/"), f'href="{self.url}"')

    def test_lists_what_misses_english_with_links_in_a_fixed_number_of_queries(self):
        exhibitor = self.exhibitor
        Exhibitor.objects.filter(pk=exhibitor.pk).update(description_en="", short_name_en=None)
        self.client.force_login(self.staff)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, f'href="/admin/booths/exhibitor/{exhibitor.pk}/change/"')
        self.assertContains(response, f'href="/admin/articles/article/{self.persian.pk}/change/"')
        self.assertNotContains(response, f"/admin/articles/article/{self.paired_fa.pk}/change/")
        sections = {s.key: s for s in response.context["sections"]}
        self.assertEqual(sections["booths.exhibitor"].count, 1)
        self.assertEqual(sections["articles.untranslated"].count, 1)
        few = len(queries)

        Exhibitor.objects.update(name_en="")
        ArticleFactory.create_batch(3)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url)
        self.assertGreater(response.context["sections"][0].count, 10)
        self.assertEqual(len(queries), few)

    def test_linked_from_the_admin_index(self):
        self.client.force_login(self.staff)
        self.assertContains(self.client.get("/admin/"), f'href="{self.url}"')
