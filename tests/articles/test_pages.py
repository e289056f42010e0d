import html
import json
import os
import re
import subprocess
import sys
from datetime import date
from unittest import mock
from urllib.parse import parse_qs, unquote
from xml.etree import ElementTree

from django.conf import settings
from django.db import OperationalError, connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search, services, views
from articles.models import Status
from articles.views import PAGE_SIZE
from exhibition import persian
from tests.articles.factories import ArticleFactory, DeskFactory, StaffFactory, TagFactory


class PagesTestData:
    @classmethod
    def setUpTestData(cls):
        cls.desk = DeskFactory(
            slug="urban-management", name_fa="مدیریت شهری", name_en="Urban management"
        )
        cls.tag = TagFactory(name_fa="دانش‌بنیان", name_en="Knowledge-based", slug="kb")
        cls.article = ArticleFactory(
            title="شهرداری تهران در نمایشگاه",
            kicker="روتیتر خبر",
            lead="لید خبر",
            desk=cls.desk,
            tags=[cls.tag],
            published_at=timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 5)),
        )
        cls.others = [ArticleFactory(desk=cls.desk, tags=[cls.tag]) for _ in range(4)]
        cls.english = ArticleFactory(
            title="Tehran fair opens",
            body="Mayors met.",
            language="en",
            desk=cls.desk,
            published_at=timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 5)),
        )
        cls.draft = ArticleFactory(title="پیش‌نویس محرمانه", status=Status.DRAFT, published_at=None)
        cls.scheduled = ArticleFactory(
            title="خبر زمان‌بندی‌شده", published_at=timezone.now() + timezone.timedelta(days=1)
        )


class ListPageTests(PagesTestData, TestCase):
    def test_persian_list_shows_persian_public_articles_newest_first(self):
        response = self.client.get("/fa/news/")
        self.assertEqual(response.status_code, 200)
        items = list(response.context["object_list"])
        self.assertEqual(set(items), {self.article, *self.others})
        self.assertEqual(items[-1], self.article)  # oldest last
        self.assertNotContains(response, "پیش‌نویس محرمانه")
        self.assertNotContains(response, "زمان‌بندی‌شده")

    def test_english_list_shows_english_articles(self):
        response = self.client.get("/en/news/")
        self.assertEqual(list(response.context["object_list"]), [self.english])
        self.assertContains(response, '<html lang="en" dir="ltr">')

    def test_news_pages_through_time(self):
        ArticleFactory.create_batch(PAGE_SIZE)
        ArticleFactory.create_batch(PAGE_SIZE, language="en")
        html = self.client.get("/fa/news/").content.decode()
        self.assertRegex(html, r'<a rel="next" href="\?page=2">قدیمی‌تر</a>')
        html = self.client.get("/en/news/?page=2").content.decode()
        self.assertRegex(html, r'<a rel="prev" href="\?page=1">Newer</a>')

    def test_list_query_count_does_not_grow_with_articles(self):
        with CaptureQueriesContext(connection) as few:
            self.client.get("/fa/news/")
        ArticleFactory.create_batch(5, desk=DeskFactory())
        with self.assertNumQueries(len(few)):
            self.client.get("/fa/news/")

    def test_service_tag_most_viewed_and_archive_pages(self):
        for _ in range(3):
            services.article_record_view(article=self.article)
        self.assertIn(
            self.article,
            self.client.get("/fa/news/service/urban-management/").context["object_list"],
        )
        self.assertIn(self.article, self.client.get("/fa/news/tag/kb/").context["object_list"])
        self.assertEqual(
            self.client.get("/fa/news/most-viewed/").context["object_list"][0], self.article
        )
        # 20 November 2026 is 29 Aban 1405: the Persian archive is Jalali
        month = self.client.get("/fa/news/archive/1405/8/")
        self.assertEqual(month.status_code, 200)
        self.assertIn(self.article, month.context["object_list"])
        self.assertEqual(self.client.get("/fa/news/archive/1405/").status_code, 200)
        self.assertContains(self.client.get("/fa/news/archive/"), "/fa/news/archive/1405/8/")
        self.assertEqual(self.client.get("/fa/news/service/nope/").status_code, 404)

    def test_nav_links_news_and_search(self):
        html = self.client.get("/fa/").content.decode()
        self.assertIn('href="/fa/news/"', html)
        self.assertIn('href="/fa/search/"', html)


FIREFOX = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


class DetailPageTests(PagesTestData, TestCase):
    def get(self, article=None):
        return self.client.get((article or self.article).get_absolute_url())

    def test_mehr_style_article_page(self):
        response = self.get()
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        for piece in [
            "روتیتر خبر",
            "شهرداری تهران در نمایشگاه",
            "لید خبر",
            "مدیریت شهری",
            "دانش‌بنیان",
            'rel="tag"',
            "/fa/news/service/urban-management/",
        ]:
            self.assertIn(piece, html)
        # Jalali date with Persian digits, and the news code in Persian digits
        self.assertIn("۲۹ آبان ۱۴۰۵، ۱۰:۰۵", html)
        code = str(self.article.news_code).translate(str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹"))
        self.assertRegex(html, rf'class="news-code"><bdi>{code}</bdi><')
        short = f"http://testserver/fa/news/{self.article.news_code}/"
        self.assertIn(f'value="{short}" readonly', html)  # the short link, selectable
        self.assertEqual(len(re.findall(r"<main\b", html)), 1)
        self.assertNotIn("style=", html)

    def share_links(self, article):
        page = self.get(article).content.decode()
        links = {}
        for href in re.findall(
            r'<a class="share__link share__link--\w+" href="([^"]+)" '
            r'rel="noopener noreferrer" target="_blank">',
            page,
        ):
            href = html.unescape(href)
            self.assertRegex(href, r"^[\x21-\x7e]+$")  # encoded: no space, no Persian letter
            self.assertNotIn("+", href)  # spaces as %20, which every messenger reads
            address, _, query = href.partition("?")
            links[address] = parse_qs(query)
        return page, links

    def test_share_links_carry_the_short_link_and_title_encoded(self):
        for article, language in ((self.article, "fa"), (self.english, "en")):
            with self.subTest(language):
                short = f"http://testserver/{language}/news/{article.news_code}/"
                page, links = self.share_links(article)
                both = {"url": [short], "text": [article.title]}
                self.assertEqual(links["https://t.me/share/url"], both)
                self.assertEqual(links["https://eitaa.com/share/url"], both)
                self.assertEqual(links["https://twitter.com/intent/tweet"], both)
                self.assertEqual(links["https://wa.me/"], {"text": [f"{article.title}\n{short}"]})
                self.assertIn(f'value="{short}" readonly', page)
                # The buttons that need script are hidden until share.js shows them.
                self.assertRegex(page, r"<button [^>]*data-share-copy[^>]* hidden>")
                self.assertIn('<script src="/static/js/share.js" defer></script>', page)
        fa_html = self.get().content.decode()
        for label in ("تلگرام", "واتس‌اپ", "ایتا", "ایکس", "اشتراک‌گذاری", "پیوند کپی شد"):
            self.assertIn(label, fa_html)

    def test_preview_offers_no_share_links(self):
        self.client.force_login(StaffFactory(is_superuser=True))
        html = self.client.get(f"/fa/news/preview/{self.draft.pk}/").content.decode()
        self.assertNotIn("t.me/share", html)

    def test_english_article_has_gregorian_date(self):
        html = self.get(self.english).content.decode()
        self.assertIn("20 November 2026", html)
        self.assertNotIn("آبان", html)

    def test_json_ld_and_open_graph(self):
        html = self.get().content.decode()
        block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        data = json.loads(block.group(1))
        self.assertEqual(data["@type"], "NewsArticle")
        self.assertEqual(data["headline"], self.article.title)
        self.assertEqual(data["identifier"], str(self.article.news_code))
        self.assertIn('property="og:title" content="شهرداری تهران در نمایشگاه"', html)
        # One stylesheet for screen and paper: its @media print section lays out the article.
        self.assertEqual(
            re.findall(r'rel="stylesheet" href="([^"]+)"', html), ["/static/css/site.css"]
        )

    def test_english_metadata_names_no_untranslated_section_or_tag(self):
        service = DeskFactory(slug="untranslated", name_en="")
        english = ArticleFactory(language="en", title="Mayors meet", desk=service)
        english.tags.add(TagFactory(name_en=""), TagFactory(name_en="Sister cities"))
        html = self.get(english).content.decode()
        data = json.loads(
            re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        )
        self.assertNotIn("articleSection", data)
        self.assertEqual(data["keywords"], ["Sister cities"])
        self.assertNotIn('property="article:section"', html)
        self.assertEqual(
            re.findall(r'property="article:tag" content="([^"]*)"', html), ["Sister cities"]
        )
        # In Persian, the Persian names are the page's own.
        persian = ArticleFactory(desk=service)
        self.assertIn(
            f'property="article:section" content="{service.name_fa}"',
            self.get(persian).content.decode(),
        )

    def test_json_ld_cannot_break_out_of_its_script(self):
        hostile = ArticleFactory(title="</script><script>alert(1)</script>")
        html = self.get(hostile).content.decode()
        self.assertNotIn("<script>alert(1)", html)

    def test_related_news_from_the_same_service(self):
        related = self.get().context["related"]
        self.assertTrue(related)
        self.assertTrue(all(a.desk_id == self.desk.pk for a in related))
        self.assertNotIn(self.article, related)

    def test_wrong_slug_and_short_link_redirect_permanently_to_canonical(self):
        canonical = self.article.get_absolute_url()
        for url in [
            f"/fa/news/{self.article.news_code}/old-slug/",
            f"/fa/news/{self.article.news_code}/",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], canonical)

    def test_a_news_code_typed_in_persian_digits_leads_to_the_article(self):
        canonical = self.article.get_absolute_url()
        code = persian.to_persian_digits(self.article.news_code)
        arabic_indic = str(self.article.news_code).translate(
            str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
        )
        for url in [
            f"/fa/news/{code}/",
            f"/fa/news/{code}/{self.article.slug}/",
            f"/fa/news/{arabic_indic}/",
        ]:
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertEqual(response.status_code, 301)
                self.assertEqual(response["Location"], canonical)
        self.assertEqual(self.client.get(canonical).status_code, 200)

    def views(self, article=None):
        (article or self.article).refresh_from_db()
        return (article or self.article).view_count

    def visit(self, method="get", user_agent=FIREFOX, address="192.0.2.10", url=None):
        url = url or self.article.get_absolute_url()
        response = getattr(self.client, method)(
            url, HTTP_USER_AGENT=user_agent, REMOTE_ADDR=address
        )
        self.assertEqual(response.status_code, 200)
        return response

    def test_a_visitor_counts_once_a_day_however_often_they_reload(self):
        before = self.views()
        for _ in range(5):
            self.visit()
        self.assertEqual(self.views(), before + 1)
        self.visit(address="192.0.2.11")  # another visitor
        self.visit(user_agent=FIREFOX.replace("130", "131"))  # another browser, same address
        self.assertEqual(self.views(), before + 3)
        with mock.patch("django.utils.timezone.localdate", return_value=date(2099, 1, 2)):
            self.visit()  # the next day
        self.assertEqual(self.views(), before + 4)

    def test_changing_the_browser_name_does_not_count_without_end(self):
        before = self.views()
        for number in range(services.VISITORS_PER_ADDRESS + 20):
            self.visit(user_agent=f"{FIREFOX} build/{number}")
        self.assertEqual(self.views(), before + services.VISITORS_PER_ADDRESS)
        self.visit(address="192.0.2.99")  # a reader elsewhere still counts
        self.assertEqual(self.views(), before + services.VISITORS_PER_ADDRESS + 1)

    def test_an_ipv6_subscriber_cannot_count_again_from_each_address_of_its_block(self):
        before = self.views()
        for number in range(services.VISITORS_PER_ADDRESS + 20):
            self.visit(user_agent=f"{FIREFOX} build/{number}", address=f"2001:db8:0:1::{number:x}")
        self.assertEqual(self.views(), before + services.VISITORS_PER_ADDRESS)
        self.visit(address="2001:db8:0:2::1")  # another subscriber
        self.assertEqual(self.views(), before + services.VISITORS_PER_ADDRESS + 1)

    def test_pages_answered_from_the_cache_count_too(self):
        before = self.views()
        self.visit()
        # The two counters' UPDATEs (total, today's) in a savepoint, nothing else.
        with self.assertNumQueries(4):
            self.visit(address="192.0.2.11")
        self.assertEqual(self.views(), before + 2)

    def test_head_bots_and_previews_do_not_count(self):
        before = self.views()
        self.visit(method="head")
        for bot in (
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "facebookexternalhit/1.1",
            "Mozilla/5.0 (compatible; Yahoo! Slurp)",
            "TelegramBot (like TwitterBot)",
            "curl/8.5.0",
            "",
        ):
            self.visit(user_agent=bot)
        from django.contrib.auth.models import Permission, User

        editor = User.objects.create_user("ed", is_staff=True)
        # Preview needs the article's view permission.
        editor.user_permissions.add(Permission.objects.get(codename="view_article"))
        self.client.force_login(editor)
        self.visit(url=f"/fa/news/preview/{self.article.pk}/")
        self.assertEqual(self.views(), before)

    def test_drafts_scheduled_and_missing_are_404(self):
        for article in (self.draft, self.scheduled):
            self.assertEqual(self.get(article).status_code, 404)
        self.assertEqual(self.client.get("/fa/news/999999/x/").status_code, 404)

    def test_persian_article_under_english_prefix_says_not_available(self):
        response = self.client.get(f"/en/news/{self.article.news_code}/{self.article.slug}/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "not yet available")
        self.assertContains(response, '<meta name="robots" content="noindex">')
        self.assertContains(
            response, f'<span lang="fa" dir="rtl">{self.article.title}</span>', html=True
        )
        self.assertContains(response, "20 November 2026")  # the date, in English
        self.assertContains(response, 'href="/en/news/service/urban-management/"')
        self.assertContains(response, "Urban management")
        self.assertContains(
            response,
            f'<a href="{self.article.get_absolute_url()}" hreflang="fa">Read it in Persian</a>',
            html=True,
        )
        # Nothing invented: no English title, lead or body stands in for the Persian.
        self.assertNotContains(response, self.article.lead)

    def test_paired_translation_is_linked_and_redirected_to(self):
        services.article_pair(article=self.article, other=self.english)
        response = self.client.get(f"/en/news/{self.article.news_code}/{self.article.slug}/")
        self.assertEqual(response.status_code, 301)
        self.assertEqual(response["Location"], self.english.get_absolute_url())
        html = self.get().content.decode()
        self.assertIn(f'href="{self.english.get_absolute_url()}" hreflang="en"', html)

    def test_detail_query_count_is_fixed(self):
        with CaptureQueriesContext(connection) as first:
            self.get()
        services.article_update(article=self.article, tags=[TagFactory(), TagFactory()])
        ArticleFactory.create_batch(3, desk=self.desk)
        with self.assertNumQueries(len(first)):
            self.get()

    def test_draft_preview_is_for_staff_only(self):
        url = f"/fa/news/preview/{self.draft.pk}/"
        self.assertEqual(self.client.get(url).status_code, 302)
        self.client.force_login(StaffFactory(permissions=["articles.view_article"]))
        response = self.client.get(url)
        self.assertContains(response, "پیش‌نویس محرمانه")
        self.assertContains(response, 'name="robots" content="noindex"')


class FeedAndSitemapTests(PagesTestData, TestCase):
    def test_rss_and_atom_per_language(self):
        rss = self.client.get("/fa/news/rss/").content.decode()
        self.assertIn("<language>fa</language>", rss)
        self.assertIn("شهرداری تهران در نمایشگاه", rss)
        self.assertNotIn("Tehran fair opens", rss)
        atom = self.client.get("/en/news/atom/").content.decode()
        self.assertIn('xmlns="http://www.w3.org/2005/Atom"', atom)
        self.assertIn("Tehran fair opens", atom)

    def test_feeds_per_service(self):
        other = ArticleFactory(title="خبر سرویس دیگر", desk=DeskFactory(slug="tech"))
        rss = self.client.get("/fa/news/service/urban-management/rss/").content.decode()
        self.assertIn("شهرداری تهران در نمایشگاه", rss)
        self.assertNotIn(other.title, rss)
        self.assertEqual(self.client.get("/fa/news/service/nope/atom/").status_code, 404)

    def test_feeds_carry_plain_text_as_text(self):
        lead = "<img src=x onerror=alert(1)> & more"
        title = "Title <b>not bold</b>"
        ArticleFactory(language="en", title=title, lead=lead)
        atom = ElementTree.fromstring(self.client.get("/en/news/atom/").content)
        ns = {"a": "http://www.w3.org/2005/Atom"}
        entry = next(
            e for e in atom.iterfind("a:entry", ns) if e.findtext("a:title", namespaces=ns) == title
        )
        summary = entry.find("a:summary", ns)
        self.assertEqual((summary.get("type"), summary.text), ("text", lead))
        self.assertEqual(entry.find("a:title", ns).get("type", "text"), "text")
        rss = ElementTree.fromstring(self.client.get("/en/news/rss/").content)
        item = next(i for i in rss.iter("item") if i.findtext("title") == title)
        # A reader decodes <description> as HTML: what it gets is the lead's text, no tag.
        description = item.findtext("description")
        self.assertNotIn("<", description)
        self.assertEqual(html.unescape(description), lead)

    def test_sitemap_covers_both_languages(self):
        xml = unquote(self.client.get("/sitemap.xml").content.decode())
        self.assertIn(f"/fa/news/{self.article.news_code}/{self.article.slug}/", xml)
        self.assertIn(f"/en/news/{self.english.news_code}/", xml)
        self.assertIn('hreflang="en" href="http://testserver/en/news/"', xml)
        self.assertNotIn(self.draft.slug, xml)


class SearchPageTests(PagesTestData, TestCase):
    def test_results_with_count_and_highlighted_snippets(self):
        response = self.client.get("/fa/search/", {"q": "شهرداري"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["object_list"]), [self.article])
        self.assertContains(response, "<mark>شهرداری</mark>")
        self.assertContains(response, 'class="result-count"')

    def test_filters(self):
        response = self.client.get(
            "/fa/search/",
            {
                "q": "نمایشگاه",
                "service": "urban-management",
                "date_from": "2026-11-20",
                "date_to": "2026-11-20",
            },
        )
        self.assertEqual(list(response.context["object_list"]), [self.article])
        # The chosen desk stays chosen in the form, so the visitor sees the filter applied.
        self.assertContains(response, '<option value="urban-management" selected>')

    def stopped(self, *args, **kwargs):
        """What PostgreSQL's time limit does to a search (tests/articles/search/
        test_postgres.py)."""
        raise search.SearchTooSlow from OperationalError("canceling statement due to timeout")

    def test_a_search_the_database_stops_for_a_phrase_gets_a_message(self):
        # A phrase of very common words: the page asks for a rarer word, in its design.
        with mock.patch.object(search.base.SearchBackend, "search", self.stopped):
            for language, words in (("fa", "واژه‌ای کم‌کاربردتر"), ("en", "less common word")):
                with self.subTest(language=language):
                    response = self.client.get(f"/{language}/search/", {"q": '"از شهر به"'})
                    self.assertEqual(response.status_code, 400)
                    self.assertContains(response, words, status_code=400)
                    self.assertContains(response, 'role="alert"', status_code=400)
                    self.assertNotContains(response, 'class="result-count"', status_code=400)

    def test_a_count_the_database_stops_leaves_out_only_its_line(self):
        # The other edition's count and the spelling suggestion are extras: when the
        # time limit stops one, the results still show, without that line.
        with mock.patch.object(search.base.SearchBackend, "count", self.stopped):
            found = self.client.get("/fa/search/", {"q": "شهرداري"})
        with mock.patch.object(views, "did_you_mean", self.stopped):
            nothing = self.client.get("/fa/search/", {"q": "تهرن"})
        self.assertEqual(found.status_code, 200)
        self.assertEqual(list(found.context["object_list"]), [self.article])
        self.assertIsNone(found.context["other_edition"])
        self.assertEqual(nothing.status_code, 200)
        self.assertIsNone(nothing.context["suggestion"])

    def test_a_search_the_database_stops_otherwise_gets_the_unavailable_page(self):
        # Words alone are looked up in the index: the database is slow or busy.
        with mock.patch.object(search.base.SearchBackend, "search", self.stopped):
            response = self.client.get("/en/search/", {"q": "Tehran"})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, 'class="error-page"', status_code=503)

    def test_empty_and_wordless_queries_get_a_message(self):
        self.assertContains(self.client.get("/fa/search/", {"q": ""}), 'role="status"')
        response = self.client.get("/fa/search/", {"q": "!!! «»"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["object_list"]), [])

    def test_hostile_queries_get_400_with_a_message_never_500(self):
        for params in [
            {"q": "\x00"},
            {"q": "x" * 10_000},
            {"q": "a", "date_from": "nope"},
            {"q": "a", "service": "nope"},
            {"q": "a", "date_from": "2026-02-01", "date_to": "2026-01-01"},
        ]:
            with self.subTest(params={k: v[:10] for k, v in params.items()}):
                response = self.client.get("/fa/search/", params)
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, 'role="alert"', status_code=400)

    def test_messages_on_persian_pages_write_numbers_in_persian_digits(self):
        response = self.client.get("/fa/search/", {"q": "x" * 300})
        self.assertEqual(response.status_code, 400)
        alert = re.search(r'role="alert".*?</div>', response.content.decode(), re.S)[0]
        self.assertIn("۲۰۰", alert)
        self.assertNotRegex(alert, "[0-9]")

    def test_dates_typed_in_persian_digits_filter_like_latin_ones(self):
        params = {"q": "نمایشگاه", "date_from": "۲۰۲۶-۱۱-۲۰", "date_to": "۲۰۲۶-۱۱-۲۰"}
        response = self.client.get("/fa/search/", params)
        self.assertEqual(list(response.context["object_list"]), [self.article])

    def test_dates_the_picker_offers_but_no_day_can_hold_get_a_message(self):
        for params in [
            {"date_from": "0001-01-01"},
            {"date_to": "9999-12-31"},
            {"date_from": "0001-01-01", "date_to": "9999-12-31"},
        ]:
            with self.subTest(params=params):
                response = self.client.get("/en/search/", {"q": "Tehran", **params})
                self.assertContains(response, "1900", status_code=400)
                # On Persian pages the same days, written in Jalali and Persian digits.
                response = self.client.get("/fa/search/", {"q": "شهرداری", **params})
                self.assertContains(response, "۱۲۷۸/۱۰/۱۱", status_code=400)
        response = self.client.get(
            "/en/search/", {"q": "Tehran", "date_from": "1900-01-01", "date_to": "2100-12-31"}
        )
        self.assertEqual(list(response.context["object_list"]), [self.english])
        self.assertContains(response, 'min="1900-01-01"')

    def test_jalali_dates_in_any_digits_filter_persian_pages(self):
        # 20 November 2026 is 29 Aban 1405.
        for day in ["1405/08/29", "۱۴۰۵-۰۸-۲۹", "١٤٠٥/٨/٢٩", " 1405/8/29 "]:
            with self.subTest(day=day):
                response = self.client.get(
                    "/fa/search/", {"q": "شهرداری", "date_from": day, "date_to": day}
                )
                self.assertEqual(list(response.context["object_list"]), [self.article])
        response = self.client.get("/fa/search/", {"q": "شهرداری", "date_from": "1405/08/30"})
        self.assertEqual(list(response.context["object_list"]), [])
        # The form shows the typed day back in Persian digits.
        self.assertContains(response, 'value="۱۴۰۵/۰۸/۳۰"')

    def test_bad_jalali_dates_get_a_message_in_persian_digits(self):
        for day, message in [
            ("1405/13/01", "تاریخ خورشیدی"),
            ("1404/12/30", "تاریخ خورشیدی"),
            ("29 Aban", "۱۴۰۵/۰۹/۰۱"),
            ("1405/08", "۱۴۰۵/۰۹/۰۱"),
        ]:
            with self.subTest(day=day):
                response = self.client.get("/fa/search/", {"q": "شهرداری", "date_to": day})
                self.assertEqual(response.status_code, 400)
                alert = re.search(r'role="alert".*?</div>', response.content.decode(), re.S)[0]
                self.assertIn(message, alert)
                self.assertNotRegex(alert, "[0-9]")

    def test_persian_date_inputs_are_typed_or_picked_and_english_ones_gregorian(self):
        response = self.client.get("/fa/search/")
        html = response.content.decode()
        date_input = re.search(r'<input[^>]*name="date_from"[^>]*>', html)[0]
        self.assertIn('type="text"', date_input)
        self.assertIn('inputmode="numeric"', date_input)
        self.assertIn("data-jalali-picker", date_input)
        pattern = re.search(r'pattern="([^"]*)"', date_input)[1]
        self.assertTrue(re.fullmatch(pattern, "۱۴۰۵/۰۹/۰۱"))
        self.assertIn("js/jalali-datepicker.js", html)
        self.assertNotIn("<script>", html)  # the page's scripts are files (CSP)
        html = self.client.get("/en/search/").content.decode()
        self.assertRegex(html, r'<input type="date" name="date_from"')
        self.assertNotIn("jalali-datepicker", html)

    def test_sort_by_relevance_or_date_kept_in_the_url(self):
        service, now = DeskFactory(), timezone.now()
        newer = ArticleFactory(
            title="نمایشگاه",
            body="متن.",
            desk=service,
            published_at=now - timezone.timedelta(minutes=5),
        )
        older = ArticleFactory(
            title="نمایشگاه نمایشگاه نمایشگاه",
            body="نمایشگاه نمایشگاه.",
            desk=service,
            published_at=now - timezone.timedelta(days=30),
        )
        ArticleFactory(
            title="نمایشگاه سوم",
            body="متن دیگر.",
            desk=service,
            published_at=now - timezone.timedelta(days=3),
        )
        q = {"q": "نمایشگاه", "service": service.slug}
        relevance = self.client.get("/fa/search/", q).context["object_list"]
        self.assertEqual(relevance[0], older)
        with mock.patch.object(views.ArticleSearchView, "paginate_by", 1):
            response = self.client.get("/fa/search/", {**q, "sort": "date"})
        self.assertEqual(list(response.context["object_list"]), [newer])
        self.assertContains(response, '<option value="date" selected>')
        self.assertContains(response, "sort=date&amp;page=2")
        response = self.client.get("/fa/search/", {**q, "sort": "newest"})
        self.assertContains(response, 'role="alert"', status_code=400)

    def test_each_edition_points_to_the_others_results(self):
        response = self.client.get("/en/search/", {"q": "تهران"})
        self.assertEqual(list(response.context["object_list"]), [])
        self.assertContains(response, "Also in the Persian edition: 1 result")
        self.assertContains(response, 'href="/fa/search/?q=%D8%AA%D9%87%D8%B1%D8%A7%D9%86"')
        response = self.client.get("/fa/search/", {"q": "Tehran"})
        self.assertContains(response, "در نسخهٔ انگلیسی هم ۱ نتیجه")
        self.assertContains(response, 'href="/en/search/?q=Tehran"')
        response = self.client.get("/fa/search/", {"q": "شهرداری"})
        self.assertNotContains(response, 'class="other-edition"')

    def test_found_in_neither_edition_the_other_editions_news_are_listed(self):
        # A visiting mayor searches English before there is English news about it.
        response = self.client.get("/en/search/", {"q": "Tehran museum"})
        self.assertEqual(list(response.context["object_list"]), [])
        self.assertNotContains(response, 'class="other-edition"')
        self.assertContains(response, "From the Persian edition")
        self.assertIn(self.article, response.context["other_edition_news"])
        self.assertLessEqual(len(response.context["other_edition_news"]), views.NOTHING_FOUND_NEWS)
        # Found somewhere: no such list.
        response = self.client.get("/en/search/", {"q": "تهران"})
        self.assertNotIn("other_edition_news", response.context)

    def test_english_stop_words_need_not_match(self):
        response = self.client.get("/en/search/", {"q": "the mayors of Tehran"})
        self.assertEqual(list(response.context["object_list"]), [self.english])
        self.assertContains(response, "<mark>Mayors</mark>")

    def test_did_you_mean_offers_a_near_word_that_finds_something(self):
        response = self.client.get("/fa/search/", {"q": "شهرداری تهرن", "sort": "date"})
        self.assertEqual(list(response.context["object_list"]), [])
        link = re.search(r'class="did-you-mean">.*?href="([^"]*)"', response.content.decode())
        self.assertIsNotNone(link)
        self.assertIn("sort=date", link[1])
        followed = self.client.get("/fa/search/" + link[1].replace("&amp;", "&"))
        self.assertEqual(list(followed.context["object_list"]), [self.article])
        response = self.client.get("/en/search/", {"q": "tehrn"})
        self.assertContains(response, 'class="did-you-mean"')
        self.assertContains(response, "“<bdi>Tehran</bdi>”")  # English quotation marks
        for params in [{"q": "شهرداری"}, {"q": "zzzzqqq"}]:
            with self.subTest(params=params):
                self.assertNotContains(self.client.get("/fa/search/", params), "did-you-mean")

    def test_a_quoted_query_is_shown_inside_the_pages_quotes_once(self):
        response = self.client.get("/fa/search/", {"q": '"شهرداری تهران"'})
        self.assertContains(response, "۱ نتیجه برای «<bdi>شهرداری تهران</bdi>»")
        response = self.client.get("/fa/search/", {"q": "«شهرداری تهران»"})
        self.assertContains(response, "«<bdi>شهرداری تهران</bdi>»")
        self.assertNotContains(response, "««")

    def test_the_query_is_quoted_in_the_pages_own_quotation_marks(self):
        for lang, q, shown in (
            ("fa", "شهرداری تهران", "۱ نتیجه برای «<bdi>شهرداری تهران</bdi>»"),
            ("en", "fair opens", "1 result for “<bdi>fair opens</bdi>”"),
        ):
            with self.subTest(lang=lang):
                self.assertContains(self.client.get(f"/{lang}/search/", {"q": q}), shown)

    def test_bidi_controls_are_harmless(self):
        response = self.client.get("/fa/search/", {"q": "\u202eشهرداری\u2066"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["object_list"]), [self.article])

    def test_search_query_count_is_fixed(self):
        with CaptureQueriesContext(connection) as first:
            self.client.get("/fa/search/", {"q": "خبر"})
        ArticleFactory.create_batch(4, desk=DeskFactory())
        with self.assertNumQueries(len(first)):
            self.client.get("/fa/search/", {"q": "خبر"})


class NoHazmOnPublicPagesTests(TestCase):
    def test_public_page_modules_do_not_import_hazm(self):
        # A fresh interpreter renders list, detail and search pages from a file database
        # it creates itself, then reports whether hazm got imported.
        code = """
import django, sys, os
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from articles.models import Article
from django.test import Client
from django.utils import timezone
# Rows written straight to the table (no save(), which would normalize with hazm).
Article.objects.bulk_create([Article(
    news_code=1, title="شهرداری", slug="s", body="<p>شهرداری تهران</p>",
    search_document="شهرداری تهران", status="published", published_at=timezone.now())])
assert "hazm" not in sys.modules, "hazm imported during setup"
client = Client()
codes = [client.get(u).status_code for u in
         ("/fa/news/", "/fa/news/1/s/", "/fa/search/?q=شهرداري", "/fa/news/rss/")]
print(codes, "hazm" in sys.modules)
"""
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "exhibition.settings.test",
            "DATABASE_URL": "sqlite://:memory:",
            "ALLOWED_HOSTS": "testserver",
        }
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        )
        self.assertEqual(result.stdout.strip(), "[200, 200, 200, 200] False", result.stderr)


class MostViewedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.articles = [ArticleFactory(title=f"خبر {i}") for i in range(4)]

    def views(self, article, count):
        for _ in range(count):
            services.article_record_view(article=article)

    def listed(self):
        return list(self.client.get("/fa/news/most-viewed/").context["object_list"])

    def test_the_most_viewed_few_in_their_current_order(self):
        a, b, c, d = self.articles
        for article, count in ((a, 3), (b, 2), (c, 1)):
            self.views(article, count)
        with mock.patch.object(views, "MOST_VIEWED_COUNT", 3):
            self.assertEqual(self.listed(), [a, b, c])
            self.views(c, 5)  # the order is read live
            self.assertEqual(self.listed(), [c, a, b])
            self.views(d, 20)
            services.article_unpublish(article=a)  # a change starts the list afresh
            self.assertEqual(self.listed(), [d, c, b])

    def test_periods_list_the_views_of_their_days(self):
        a, b, c, _d = self.articles
        views = {date(2026, 11, 20): {a: 9}, date(2026, 12, 1): {b: 4}, date(2026, 12, 5): {c: 2}}
        for day, counts in views.items():
            with mock.patch("django.utils.timezone.localdate", return_value=day):
                for article, count in counts.items():
                    self.views(article, count)

        def listed(query):
            with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 5)):
                response = self.client.get(f"/fa/news/most-viewed/{query}")
            self.assertEqual(response.status_code, 200)
            return [(x, x.period_views) for x in response.context["object_list"]]

        self.assertEqual(listed("?period=day"), [(c, 2)])
        with mock.patch("django.utils.timezone.localdate", return_value=date(2026, 12, 9)):
            self.assertContains(
                self.client.get("/fa/news/most-viewed/?period=day"),
                "در این بازه هنوز خبری خوانده نشده است.",
            )
        self.assertEqual(listed("?period=week"), [(b, 4), (c, 2)])
        self.assertEqual(listed("?period=month"), [(a, 9), (b, 4), (c, 2)])
        self.assertEqual(listed("?period=all")[:3], [(a, 9), (b, 4), (c, 2)])
        # No period, or one that is not offered, is the week (never a 500).
        for query in ("", "?period=year", "?period=", "?period=DAY", "?period=day%20"):
            self.assertEqual(listed(query), [(b, 4), (c, 2)], query)

    def test_the_period_pills_and_counts_in_the_pages_digits(self):
        a = self.articles[0]
        self.views(a, 12)
        html = self.client.get("/fa/news/most-viewed/?period=month").content.decode()
        self.assertIn('<a href="?period=month" aria-current="page">۳۰ روز اخیر</a>', html)
        self.assertIn('<a href="?period=day">امروز</a>', html)
        self.assertIn('<a href="?period=all">همهٔ زمان‌ها</a>', html)
        self.assertIn("۱۲ بازدید", html)
        english = ArticleFactory(language="en", title="Fair opens", body="The fair.")
        self.views(english, 1)
        html = self.client.get("/en/news/most-viewed/?period=nonsense").content.decode()
        self.assertIn('<a href="?period=week" aria-current="page">Last 7 days</a>', html)
        self.assertIn("1 view<", html)
        self.views(english, 1233)
        self.assertIn("1234 views<", self.client.get("/en/news/most-viewed/").content.decode())

    def test_pages_of_a_period_keep_it(self):
        for article in ArticleFactory.create_batch(PAGE_SIZE + 1):
            self.views(article, 1)
        html = self.client.get("/fa/news/most-viewed/?period=day").content.decode()
        self.assertIn('href="?period=day&amp;page=2"', html)
