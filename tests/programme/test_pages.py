import json
import re

from django.test import TestCase
from django.utils import translation

from booths.models import Exhibitor, Hall
from tests.booths.factories import DistrictFactory, HallFactory, SisterCityFactory, StandFactory
from tests.programme.factories import SessionFactory, SessionSpeakerFactory, SpeakerFactory, tehran


def json_ld(response):
    match = re.search(
        r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S
    )
    assert match, "no JSON-LD block"
    return json.loads(match.group(1))


class ProgrammePageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.hall_a = HallFactory(code="A", position=1)
        cls.hall_b = HallFactory(code="B", position=2, name_en="Hall B")
        cls.opening = SessionFactory(
            title_fa="افتتاحیه",
            title_en="Opening",
            start=tehran(2027, 1, 16, 10),
            hall=cls.hall_b,
            kind="opening",
        )
        cls.panel = SessionFactory(
            title_fa="نشست", title_en="Panel", start=tehran(2027, 1, 16, 12), hall=cls.hall_a
        )
        cls.next_day = SessionFactory(
            title_fa="کارگاه",
            title_en="Workshop",
            start=tehran(2027, 1, 17, 10),
            hall=cls.hall_a,
            room_fa="کلاس ۱",
            room_en="Classroom 1",
        )

    def test_english_programme_by_gregorian_day_then_hall(self):
        response = self.client.get("/en/programme/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertContains(response, "16 January 2027")
        self.assertContains(response, "17 January 2027")
        days = response.context["days"]
        self.assertEqual([d.day.isoformat() for d in days], ["2027-01-16", "2027-01-17"])
        # Day one: hall A (position 1) before hall B, though B's session starts earlier.
        self.assertEqual([g.hall for g in days[0].halls], [self.hall_a, self.hall_b])
        self.assertLess(html.index("Panel"), html.index("Opening"))
        self.assertContains(response, "Demo content")
        self.assertContains(response, 'href="/en/programme/calendar.ics"')

    def test_persian_programme_has_jalali_dates_and_persian_digits(self):
        response = self.client.get("/fa/programme/")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "۲۶ دی ۱۴۰۵")  # 16 January 2027
        self.assertContains(response, "۲۷ دی ۱۴۰۵")
        self.assertContains(response, "۱۰:۰۰")
        self.assertNotContains(response, "January")

    def test_a_sessions_kind_is_left_out_when_its_title_says_it(self):
        workshop = SessionFactory(
            title_en="Workshop: urban data",
            title_fa="کارگاه داده‌های شهری",
            kind="workshop",
            start=tehran(2027, 1, 18, 10),
            hall=self.hall_a,
        )
        talk = SessionFactory(
            title_en="Cities in numbers",
            title_fa="شهرها در عدد",
            kind="talk",
            start=tehran(2027, 1, 18, 12),
            hall=self.hall_a,
        )
        for lang, workshop_kind, talk_kind in (
            ("en", "Workshop", "Talk"),
            ("fa", "کارگاه", "سخنرانی"),
        ):
            html = self.client.get(f"/{lang}/programme/").content.decode()
            with self.subTest(lang=lang):
                item = re.search(rf'id="session-{workshop.pk}".*?</li>', html, re.S).group()
                self.assertNotIn(f"<span>{workshop_kind}</span>", item)
                item = re.search(rf'id="session-{talk.pk}".*?</li>', html, re.S).group()
                self.assertIn(f"<span>{talk_kind}</span>", item)

    def test_empty_programme_says_so(self):
        from programme.models import Session

        Session.objects.all().delete()
        response = self.client.get("/en/programme/")
        self.assertContains(response, "The programme has not been published yet.")

    def test_navigation_links_the_programme_in_both_languages(self):
        for lang, label in (("en", "Programme"), ("fa", "برنامه")):
            response = self.client.get(f"/{lang}/programme/")
            self.assertContains(
                response, f'<a href="/{lang}/programme/" aria-current="page">{label}</a>'
            )
            self.assertContains(response, f'href="/{lang}/visit/"')


class SessionPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.hall = HallFactory(code="A")
        cls.district = DistrictFactory(district=22)
        StandFactory(hall=cls.hall, code="A-7", exhibitor=cls.district)
        cls.city = SisterCityFactory(city_en="Seoul", city_fa="سئول")
        cls.session = SessionFactory(
            title_fa="نشست شهرهای خواهرخوانده",
            title_en="Sister cities panel",
            description_en="What <cities> learned.",
            start=tehran(2027, 1, 16, 12),
            hall=cls.hall,
            room_en="Conference room",
            room_fa="سالن همایش",
        )
        cls.session.exhibitors.add(cls.district)
        cls.session.sister_cities.add(cls.city)
        cls.second = SpeakerFactory(name_en="Second Speaker")
        cls.first = SpeakerFactory(name_en="First Speaker", organisation_en="Seoul")
        SessionSpeakerFactory(session=cls.session, speaker=cls.second, order=2)
        SessionSpeakerFactory(session=cls.session, speaker=cls.first, order=1)

    def test_session_page_lists_stands_speakers_languages_and_calendar_link(self):
        response = self.client.get("/en/programme/sister-cities-panel/")
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        self.assertContains(response, "Sister cities panel")
        self.assertContains(response, 'href="/en/floor-plan/?stand=A-7#stand-A-7"')
        self.assertContains(response, 'href="/en/districts/22/"')
        self.assertLess(html.index("First Speaker"), html.index("Second Speaker"))
        self.assertContains(response, "Persian and English")
        self.assertContains(response, 'href="/en/programme/sister-cities-panel.ics"')
        self.assertContains(response, "Seoul")
        self.assertContains(response, "Demo content")

    def test_session_page_leaves_out_the_kind_its_title_already_says(self):
        SessionFactory(
            title_en="Workshop: urban data",
            title_fa="کارگاه داده‌های شهری",
            slug="urban-data",
            kind="workshop",
            start=tehran(2027, 1, 18, 10),
            is_demo=False,
        )
        SessionFactory(
            title_en="Cities in numbers",
            title_fa="شهرها در عدد",
            slug="cities-in-numbers",
            kind="talk",
            start=tehran(2027, 1, 18, 12),
        )
        meta = r'<p class="session-item__meta">(.*?)</p>'
        for lang, talk in (("en", "Talk"), ("fa", "سخنرانی")):
            with self.subTest(lang=lang):
                html = self.client.get(f"/{lang}/programme/urban-data/").content.decode()
                # The title says «Workshop»; with no demo badge either, no empty line.
                self.assertNotRegex(html, meta)
                html = self.client.get(f"/{lang}/programme/cities-in-numbers/").content.decode()
                self.assertIn(f"<span>{talk}</span>", re.search(meta, html, re.S).group(1))

    def test_json_ld_is_a_valid_event_in_tehran_time(self):
        response = self.client.get("/en/programme/sister-cities-panel/")
        data = json_ld(response)
        self.assertEqual(data["@type"], "Event")
        self.assertEqual(data["name"], "Sister cities panel")
        self.assertEqual(data["startDate"], "2027-01-16T12:00:00+03:30")
        self.assertEqual(data["location"]["name"], "Conference room, Hall A")
        self.assertEqual(data["performer"][0]["name"], "First Speaker")
        self.assertTrue(data["url"].endswith("/en/programme/sister-cities-panel/"))
        # The description's markup cannot close the data block.
        self.assertNotIn("<cities>", response.content.decode().split("ld+json")[1][:400])
        self.assertEqual(data["description"], "What <cities> learned.")

    def test_persian_session_page(self):
        response = self.client.get("/fa/programme/sister-cities-panel/")
        self.assertContains(response, "نشست شهرهای خواهرخوانده")
        self.assertContains(response, "۲۶ دی ۱۴۰۵")
        self.assertEqual(json_ld(response)["name"], "نشست شهرهای خواهرخوانده")

    def test_unknown_session_is_the_sites_404(self):
        response = self.client.get("/en/programme/no-such-session/")
        self.assertEqual(response.status_code, 404)
        self.assertContains(response, "<html", status_code=404)

    def test_exhibitor_page_lists_its_sessions(self):
        response = self.client.get("/en/districts/22/")
        self.assertContains(response, "In the programme")
        self.assertContains(response, 'href="/en/programme/sister-cities-panel/"')
        other = DistrictFactory(district=5)
        response = self.client.get(other.get_absolute_url())
        self.assertNotContains(response, "In the programme")


class VisitPageTests(TestCase):
    def test_visit_page_marks_what_is_not_known(self):
        SessionFactory(start=tehran(2027, 1, 16, 10))
        with translation.override("en"):
            response = self.client.get("/en/visit/")
        self.assertEqual(response.status_code, 200)
        for heading in ("Dates", "Venue", "Opening hours", "Getting there", "Accessibility"):
            self.assertContains(response, heading)
        self.assertContains(response, "16 January 2027")
        self.assertContains(response, "to be announced")
        self.assertContains(response, "Demo content")
        response = self.client.get("/fa/visit/")
        self.assertContains(response, "۲۶ دی ۱۴۰۵")

    def test_visit_page_does_not_link_to_itself_and_the_programme_does(self):
        button = 'class="button button--secondary" href="/en/visit/"'
        self.assertNotContains(self.client.get("/en/visit/"), button)
        self.assertContains(self.client.get("/en/programme/"), button)

    def test_without_a_programme_the_dates_are_to_be_announced(self):
        self.assertFalse(Hall.objects.exists())
        response = self.client.get("/en/visit/")
        self.assertContains(response, "To be announced.")


class SitemapTests(TestCase):
    def test_programme_pages_are_in_the_sitemap(self):
        SessionFactory(title_en="Opening")
        response = self.client.get("/sitemap.xml")
        self.assertContains(response, "/en/programme/opening/")
        self.assertContains(response, "/fa/visit/")


class QueryCountTests(TestCase):
    """The pages run a fixed number of queries, however many sessions there are."""

    def count(self, path):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.client.get(path).status_code, 200)
        return len(queries)

    def add_session(self, hour):
        district = DistrictFactory()
        StandFactory(hall=HallFactory(code="A"), exhibitor=district)
        session = SessionFactory(start=tehran(2027, 1, 16, hour), title_en=f"At {hour}")
        session.exhibitors.add(district)
        SessionSpeakerFactory(session=session)
        return session

    def test_programme_and_session_pages(self):
        first = self.add_session(9)
        programme, detail = self.count("/en/programme/"), self.count(first.get_absolute_url())
        for hour in (10, 11, 12):
            self.add_session(hour)
        first.exhibitors.add(*Exhibitor.objects.all())  # four exhibitors, four stands
        self.assertEqual(self.count("/en/programme/"), programme)
        self.assertEqual(self.count(first.get_absolute_url()), detail)
