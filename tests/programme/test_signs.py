from django.test import TestCase

from tests.booths.factories import HallFactory
from tests.programme.factories import SessionFactory, tehran


class SessionSignTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.session = SessionFactory(
            title_en="Water panel",
            title_fa="نشست آب",
            start=tehran(2027, 1, 16, 10),
            hall=HallFactory(code="A", name_en="Hall A", name_fa="سالن الف"),
            room_en="Room 2",
            room_fa="اتاق ۲",
        )

    def test_sign_in_both_languages_with_a_qr_code_to_the_session(self):
        for language in ("fa", "en"):
            with self.subTest(language=language):
                response = self.client.get(f"/{language}/programme/water-panel/sign/")
                self.assertContains(response, "نشست آب")
                self.assertContains(response, "Water panel")
                self.assertContains(response, "سالن الف، اتاق ۲")
                self.assertContains(response, "Hall A, Room 2")
                # Both calendars: Jalali in Persian, Gregorian in English.
                self.assertContains(response, "دی ۱۴۰۵")
                self.assertContains(response, "2027")
                self.assertContains(response, '<svg role="img"')
                self.assertEqual(
                    response.context["qr_url"], "http://testserver/programme/water-panel/"
                )

    def test_qr_file_and_redirect_to_the_scanners_language(self):
        response = self.client.get("/en/programme/water-panel/qr.svg")
        self.assertEqual(response["Content-Type"], "image/svg+xml")
        scanned = self.client.get("/programme/water-panel/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertRedirects(scanned, "/en/programme/water-panel/")

    def test_unknown_session_is_a_404(self):
        self.assertEqual(self.client.get("/en/programme/nope/sign/").status_code, 404)
