import datetime

from django.test import TestCase
from django.utils import timezone

from programme.models import Session
from programme.services import programme_now_next
from tests.booths.factories import HallFactory
from tests.programme.factories import SessionFactory, tehran


class NowNextTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        hall_a, hall_b = HallFactory(code="A", position=1), HallFactory(code="B", position=2)
        cls.opening = SessionFactory(
            title_en="Opening",
            start=tehran(2027, 1, 16, 10),
            end=tehran(2027, 1, 16, 11),
            hall=hall_a,
        )
        cls.panel_a = SessionFactory(
            title_en="Panel in A", start=tehran(2027, 1, 16, 12), hall=hall_a
        )
        cls.panel_b = SessionFactory(
            title_en="Panel in B", start=tehran(2027, 1, 16, 12), hall=hall_b
        )
        cls.later = SessionFactory(title_en="Later", start=tehran(2027, 1, 16, 15), hall=hall_a)
        cls.closing = SessionFactory(
            title_en="Closing",
            start=tehran(2027, 1, 18, 16),
            end=tehran(2027, 1, 18, 17),
            hall=hall_a,
        )

    def test_during_a_session(self):
        result = programme_now_next(moment=tehran(2027, 1, 16, 10, 30))
        self.assertEqual(result.now, [self.opening])
        # Both halls' sessions start next at the same time; the later one is not listed.
        self.assertEqual(result.next, [self.panel_a, self.panel_b])

    def test_between_sessions_and_at_the_boundaries(self):
        self.assertEqual(programme_now_next(moment=tehran(2027, 1, 16, 11)).now, [])
        self.assertEqual(
            programme_now_next(moment=tehran(2027, 1, 16, 12)).now, [self.panel_a, self.panel_b]
        )

    def test_the_morning_of_the_first_day_shows_what_is_next(self):
        result = programme_now_next(moment=tehran(2027, 1, 16, 8))
        self.assertTrue(result)
        self.assertEqual((result.now, result.next), ([], [self.opening]))

    def test_nothing_before_or_after_the_exhibition(self):
        self.assertFalse(programme_now_next(moment=tehran(2027, 1, 15, 23, 59)))
        self.assertFalse(programme_now_next(moment=tehran(2027, 1, 18, 17)))
        Session.objects.all().delete()
        self.assertFalse(programme_now_next(moment=tehran(2027, 1, 16, 10)))

    def test_home_page_shows_now_and_next_with_a_frozen_clock(self):
        from unittest import mock

        frozen = tehran(2027, 1, 16, 10, 30)
        with mock.patch.object(timezone, "now", return_value=frozen):
            response = self.client.get("/en/")
        self.assertContains(response, "At the exhibition today")
        self.assertContains(response, 'href="/en/programme/opening/"')
        self.assertContains(response, 'href="/en/programme/panel-in-b/"')
        self.assertNotContains(response, 'href="/en/programme/later/"')
        with mock.patch.object(timezone, "now", return_value=frozen + datetime.timedelta(days=9)):
            self.assertNotContains(self.client.get("/fa/"), "now-next")

    def test_next_boundary_is_when_the_home_page_changes_by_itself(self):
        boundary = Session.objects.next_boundary(tehran(2027, 1, 16, 10, 30))
        self.assertEqual(boundary, tehran(2027, 1, 16, 11))
        self.assertEqual(
            Session.objects.next_boundary(tehran(2027, 1, 16, 11)), tehran(2027, 1, 16, 12)
        )
        self.assertIsNone(Session.objects.next_boundary(tehran(2027, 1, 18, 17)))
