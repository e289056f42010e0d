import io
import logging

from django.contrib.auth.models import User
from django.test import TestCase, override_settings

from tests.articles.factories import ArticleFactory
from tests.booths.factories import DistrictFactory, ExhibitorFactory

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
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
            h for h in logging.getLogger("django.security.DisallowedHost").handlers
            if h.name == "one_line"
        )  # fmt: skip
        stream = io.StringIO()
        original = handler.setStream(stream)
        self.addCleanup(handler.setStream, original)
        response = self.client.get("/fa/", headers={"host": "evil.example.com"})
        self.assertEqual(response.status_code, 400)
        lines = stream.getvalue().splitlines()
        self.assertEqual(len(lines), 1, stream.getvalue())
        self.assertIn("ERROR django.security.DisallowedHost: Invalid HTTP_HOST header", lines[0])
        self.assertIn("'evil.example.com'", lines[0])
