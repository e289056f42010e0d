from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import TestCase

from tests.booths.factories import HallFactory
from tests.programme.factories import SessionFactory, SessionSpeakerFactory, tehran


class SessionAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("staff", "s@example.com", "pw")
        hall = HallFactory(code="A")
        cls.first = SessionFactory(
            title_en="First day", title_fa="روز نخست", start=tehran(2027, 1, 16, 10), hall=hall
        )
        cls.second = SessionFactory(
            title_en="Second day", title_fa="روز دوم", start=tehran(2027, 1, 17, 0, 30), hall=hall
        )
        SessionSpeakerFactory(session=cls.second, speaker__name_fa="سخنران ویژه")

    def setUp(self):
        self.client.force_login(self.user)

    def test_list_filters_by_tehran_day(self):
        url = f"/{settings.ADMIN_PATH}programme/session/"
        response = self.client.get(url, {"day": "2027-01-17"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["cl"].result_list), [self.second])
        self.assertContains(response, "2027-01-16")  # the filter offers both days
        response = self.client.get(url, {"day": "not-a-day"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["cl"].result_list), [])

    def test_search_by_speaker_and_add_page(self):
        base = f"/{settings.ADMIN_PATH}programme/session/"
        response = self.client.get(base, {"q": "سخنران ویژه"})
        self.assertEqual(list(response.context["cl"].result_list), [self.second])
        self.assertEqual(self.client.get(f"{base}add/").status_code, 200)
        self.assertEqual(self.client.get(f"{base}{self.first.pk}/change/").status_code, 200)
