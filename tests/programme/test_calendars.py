import datetime
import zoneinfo

import icalendar
from django.test import TestCase

from tests.booths.factories import HallFactory
from tests.programme.factories import SessionFactory, tehran

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


class CalendarTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.hall = HallFactory(code="A", name_en="Hall A", name_fa="سالن A")
        cls.opening = SessionFactory(
            title_en="Opening ceremony",
            title_fa="آیین افتتاحیه",
            start=tehran(2027, 1, 16, 10),
            end=tehran(2027, 1, 16, 11, 30),
            hall=cls.hall,
            room_en="Conference room",
            room_fa="سالن همایش",
        )
        cls.outside = SessionFactory(
            title_en="Visit", start=tehran(2027, 1, 17, 16), hall=None, room_en="", room_fa=""
        )

    def parse(self, response):
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        return icalendar.Calendar.from_ical(response.content)

    def test_whole_programme_feed(self):
        calendar = self.parse(self.client.get("/en/programme/calendar.ics"))
        self.assertEqual(calendar["VERSION"], "2.0")
        events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
        self.assertEqual(set(events), {"Opening ceremony", "Visit"})
        opening = events["Opening ceremony"]
        self.assertEqual(str(opening["UID"]), str(self.opening.uid))
        start = opening.decoded("DTSTART")
        self.assertEqual(start, datetime.datetime(2027, 1, 16, 10, tzinfo=TEHRAN))
        self.assertEqual(opening["DTSTART"].params["TZID"], "Asia/Tehran")
        self.assertEqual(
            opening.decoded("DTEND"), datetime.datetime(2027, 1, 16, 11, 30, tzinfo=TEHRAN)
        )
        self.assertEqual(str(opening["LOCATION"]), "Conference room, Hall A")
        self.assertEqual(str(opening["URL"]), "http://testserver/en/programme/opening-ceremony/")
        self.assertIn("DTSTAMP", opening)
        self.assertIn("Demo content", str(opening["DESCRIPTION"]))
        self.assertNotIn("LOCATION", events["Visit"])
        # The time zone is defined in the file, not left to the reader's guess.
        self.assertEqual([str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")], ["Asia/Tehran"])

    def test_uids_do_not_change_with_language_or_title(self):
        english = self.parse(self.client.get("/en/programme/opening-ceremony.ics"))
        self.opening.title_en = "Opening"
        self.opening.save()
        persian = self.parse(self.client.get("/fa/programme/opening-ceremony.ics"))
        uids = [str(c.walk("VEVENT")[0]["UID"]) for c in (english, persian)]
        self.assertEqual(uids, [str(self.opening.uid)] * 2)
        event = persian.walk("VEVENT")[0]
        self.assertEqual(str(event["SUMMARY"]), "آیین افتتاحیه")
        self.assertEqual(str(event["LOCATION"]), "سالن همایش، سالن A")

    def test_one_session_file_holds_only_that_session(self):
        calendar = self.parse(self.client.get("/en/programme/opening-ceremony.ics"))
        self.assertEqual(len(calendar.walk("VEVENT")), 1)

    def test_unknown_session_file_is_a_404(self):
        response = self.client.get("/en/programme/no-such-session.ics")
        self.assertEqual(response.status_code, 404)
