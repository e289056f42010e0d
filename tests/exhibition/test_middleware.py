from unittest import mock

from django.contrib.auth.models import User
from django.db import IntegrityError, OperationalError, connection
from django.test import TestCase, override_settings

from tests.articles.factories import ArticleFactory

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
        for path in ("/admin/login/", "/rosetta/", "/fa/", "/en/news/",
                     f"/fa/news/preview/{self.article.pk}/"):  # fmt: skip
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
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
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
