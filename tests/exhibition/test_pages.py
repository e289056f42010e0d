import os
import re
import subprocess
import sys

from django.conf import settings
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test import Client, TestCase, override_settings
from django.utils import timezone


class LanguageRoutingTests(TestCase):
    def test_root_redirects_to_persian_by_default(self):
        response = self.client.get("/")
        self.assertRedirects(response, "/fa/", fetch_redirect_response=False)

    def test_root_redirects_to_english_for_english_browsers(self):
        response = self.client.get("/", headers={"accept-language": "en-GB,en;q=0.9"})
        self.assertRedirects(response, "/en/", fetch_redirect_response=False)

    def test_root_redirects_to_persian_for_unsupported_languages(self):
        response = self.client.get("/", headers={"accept-language": "de-DE,de;q=0.9"})
        self.assertRedirects(response, "/fa/", fetch_redirect_response=False)

    def test_persian_home_is_right_to_left(self):
        response = self.client.get("/fa/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="fa" dir="rtl">')

    def test_english_home_is_left_to_right(self):
        response = self.client.get("/en/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, '<html lang="en" dir="ltr">')

    def test_home_has_skip_link_and_single_main(self):
        html = self.client.get("/en/").content.decode()
        self.assertIn('href="#main"', html)
        self.assertEqual(len(re.findall(r"<main\b", html)), 1)

    def test_language_switcher_keeps_the_page(self):
        html = self.client.get("/fa/").content.decode()
        self.assertRegex(html, r'<a href="/en/" hreflang="en" lang="en"\s*>English</a>')
        self.assertIn('hreflang="fa"', html)

    def test_language_switcher_keeps_query_string(self):
        html = self.client.get("/en/?page=2").content.decode()
        self.assertIn('href="/fa/?page=2"', html)


class NotFoundTests(TestCase):
    def test_persian_404_is_in_persian(self):
        response = self.client.get("/fa/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, 'dir="rtl"', status_code=404)
        self.assertContains(response, "صفحه یافت نشد", status_code=404)

    def test_english_404_is_in_english(self):
        response = self.client.get("/en/no-such-page/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "Page not found", status_code=404)
        self.assertContains(response, 'dir="ltr"', status_code=404)


class ForbiddenTests(TestCase):
    """A form sent without its CSRF token gets the site's own 403 page, in the
    visitor's language, saying what to do."""

    def post_login_without_token(self, language):
        client = Client(enforce_csrf_checks=True)
        with self.assertLogs("django.security.csrf", "WARNING"):
            return client.post(
                "/admin/login/",
                {"username": "someone", "password": "x"},
                headers={"accept-language": language},
            )

    def test_persian_csrf_failure(self):
        response = self.post_login_without_token("fa")
        self.assertEqual(response.status_code, 403)
        self.assertTemplateUsed(response, "includes/error_page.html")
        self.assertContains(response, '<html lang="fa" dir="rtl">', status_code=403)
        self.assertContains(response, "فرم فرستاده نشد", status_code=403)
        self.assertContains(response, "۴۰۳", status_code=403)

    def test_english_csrf_failure(self):
        response = self.post_login_without_token("en")
        self.assertEqual(response.status_code, 403)
        self.assertContains(response, '<html lang="en" dir="ltr">', status_code=403)
        self.assertContains(response, "The form could not be sent", status_code=403)
        self.assertContains(response, "reload the page and try again", status_code=403)
        self.assertNotContains(response, "CSRF verification failed", status_code=403)

    def test_staff_without_the_permission_gets_the_sites_403(self):
        clerk = User.objects.create_user("clerk", password="x", is_staff=True)
        self.client.force_login(clerk)
        response = self.client.get(
            "/admin/articles/article/add/", headers={"accept-language": "en"}
        )
        self.assertEqual(response.status_code, 403)
        self.assertTemplateUsed(response, "includes/error_page.html")
        self.assertContains(response, "does not have permission to see this page", status_code=403)


class HealthzTests(TestCase):
    def test_reports_database_ok(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json()["database"], "ok")

    def test_unreachable_database_gives_503(self):
        # A fresh process whose database is down: PostgreSQL on a port nothing
        # listens on (what a stopped server looks like), or an SQLite file that
        # cannot be opened.
        if connection.vendor == "postgresql":
            url = "postgres://postgres@127.0.0.1:1/exhibition"
        else:
            url = "sqlite:////nonexistent-dir/db.sqlite3"
        code = (
            "import django, json; django.setup();"
            "from django.test import Client; r = Client().get('/healthz');"
            "print(r.status_code, r.json()['database'])"
        )
        env = {
            **os.environ,
            "DATABASE_URL": url,
            "ALLOWED_HOSTS": "testserver",
            "DJANGO_SETTINGS_MODULE": "exhibition.settings.test",
        }
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        )
        self.assertEqual(result.stdout.split(), ["503", "unreachable"], result.stderr)


class RosettaAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = User.objects.create_user("citizen", password="pw-123456789")
        cls.staff = User.objects.create_user("staff", password="pw-123456789", is_staff=True)

    def assertRefused(self, response):
        urls = [url for url, _status in response.redirect_chain]
        self.assertTrue(urls, "not redirected")
        # Sent to the site's home, never to the admin's login: ADMIN_PATH may be private.
        self.assertFalse(any("/admin/" in url for url in urls), urls)
        self.assertFalse(response.request["PATH_INFO"].startswith("/rosetta/"))

    def test_anonymous_is_sent_away_without_learning_the_admin_address(self):
        self.assertRefused(self.client.get("/rosetta/", follow=True))

    def test_non_staff_user_is_refused(self):
        self.client.force_login(self.user)
        self.assertRefused(self.client.get("/rosetta/", follow=True))

    def test_staff_outside_translators_group_is_refused(self):
        self.client.force_login(self.staff)
        self.assertRefused(self.client.get("/rosetta/", follow=True))

    def test_staff_in_translators_group_reaches_rosetta(self):
        group, _ = Group.objects.get_or_create(name="translators")
        self.staff.groups.add(group)
        self.client.force_login(self.staff)
        response = self.client.get("/rosetta/", follow=True)
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("/admin/login/", response.redirect_chain[-1][0])

    def test_superuser_reaches_rosetta(self):
        admin = User.objects.create_superuser("root", password="pw-123456789")
        self.client.force_login(admin)
        response = self.client.get("/rosetta/files/project/", follow=True)
        self.assertEqual(response.status_code, 200)


class NulInAddressTests(TestCase):
    """PostgreSQL text cannot hold NUL: every page refuses it with a clear page, not a 500."""

    def test_nul_in_path_is_404_everywhere(self):
        for path in ["/fa/news/service/%00/", "/en/news/tag/%00/", "/fa/exhibitors/%00/"]:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)

    def test_nul_in_query_is_a_localised_400(self):
        response = self.client.get("/fa/floor-plan/", {"exhibitor": "\x00"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'role="alert"', status_code=400)
        self.assertContains(response, 'dir="rtl"', status_code=400)
        response = self.client.get("/en/exhibitors/", {"kind": "a\x00b"})
        self.assertContains(response, "cannot be used", status_code=400)

    def test_nul_in_admin_filters_is_400(self):
        admin = User.objects.create_superuser("root", password="pw-123456789")
        self.client.force_login(admin)
        response = self.client.get("/admin/booths/exhibitor/", {"kind__exact": "\x00"})
        self.assertEqual(response.status_code, 400)


class HomePageContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        from django.core.management import call_command

        call_command("seed", verbosity=0)

    def test_persian_home_shows_latest_news_and_featured_exhibitors(self):
        from articles.models import Article
        from booths.models import Exhibitor

        response = self.client.get("/fa/")
        article = Article.objects.published().in_language("fa").first()
        self.assertContains(response, f'href="{article.get_absolute_url()}"')
        self.assertContains(response, "تازه‌ترین اخبار")
        # Items sit under the section's <h2>, so their own headings are one level down.
        self.assertContains(response, '<h3 class="news-item__title">')
        self.assertContains(response, '<h3 class="exhibitor-card__name">')
        featured = Exhibitor.objects.filter(featured=True)
        self.assertTrue(featured)
        for exhibitor in featured:
            self.assertContains(response, exhibitor.name_fa)

    @override_settings(PAGE_CACHE_TTL=0)  # the view's own queries, uncached
    def test_home_keeps_a_fixed_number_of_queries(self):
        # The seed has one news item, so both editions also ask for the other
        # edition's untranslated news; and one query tells whether the exhibition is on
        # (the seeded programme is not, today: no "now / next").
        for url in ("/en/", "/fa/"):
            with self.subTest(url=url), self.assertNumQueries(5):
                self.client.get(url)

    def test_english_home_shows_untranslated_persian_news_marked_as_persian(self):
        from articles import services
        from articles.models import Article
        from tests.articles.factories import ArticleFactory

        article = Article.objects.published().in_language("fa").first()
        response = self.client.get("/en/")
        self.assertContains(response, "From the Persian edition")
        self.assertContains(
            response,
            f'<h3 class="news-item__title" lang="fa" dir="rtl"><a href="/fa/news/'
            f"{article.news_code}/",
        )
        self.assertNotContains(self.client.get("/fa/"), 'id="other-edition-title"')

        # A translation still in draft leaves the Persian story listed.
        english = ArticleFactory(
            title="Sister cities meet in Tehran", language="en", status="draft", published_at=None
        )
        services.article_pair(article=english, other=article)
        self.assertContains(self.client.get("/en/"), f"/fa/news/{article.news_code}/")
        english.status, english.published_at = "published", timezone.now()
        english.save()
        response = self.client.get("/en/")
        self.assertContains(response, '<h3 class="news-item__title"><a href="/en/news/')
        self.assertNotContains(response, f"/fa/news/{article.news_code}/")

    def test_english_home_without_english_news_points_to_the_persian_edition(self):
        # The seed has no English news (its one story cannot honestly be put into
        # English from what the sources say): the news section says so and links the
        # Persian edition's news.
        response = self.client.get("/en/")
        self.assertContains(
            response,
            '<a class="section-header__more" href="/fa/news/" hreflang="fa">'
            "All news in the Persian edition</a>",
            html=True,
        )
        self.assertContains(
            response,
            "There is no news in English yet: these reports from the Persian edition open "
            "in Persian.",
        )
        self.assertContains(self.client.get("/en/news/"), 'href="/fa/news/" hreflang="fa"')

    def test_empty_english_news_list_offers_the_persian_edition(self):
        response = self.client.get("/en/news/")
        self.assertContains(response, "No news yet.")
        self.assertContains(response, "Not translated yet: these reports open in Persian.")
        self.assertContains(response, 'lang="fa" dir="rtl"')
        self.assertNotContains(self.client.get("/fa/news/"), 'id="other-edition-title"')
