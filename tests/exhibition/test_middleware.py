import io
import logging
from unittest import mock

from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, connection
from django.test import TestCase, override_settings

from tests.articles.factories import ArticleFactory
from tests.booths.factories import DistrictFactory, ExhibitorFactory

ERROR_PAGE = 'class="error-page"'


class TooManyParametersTests(TestCase):
    def test_more_parameters_than_django_reads_is_the_sites_400(self):
        query = "&".join(f"p{i}=1" for i in range(1200))
        for path in ("/en/news/", "/en/", "/en/search/", "/en/news/archive/2026/"):
            with self.subTest(path=path):
                response = self.client.get(f"{path}?{query}")
                self.assertContains(response, ERROR_PAGE, status_code=400)
                self.assertContains(response, "too many parameters", status_code=400)

    def test_persian_page_says_it_in_persian(self):
        query = "&".join(f"p{i}=1" for i in range(1200))
        response = self.client.get(f"/fa/news/?{query}")
        self.assertContains(response, 'dir="rtl"', status_code=400)
        self.assertContains(response, "پارامتر", status_code=400)


class NulCookieTests(TestCase):
    """Cookies carrying NUL are ignored; on PostgreSQL the session lookup failed (500).
    The raw header is sent: the test client's cookie jar would quote the NUL away."""

    @classmethod
    def setUpTestData(cls):
        cls.staff = User.objects.create_superuser("admin", password="pw-123456789")
        cls.article = ArticleFactory()

    def get(self, path, cookie):
        return self.client.get(path, HTTP_COOKIE=cookie)

    def test_nul_session_cookie_is_no_session(self):
        for path in (
            "/admin/login/",
            "/rosetta/",
            "/fa/",
            "/en/news/",
            f"/fa/news/preview/{self.article.pk}/",
        ):
            with self.subTest(path=path):
                self.assertLess(self.get(path, "sessionid=abcdefgh\x00ijklmnop").status_code, 500)
        # No session: the admin asks to log in.
        self.assertRedirects(
            self.get("/admin/", "sessionid=abcdefgh\x00ijklmnop"),
            "/admin/login/?next=/admin/",
            fetch_redirect_response=False,
        )

    def test_login_works_with_a_nul_session_cookie(self):
        response = self.client.post(
            "/admin/login/?next=/admin/",
            {"username": "admin", "password": "pw-123456789"},
            HTTP_COOKIE="sessionid=abcdefgh\x00ijklmnop",
        )
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)

    def test_nul_csrf_and_language_cookies_are_ignored(self):
        self.assertEqual(
            self.get("/admin/login/", "csrftoken=abcdefgh\x00ijklmnop").status_code, 200
        )
        self.assertRedirects(
            self.get("/", "django_language=en\x00\x00"), "/fa/", fetch_redirect_response=False
        )

    def test_other_cookies_survive_a_nul_one(self):
        response = self.get("/", "django_language=en; junk=a\x00b")
        self.assertRedirects(response, "/en/", fetch_redirect_response=False)


@override_settings(PAGE_CACHE_TTL=0)  # the page cache's own queries are not the 503 page's
class DatabaseUnavailableTests(TestCase):
    """The real outage (a stopped PostgreSQL) is in test_outage.py; here the view's
    failure is simulated, to check the page itself needs no database."""

    def fail(self, exception):
        return mock.patch(
            "articles.views.NewsView.get_queryset", side_effect=exception("connection refused")
        )

    def test_connection_failure_is_a_branded_503_without_queries(self):
        for language, text in (("fa", "در دسترس نیست"), ("en", "Temporarily unavailable")):
            with self.subTest(language=language), self.fail(OperationalError):
                with self.assertNumQueries(0):
                    response = self.client.get(f"/{language}/news/")
                self.assertContains(response, ERROR_PAGE, status_code=503)
                self.assertContains(response, text, status_code=503)
                self.assertEqual(response["Retry-After"], "30")

    def test_a_failure_in_a_middleware_is_the_503_too(self):
        # Outside the view (a session read by a middleware) only the 500 handler sees it.
        self.client.raise_request_exception = False
        with mock.patch(
            "exhibition.catalogs.CatalogReloadMiddleware.__call__",
            side_effect=OperationalError("connection refused"),
            autospec=True,
        ):
            response = self.client.get("/en/news/")
        self.assertContains(response, ERROR_PAGE, status_code=503)
        self.assertEqual(response["Retry-After"], "30")

    def test_integrity_error_is_not_hidden_as_an_outage(self):
        self.client.raise_request_exception = False
        with self.fail(IntegrityError):
            self.assertEqual(self.client.get("/en/news/").status_code, 500)


class HealthzPartsTests(TestCase):
    def test_names_each_part(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.json(), {"status": "ok", "database": "ok", "cache": "ok"})

    @override_settings(
        CACHES={
            "default": {
                # What CACHE_URL=rediscache://… gives in production.
                "BACKEND": "exhibition.cache.ResilientRedisCache",
                "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            }
        }
    )
    def test_cache_down_is_degraded_but_serving(self):
        response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(), {"status": "degraded", "database": "ok", "cache": "unreachable"}
        )

    def test_database_down_is_503(self):
        with mock.patch.object(connection, "cursor", side_effect=OperationalError("refused")):
            response = self.client.get("/healthz")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["database"], "unreachable")
        self.assertEqual(response.json()["status"], "error")


CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "manifest-src": "'self'",  # the web app's manifest and service worker
    "worker-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'self'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
PERMISSIONS = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"


class SecurityHeadersTests(TestCase):
    """Every page the public and the staff reach carries the same protective headers."""

    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory()
        cls.exhibitor = ExhibitorFactory()
        cls.district = DistrictFactory(district=3)
        cls.staff = User.objects.create_superuser("boss", password="x")

    def assert_protected(self, path, status=200):
        response = self.client.get(path)
        self.assertEqual(response.status_code, status, path)
        headers = response.headers
        directives = dict(
            part.strip().split(" ", 1) for part in headers["Content-Security-Policy"].split(";")
        )
        self.assertEqual(directives, CSP, path)
        self.assertEqual(headers.get("Permissions-Policy"), PERMISSIONS, path)
        self.assertEqual(headers.get("Cross-Origin-Opener-Policy"), "same-origin", path)
        self.assertEqual(headers.get("X-Content-Type-Options"), "nosniff", path)
        self.assertEqual(headers.get("X-Frame-Options"), "DENY", path)
        self.assertEqual(headers.get("Referrer-Policy"), "same-origin", path)

    def test_public_pages(self):
        for lang in ("fa", "en"):
            for path in (
                "",
                "news/",
                "news/most-viewed/",
                "news/archive/",
                "search/?q=نمایشگاه",
                "exhibitors/",
                f"exhibitors/{self.exhibitor.slug}/",
                "districts/",
                "districts/3/",
                "floor-plan/",
                "sister-cities/",
                "news/rss/",
            ):
                with self.subTest(lang=lang, path=path):
                    self.assert_protected(f"/{lang}/{path}")
        self.assert_protected(self.article.get_absolute_url())
        self.assert_protected("/sitemap.xml")
        self.assert_protected("/healthz")

    def test_error_pages(self):
        self.assert_protected("/fa/no-such-page/", status=404)
        self.assert_protected("/en/search/?q=%00", status=400)

    def test_admin_and_rosetta(self):
        self.assert_protected("/admin/login/")
        self.client.force_login(self.staff)
        for path in (
            "/admin/",
            "/admin/articles/article/",
            "/admin/articles/article/add/",
            "/admin/booths/exhibitor/",
            "/rosetta/files/project/",
        ):
            with self.subTest(path=path):
                self.assert_protected(path)


@override_settings(
    HOST_PORT_MUST_MATCH=True,
    ALLOWED_HOSTS=["expo.example.ir", "localhost", ".example.org"],
    ALLOWED_HOSTS_EXACT=["expo.example.ir", "localhost:8443", ".example.org:8080"],
)
class ExactHostTests(TestCase):
    def get(self, host, secure=False):
        return self.client.get("/healthz", headers={"host": host}, secure=secure)

    def test_listed_names_without_a_port_are_served(self):
        self.assertEqual(self.get("expo.example.ir").status_code, 200)
        # A browser leaves the scheme's default port out, a few clients write it.
        self.assertEqual(self.get("expo.example.ir:80").status_code, 200)
        self.assertEqual(self.get("expo.example.ir:443", secure=True).status_code, 200)

    def test_a_port_no_entry_names_is_refused_with_the_sites_400_page(self):
        with self.assertLogs("django.security.DisallowedHost", "ERROR") as logs:
            response = self.client.get("/en/", headers={"host": "expo.example.ir:9999"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'class="error-page"', status_code=400)
        self.assertNotIn("9999", response.content.decode())
        self.assertIn("'expo.example.ir:9999'", logs.output[0])

    def test_the_default_port_of_the_other_scheme_is_refused(self):
        self.assertEqual(self.get("expo.example.ir:80", secure=True).status_code, 400)

    def test_a_listed_port_is_served_for_its_name_only(self):
        self.assertEqual(self.get("localhost:8443").status_code, 200)
        self.assertEqual(self.get("localhost:9999").status_code, 400)
        self.assertEqual(self.get("expo.example.ir:8443").status_code, 400)

    def test_a_subdomain_pattern_with_a_port(self):
        self.assertEqual(self.get("www.example.org:8080").status_code, 200)
        self.assertEqual(self.get("www.example.org:8081").status_code, 400)

    def test_an_unlisted_name_is_still_refused(self):
        self.assertEqual(self.get("evil.example.com").status_code, 400)

    @override_settings(ALLOWED_HOSTS=["*"], ALLOWED_HOSTS_EXACT=["*"])
    def test_a_wildcard_allows_every_port(self):
        self.assertEqual(self.get("anything.example:1234").status_code, 200)


class DisallowedHostLogTests(TestCase):
    def test_a_disallowed_host_is_logged_on_one_line(self):
        handler = next(
            h
            for h in logging.getLogger("django.security.DisallowedHost").handlers
            if h.name == "one_line"
        )
        stream = io.StringIO()
        original = handler.setStream(stream)
        self.addCleanup(handler.setStream, original)
        response = self.client.get("/fa/", headers={"host": "evil.example.com"})
        self.assertEqual(response.status_code, 400)
        lines = stream.getvalue().splitlines()
        self.assertEqual(len(lines), 1, stream.getvalue())
        self.assertIn("ERROR django.security.DisallowedHost: Invalid HTTP_HOST header", lines[0])
        self.assertIn("'evil.example.com'", lines[0])
