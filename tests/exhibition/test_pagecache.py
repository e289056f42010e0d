import gzip
import time
from datetime import timedelta
from unittest import mock
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.http import parse_http_date

from articles import services
from articles.models import Status
from booths.models import Exhibitor
from booths.services import exhibitor_update
from exhibition import catalogs
from tests.articles.factories import ArticleFactory
from tests.booths.factories import AchievementFactory, ExhibitorFactory, StandFactory

BROWSER = "Mozilla/5.0 (X11; Linux x86_64; rv:130.0) Gecko/20100101 Firefox/130.0"


class PageCacheTestData:
    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory(title="نخستین خبر نمایشگاه")
        cls.company = ExhibitorFactory(name_fa="شرکت شهر هوشمند", name_en="Smart City Co")
        cls.achievement = AchievementFactory(title_fa="پل عابر پیاده", title_en="Footbridge")
        cls.district = cls.achievement.exhibitor
        cls.stand = StandFactory(exhibitor=cls.district)
        cls.staff = User.objects.create_user("editor", is_staff=True)

    def cached(self, url, **headers):
        """Two anonymous requests; the second must not touch the database."""
        first = self.client.get(url, **headers)
        self.assertEqual(first.status_code, 200, url)
        with self.assertNumQueries(0):
            second = self.client.get(url, **headers)
        self.assertEqual(second.content, first.content)
        return second


class ServedFromCacheTests(PageCacheTestData, TestCase):
    def test_public_pages_are_answered_without_the_database(self):
        for url in [
            "/fa/",
            "/en/",
            "/fa/news/",
            "/fa/news/archive/",
            "/fa/news/rss/",
            "/en/news/atom/",
            self.article.get_absolute_url(),
            "/fa/exhibitors/",
            "/fa/districts/",
            self.company.get_absolute_url(),
            self.district.get_absolute_url(),
            "/fa/floor-plan/",
            "/en/sister-cities/",
            "/fa/search/?q=نمایشگاه",
            "/sitemap.xml",
        ]:
            with self.subTest(url=url):
                response = self.cached(url)
                self.assertIn("public", response["Cache-Control"])
                self.assertIn("Cookie", response["Vary"])

    def test_cache_control_lets_browsers_and_proxies_reuse_a_page_briefly(self):
        response = self.client.get("/fa/news/")
        self.assertEqual(response["Cache-Control"], "public, max-age=60")
        self.assertIn("Last-Modified", response)
        self.assertIn("Cookie", response["Vary"])
        # Search results are kept less long here, but a browser may reuse them as long.
        search = self.client.get("/fa/search/?q=نمایشگاه")
        self.assertEqual(search["Cache-Control"], "public, max-age=60")

    def test_a_search_on_the_floor_plan_is_kept_as_briefly_as_search_results(self):
        searched = f"/fa/floor-plan/?q={self.district.name_fa}"
        self.cached(searched)
        self.cached("/fa/floor-plan/")
        later = time.time() + settings.PAGE_CACHE_SEARCH_TTL + 1
        with mock.patch("time.time", return_value=later):
            with CaptureQueriesContext(connection) as again:
                self.assertEqual(self.client.get(searched).status_code, 200)
            self.assertTrue(again.captured_queries, "a searched plan was kept too long")
            with self.assertNumQueries(0):  # the plain plan is kept its ordinary time
                self.client.get("/fa/floor-plan/")

    def test_each_address_language_and_query_is_its_own_page(self):
        fa = self.client.get("/fa/news/")
        en = self.client.get("/en/news/")
        self.assertNotEqual(fa.content, en.content)
        page = self.client.get("/fa/search/?q=نمایشگاه")
        other = self.client.get("/fa/search/?q=خبر")
        self.assertNotEqual(page.content, other.content)
        self.assertContains(self.client.get("/fa/news/?page=1"), self.article.title)

    def test_made_up_query_parameters_are_served_but_not_kept(self):
        # A new parameter per request would fill the shared cache with copies of a page.
        for url in ("/fa/news/?x=1", "/fa/news/?page=1&utm=2", "/fa/search/?q=" + quote("ن" * 90)):
            with self.subTest(url=url[:30]):
                self.assertEqual(self.client.get(url).status_code, 200)
                with CaptureQueriesContext(connection) as again:
                    response = self.client.get(url)
                self.assertEqual(response.status_code, 200)
                self.assertTrue(again.captured_queries, "served from the cache")
                self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_errors_redirects_and_bad_input_are_not_kept(self):
        for url, status in [
            ("/fa/news/999999/x/", 404),
            ("/fa/search/?date_from=1405-13-40", 400),
            (f"/fa/news/{self.article.news_code}/", 301),
        ]:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, status)
                response = self.client.get(url)
                self.assertEqual(response.status_code, status)
                self.assertNotIn("public", response.get("Cache-Control", ""))

    def test_pages_not_marked_public_are_not_kept(self):
        # The most viewed list is read live (its order changes with every view).
        self.client.get("/fa/news/most-viewed/")
        self.assertIsNotNone(self.client.get("/fa/news/most-viewed/").context)
        self.assertEqual(self.client.get("/healthz").status_code, 200)
        self.assertNotIn("public", self.client.get("/healthz")["Cache-Control"])

    def test_head_is_answered_from_the_page_a_get_stored(self):
        self.client.get("/fa/news/")
        with self.assertNumQueries(0):
            response = self.client.head("/fa/news/")
        self.assertEqual(response.status_code, 200)


class StaffTests(PageCacheTestData, TestCase):
    def test_staff_never_get_a_cached_page(self):
        self.client.get("/fa/news/")  # stored for anonymous visitors
        self.client.force_login(self.staff)
        response = self.client.get("/fa/news/")
        self.assertIsNotNone(response.context)  # rendered, not from the cache
        self.assertIn("no-store", response["Cache-Control"])
        self.assertIn("private", response["Cache-Control"])
        self.assertNotIn("public", response["Cache-Control"])

    def test_a_staff_members_page_is_never_stored(self):
        self.client.force_login(self.staff)
        self.client.get("/fa/news/")
        self.client.get(self.article.get_absolute_url())
        self.client.logout()
        self.assertIsNotNone(self.client.get("/fa/news/").context)
        self.assertIsNotNone(self.client.get(self.article.get_absolute_url()).context)

    def test_a_made_up_or_stale_session_cookie_gets_the_cached_page(self):
        self.client.get("/fa/news/")  # stored for anonymous visitors
        self.client.force_login(self.staff)
        stale = self.client.cookies[settings.SESSION_COOKIE_NAME].value
        self.client.logout()
        for cookie in ("made-up-session-key-0123456789", stale):
            with self.subTest(cookie=cookie):
                self.client.cookies[settings.SESSION_COOKIE_NAME] = cookie
                with self.assertNumQueries(1):  # the session, not the page
                    response = self.client.get("/fa/news/")
                self.assertIsNone(response.context)  # from the cache
                self.assertIn("public", response["Cache-Control"])

    def test_admin_is_never_public(self):
        self.client.force_login(self.staff)
        response = self.client.get("/admin/")
        self.assertIn("no-store", response["Cache-Control"])


class InvalidationTests(PageCacheTestData, TestCase):
    """A change shows on the very next anonymous request."""

    def test_an_article_edited_published_or_deleted(self):
        url = self.article.get_absolute_url()
        self.cached(url)
        self.cached("/fa/news/")
        services.article_update(article=self.article, title="عنوان تازه خبر")
        self.assertContains(self.client.get(url), "عنوان تازه خبر")
        self.assertContains(self.client.get("/fa/news/"), "عنوان تازه خبر")

        draft = ArticleFactory(title="خبر تازه منتشرشده", status=Status.DRAFT, published_at=None)
        self.cached("/fa/news/")
        services.article_publish(article=draft)
        self.assertContains(self.client.get("/fa/news/"), "خبر تازه منتشرشده")

        self.cached("/fa/news/")
        draft.delete()
        self.assertNotContains(self.client.get("/fa/news/"), "خبر تازه منتشرشده")
        services.article_unpublish(article=self.article)
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_scheduled_article_appears_at_its_time(self):
        at = timezone.now() + timedelta(hours=1)
        scheduled = ArticleFactory(title="خبر زمان‌بندی‌شده", published_at=at)
        self.assertNotContains(self.client.get("/fa/news/"), scheduled.title)
        self.cached("/fa/news/")
        later = at + timedelta(seconds=5)
        with (
            mock.patch("django.utils.timezone.now", return_value=later),
            mock.patch("time.time", return_value=later.timestamp()),
        ):
            self.assertContains(self.client.get("/fa/news/"), scheduled.title)
            self.assertContains(self.client.get(scheduled.get_absolute_url()), scheduled.title)

    def test_nobody_reuses_a_page_past_the_next_scheduled_time(self):
        ArticleFactory(published_at=timezone.now() + timedelta(seconds=30))
        max_age = int(self.client.get("/fa/news/")["Cache-Control"].rsplit("=", 1)[1])
        self.assertLessEqual(max_age, 31)

    def test_an_exhibitor_stand_or_achievement_edited(self):
        url = self.company.get_absolute_url()
        self.cached(url)
        self.cached("/fa/exhibitors/")
        exhibitor_update(exhibitor=self.company, name_fa="شرکت شهر هوشمندتر")
        self.assertContains(self.client.get(url), "شرکت شهر هوشمندتر")
        self.assertContains(self.client.get("/fa/exhibitors/"), "شرکت شهر هوشمندتر")

        district_url = self.district.get_absolute_url()
        self.cached(district_url)
        self.achievement.title_fa = "پل عابر پیاده هوشمند"
        self.achievement.save()
        self.assertContains(self.client.get(district_url), "پل عابر پیاده هوشمند")
        self.cached("/fa/floor-plan/")
        self.stand.delete()
        self.assertNotContains(self.client.get("/fa/floor-plan/"), f">{self.stand.code}<")
        self.cached(district_url)
        Exhibitor.objects.get(pk=self.company.pk).delete()
        self.assertEqual(self.client.get(url).status_code, 404)

    def test_a_translation_reloaded_after_a_rosetta_save(self):
        # The whole Rosetta round trip: tests/exhibition/test_catalogs.py.
        self.cached("/fa/")
        catalogs.reload_catalogs()
        self.assertIsNotNone(self.client.get("/fa/").context)

    def test_pages_of_another_release_are_not_served(self):
        self.cached("/fa/news/")
        with mock.patch("exhibition.pagecache.release", return_value="the-next-deploy"):
            self.assertIsNotNone(self.client.get("/fa/news/").context)

    def test_a_host_not_served_is_still_refused(self):
        self.cached("/fa/news/")
        self.assertEqual(self.client.get("/fa/news/", HTTP_HOST="evil.example").status_code, 400)

    def test_a_lost_generation_never_brings_back_old_pages(self):
        self.cached("/fa/news/")
        cache.delete("content:generation")  # evicted, or Redis restarted empty
        self.assertIsNotNone(self.client.get("/fa/news/").context)


class ConditionalGetTests(PageCacheTestData, TestCase):
    def test_an_unchanged_page_is_answered_304(self):
        for url in ["/fa/news/", self.article.get_absolute_url(), "/fa/exhibitors/"]:
            with self.subTest(url=url):
                etag = self.client.get(url)["ETag"]
                again = self.client.get(url, HTTP_IF_NONE_MATCH=etag)
                self.assertEqual(again.status_code, 304)
                self.assertEqual(again.content, b"")

    def test_a_feed_answers_if_modified_since(self):
        for url in ["/fa/news/rss/", "/en/news/atom/"]:
            with self.subTest(url=url):
                modified = self.client.get(url)["Last-Modified"]
                response = self.client.get(url, HTTP_IF_MODIFIED_SINCE=modified)
                self.assertEqual(response.status_code, 304)

    def test_a_change_makes_the_old_validators_fail(self):
        url = "/fa/news/rss/"
        first = self.client.get(url)
        time.sleep(1.01)  # Last-Modified counts whole seconds
        services.article_update(article=self.article, title="عنوان دیگر")
        response = self.client.get(
            url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"], HTTP_IF_NONE_MATCH=first["ETag"]
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "عنوان دیگر")
        self.assertGreater(
            parse_http_date(response["Last-Modified"]), parse_http_date(first["Last-Modified"])
        )


class CompressionTests(PageCacheTestData, TestCase):
    def test_public_pages_are_gzipped_for_browsers_that_ask(self):
        for _ in range(2):  # rendered, then from the cache
            response = self.client.get("/fa/news/", HTTP_ACCEPT_ENCODING="gzip, br")
            self.assertEqual(response["Content-Encoding"], "gzip")
            self.assertIn(self.article.title, gzip.decompress(response.content).decode())
            self.assertIn("Accept-Encoding", response["Vary"])

    def test_pages_with_a_csrf_token_are_not_compressed(self):
        # BREACH needs a secret in a compressed page; only public pages are compressed.
        response = self.client.get("/admin/login/", HTTP_ACCEPT_ENCODING="gzip")
        self.assertContains(response, "csrfmiddlewaretoken")
        self.assertNotIn("Content-Encoding", response)


class RedisPageCacheTests(PageCacheTestData, TestCase):
    """The same cache through a real Redis, which may go away."""

    @pytest.fixture(autouse=True)
    def _redis(self, throwaway_redis, redis_cache):
        self.redis = throwaway_redis

    def test_pages_are_kept_in_redis(self):
        self.cached("/fa/news/")
        self.cached(self.article.get_absolute_url(), HTTP_USER_AGENT=BROWSER)
        services.article_update(article=self.article, title="عنوان از ردیس")
        self.assertContains(self.client.get("/fa/news/"), "عنوان از ردیس")

    def test_the_site_keeps_serving_while_redis_is_down(self):
        self.cached("/fa/news/")
        self.redis.stop()
        with self.assertLogs("exhibition.cache", "ERROR") as logs:
            for url in ["/fa/news/", "/fa/news/", self.article.get_absolute_url(), "/fa/"]:
                with self.subTest(url=url):
                    response = self.client.get(url, HTTP_USER_AGENT=BROWSER)
                    self.assertEqual(response.status_code, 200)
                    self.assertIsNotNone(response.context)  # rendered afresh
                    self.assertNotIn("public", response.get("Cache-Control", ""))
        self.assertEqual(len(logs.records), 1)  # said once, not per call
        self.redis.start()
        with self.assertLogs("exhibition.cache", "WARNING"):
            self.client.get("/fa/news/")
        self.cached("/fa/news/")

    def test_a_change_saved_while_redis_was_unreachable_shows_when_it_is_back(self):
        self.cached("/fa/news/")
        generation = cache.get("content:generation")
        # Unreachable, not restarted: what Redis holds is still there when it answers.
        with (
            mock.patch("django.core.cache.backends.redis.RedisCache.set", side_effect=OSError),
            self.assertLogs("exhibition.cache", "ERROR"),
        ):
            services.article_update(article=self.article, title="عنوان هنگام قطعی")
        with self.assertLogs("exhibition.cache", "WARNING"):
            cache.get("anything")  # Redis answers again: the lost bump is made now
        self.assertNotEqual(cache.get("content:generation"), generation)
        self.assertContains(self.client.get("/fa/news/"), "عنوان هنگام قطعی")
