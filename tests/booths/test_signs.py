import segno
from django.test import TestCase

from exhibition.qr import language_neutral_path, qr_svg
from tests.booths.factories import ExhibitorFactory, HallFactory, StandFactory


class QrTests(TestCase):
    def test_language_prefix_is_dropped(self):
        self.assertEqual(language_neutral_path("/fa/exhibitors/x/"), "/exhibitors/x/")
        self.assertEqual(language_neutral_path("/en/floor-plan/"), "/floor-plan/")
        self.assertEqual(language_neutral_path("/healthz"), "/healthz")

    def test_svg_is_a_named_image_with_no_inline_style(self):
        svg = qr_svg("https://example.org/exhibitors/x/", title="QR code")
        self.assertTrue(svg.startswith('<svg role="img" viewBox='))
        self.assertIn("<title>QR code</title>", svg)
        self.assertNotIn("style=", svg)


class StandSignTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        hall = HallFactory(code="B", name_en="Hall B", name_fa="سالن ب")
        cls.seoul = ExhibitorFactory(name_en="Seoul delegation", name_fa="هیئت سئول")
        cls.stand = StandFactory(hall=hall, number=7, exhibitor=cls.seoul)
        cls.empty = StandFactory(hall=hall, number=8)

    def test_sign_names_the_stand_in_both_languages_whatever_the_page_language(self):
        for language in ("fa", "en"):
            with self.subTest(language=language):
                response = self.client.get(f"/{language}/stands/B-7/sign/")
                self.assertContains(response, "<bdi>B-7</bdi>")
                self.assertContains(response, "هیئت سئول")
                self.assertContains(response, "Seoul delegation")
                self.assertContains(response, "سالن ب")
                self.assertContains(response, "Hall B")
                self.assertContains(response, "Scan for this stand's page")
                self.assertContains(response, "برای صفحهٔ این غرفه اسکن کنید")
                self.assertContains(response, '<svg role="img"')

    def test_qr_opens_the_exhibitor_page_in_the_scanners_language(self):
        response = self.client.get("/fa/stands/b-7/qr.svg")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        self.assertContains(response, "<svg")
        # The code holds the address without a language: LocaleMiddleware picks it.
        target = f"http://testserver/exhibitors/{self.seoul.slug}/"
        self.assertContains(response, f"<title>{target}</title>")
        english = self.client.get(target, HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        self.assertRedirects(english, f"/en/exhibitors/{self.seoul.slug}/")
        persian = self.client.get(target, HTTP_ACCEPT_LANGUAGE="fa-IR,fa;q=0.9")
        self.assertRedirects(persian, f"/fa/exhibitors/{self.seoul.slug}/")

    def test_the_encoded_address_is_the_one_printed(self):
        response = self.client.get("/en/stands/B-7/sign/")
        target = f"http://testserver/exhibitors/{self.seoul.slug}/"
        self.assertEqual(response.context["qr_url"], target)
        expected = segno.make(target, error="m", micro=False)
        self.assertIn(
            expected.svg_inline(scale=1, border=4, omitsize=True, lineclass=None).split('d="')[1][
                :200
            ],
            response.content.decode(),
        )

    def test_unassigned_stand_points_at_the_floor_plan(self):
        response = self.client.get("/en/stands/B-8/sign/")
        self.assertContains(response, "Stand not yet assigned")
        self.assertEqual(
            response.context["qr_url"], "http://testserver/floor-plan/?stand=B-8#stand-B-8"
        )

    def test_unknown_stand_is_a_404_in_the_sites_design(self):
        response = self.client.get("/en/stands/Z-99/sign/")
        self.assertEqual(response.status_code, 404)
        response = self.client.get("/en/stands/%3Cscript%3E/qr.svg")
        self.assertEqual(response.status_code, 404)


class SignLinksInAdminTests(TestCase):
    def test_organisers_find_each_stands_and_sessions_sign_in_the_admin(self):
        from django.contrib.auth.models import User
        from django.urls import reverse

        from tests.programme.factories import SessionFactory

        StandFactory(hall=HallFactory(code="C"), number=3)
        session = SessionFactory(title_en="Water panel")
        self.client.force_login(User.objects.create_superuser("organiser", "o@example.org", "x"))
        response = self.client.get(reverse("admin:booths_stand_changelist"))
        self.assertContains(response, "/stands/C-3/sign/")
        response = self.client.get(reverse("admin:programme_session_changelist"))
        self.assertContains(response, f"/programme/{session.slug}/sign/")
