import datetime
import zoneinfo

import icalendar
from django.core.cache import cache
from django.http import QueryDict
from django.test import TestCase, override_settings

from programme.plan import MAX_PER_KIND, plan_query, plan_read, sessions_clash
from tests.booths.factories import ExhibitorFactory, HallFactory, StandFactory
from tests.programme.factories import SessionFactory, tehran

TEHRAN = zoneinfo.ZoneInfo("Asia/Tehran")


class PlanQueryTests(TestCase):
    def test_ids_are_read_sorted_without_repeats_and_other_names_ignored(self):
        query = plan_query(QueryDict("session=7&session=3&session=7&exhibitor=2&utm=x"))
        self.assertEqual(query.session_ids, [3, 7])
        self.assertEqual(query.exhibitor_ids, [2])
        self.assertEqual(query.malformed, 0)

    def test_values_that_are_not_ids_are_counted_not_used(self):
        query = plan_query(QueryDict("session=abc&session=-1&session=0&session=1e3&session=12"))
        self.assertEqual(query.session_ids, [12])
        self.assertEqual(query.malformed, 4)

    def test_a_list_longer_than_a_plan_is_cut_and_flagged(self):
        params = QueryDict(mutable=True)
        params.setlist("session", [str(n) for n in range(1, MAX_PER_KIND + 5)])
        query = plan_query(params)
        self.assertTrue(query.too_many)
        self.assertEqual(len(query.session_ids), MAX_PER_KIND)


class ClashTests(TestCase):
    def test_overlap_clashes_and_back_to_back_does_not(self):
        a = SessionFactory.build(start=tehran(2027, 1, 16, 10), end=tehran(2027, 1, 16, 11))
        b = SessionFactory.build(start=tehran(2027, 1, 16, 10, 30), end=tehran(2027, 1, 16, 12))
        c = SessionFactory.build(start=tehran(2027, 1, 16, 11), end=tehran(2027, 1, 16, 12))
        self.assertTrue(sessions_clash(a, b))
        self.assertTrue(sessions_clash(b, a))
        self.assertFalse(sessions_clash(a, c))


class MyPlanFixture(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.hall = HallFactory(code="A", name_en="Hall A", name_fa="سالن الف")
        cls.late = SessionFactory(
            title_en="Closing", title_fa="اختتامیه", start=tehran(2027, 1, 18, 17), hall=cls.hall
        )
        cls.panel = SessionFactory(
            title_en="Water panel",
            title_fa="نشست آب",
            start=tehran(2027, 1, 16, 10),
            end=tehran(2027, 1, 16, 11, 30),
            hall=cls.hall,
            room_en="Room 2",
            room_fa="اتاق ۲",
        )
        cls.workshop = SessionFactory(
            title_en="Transit workshop",
            title_fa="کارگاه حمل‌ونقل",
            start=tehran(2027, 1, 16, 11),
            end=tehran(2027, 1, 16, 12),
            hall=cls.hall,
        )
        cls.other = SessionFactory(title_en="Not in the plan", start=tehran(2027, 1, 16, 11))
        cls.seoul = ExhibitorFactory(name_en="Seoul delegation", name_fa="هیئت سئول")
        cls.stand = StandFactory(hall=cls.hall, number=7, exhibitor=cls.seoul)
        cls.metro = ExhibitorFactory(name_en="Metro company", name_fa="شرکت مترو")

    def plan_url(self, language="en", *, sessions=(), exhibitors=(), extra=""):
        query = "&".join(
            [f"session={s.pk}" for s in sessions] + [f"exhibitor={e.pk}" for e in exhibitors]
        )
        return f"/{language}/my-plan/?{query}{extra}"


class PlanReadTests(MyPlanFixture):
    def test_sessions_in_time_order_with_their_clashes(self):
        ids = [self.late.pk, self.workshop.pk, self.panel.pk]
        plan = plan_read(query=plan_query(QueryDict("&".join(f"session={i}" for i in ids))))
        self.assertEqual([p.session for p in plan.sessions], [self.panel, self.workshop, self.late])
        self.assertEqual(plan.sessions[0].clashes, [self.workshop])
        self.assertEqual(plan.sessions[1].clashes, [self.panel])
        self.assertEqual(plan.sessions[2].clashes, [])
        self.assertEqual(plan.clash_count, 2)
        self.assertEqual(
            [d.day for d in plan.days], [datetime.date(2027, 1, 16), datetime.date(2027, 1, 18)]
        )


class MyPlanPageTests(MyPlanFixture):
    def test_shared_plan_renders_without_script_in_time_order_with_clash_marked(self):
        url = self.plan_url(
            sessions=[self.late, self.workshop, self.panel], exhibitors=[self.seoul, self.metro]
        )
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200)
        html = response.content.decode()
        positions = [html.index(t) for t in ("Water panel", "Transit workshop", "Closing")]
        self.assertEqual(positions, sorted(positions))
        self.assertNotIn("Not in the plan", html)
        self.assertEqual(html.count("session-item--clash"), 2)
        self.assertContains(response, "Overlaps with:")
        self.assertContains(response, "Seoul delegation")
        self.assertContains(response, "A-7")
        self.assertContains(response, "Metro company")
        # The export and share links carry the canonical plan.
        canonical = "&".join(
            f"session={pk}" for pk in sorted([self.panel.pk, self.workshop.pk, self.late.pk])
        )
        canonical += "&" + "&".join(
            f"exhibitor={pk}" for pk in sorted([self.seoul.pk, self.metro.pk])
        )
        self.assertContains(response, f'href="/en/my-plan.ics?{canonical.replace("&", "&amp;")}"')
        self.assertContains(
            response, f'value="http://testserver/en/my-plan/?{canonical.replace("&", "&amp;")}"'
        )

    def test_persian_page(self):
        response = self.client.get(self.plan_url("fa", sessions=[self.panel, self.workshop]))
        self.assertContains(response, "نشست آب")
        self.assertContains(response, "برنامهٔ من")
        self.assertContains(response, "هم‌زمان")

    def test_the_page_says_how_to_add_in_words_for_every_device(self):
        # «Tap» is wrong on a desktop, «click» on a phone or a keyboard: «Select».
        for lang, words, clash in (
            ("en", "Select “<bdi>My plan</bdi>” on a session", "marked “<bdi>Clash</bdi>” below"),
            ("fa", "گزینهٔ «<bdi>برنامهٔ من</bdi>» را در هر نشست", "با «<bdi>هم‌زمانی</bdi>»"),
        ):
            with self.subTest(lang=lang):
                url = self.plan_url(lang, sessions=[self.panel, self.workshop, self.late])
                response = self.client.get(url)
                self.assertContains(response, words)
                self.assertNotRegex(response.content.decode(), r"(?i)\b(tap|click)")
                self.assertContains(response, clash)

    def test_bad_and_unknown_ids_are_left_out_with_a_notice(self):
        response = self.client.get(
            self.plan_url(sessions=[self.panel], extra="&session=999999&session=x%27&exhibitor=")
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Water panel")
        self.assertContains(response, "3 items in this link no longer exist or were mistyped")

    def test_the_page_names_the_ids_that_name_nothing_for_plan_js_to_forget(self):
        response = self.client.get(
            self.plan_url(sessions=[self.panel], exhibitors=[self.seoul], extra="&session=999999")
            + "&exhibitor=888888&exhibitor=x"
        )
        self.assertContains(response, 'data-plan-missing-sessions="999999"')
        self.assertContains(response, 'data-plan-missing-exhibitors="888888"')
        self.assertContains(response, 'data-plan-cut=""')

    def test_a_cut_list_is_flagged_for_plan_js_never_to_write_back(self):
        ids = "&".join(f"session={pk}" for pk in range(1, MAX_PER_KIND + 2))
        response = self.client.get(f"/en/my-plan/?{ids}")
        self.assertContains(response, 'data-plan-cut="yes"')

    def test_empty_plan(self):
        response = self.client.get("/en/my-plan/")
        self.assertContains(response, "Your plan is empty.")
        self.assertNotContains(response, "my-plan.ics")

    @override_settings(PAGE_CACHE_TTL=600)
    def test_one_visitors_plan_is_never_served_to_another(self):
        cache.clear()
        first = self.client.get(self.plan_url(sessions=[self.panel]))
        self.assertContains(first, "Water panel")
        second = self.client.get("/en/my-plan/")
        self.assertNotContains(second, "Water panel")
        third = self.client.get(self.plan_url(sessions=[self.late]))
        self.assertNotContains(third, "Water panel")
        self.assertContains(third, "Closing")
        self.assertNotIn("public", first.get("Cache-Control", ""))
        self.assertFalse(first.cookies)

    def test_buttons_on_session_and_exhibitor_pages(self):
        self.panel.exhibitors.add(self.seoul)
        for url, kind, pk in (
            (self.panel.get_absolute_url(), "session", self.panel.pk),
            (self.seoul.get_absolute_url(), "exhibitor", self.seoul.pk),
            ("/en/programme/", "session", self.panel.pk),
            ("/en/exhibitors/", "exhibitor", self.metro.pk),
            # Its own button and those of its sessions (another app's template tag).
            (self.seoul.get_absolute_url(), "session", self.panel.pk),
        ):
            with self.subTest(url=url):
                response = self.client.get(url)
                self.assertContains(
                    response,
                    f'aria-pressed="false" data-plan-toggle data-plan-kind="{kind}" '
                    f'data-plan-id="{pk}" hidden',
                )
                # One script per page, however many buttons.
                self.assertEqual(response.content.decode().count("js/plan."), 1)
        # Title, address and start, kept beside the id for the plan page offline.
        response = self.client.get(self.panel.get_absolute_url())
        self.assertContains(
            response,
            f'data-plan-title="Water panel" data-plan-url="{self.panel.get_absolute_url()}" '
            'data-plan-start="2027-01-16T10:00:00+03:30"',
        )


class MyPlanCalendarTests(MyPlanFixture):
    def test_calendar_of_the_plans_sessions(self):
        response = self.client.get(
            f"/en/my-plan.ics?session={self.panel.pk}&session={self.late.pk}"
            f"&exhibitor={self.seoul.pk}&session=424242"
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "text/calendar; charset=utf-8")
        self.assertIn("attachment", response["Content-Disposition"])
        calendar = icalendar.Calendar.from_ical(response.content)
        events = {str(e["SUMMARY"]): e for e in calendar.walk("VEVENT")}
        self.assertEqual(set(events), {"Water panel", "Closing"})
        panel = events["Water panel"]
        self.assertEqual(str(panel["UID"]), str(self.panel.uid))
        self.assertEqual(panel["DTSTART"].params["TZID"], "Asia/Tehran")
        self.assertEqual(
            panel.decoded("DTSTART"), datetime.datetime(2027, 1, 16, 10, tzinfo=TEHRAN)
        )
        self.assertEqual(str(panel["LOCATION"]), "Room 2, Hall A")
        self.assertEqual([str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")], ["Asia/Tehran"])

    def test_persian_calendar(self):
        response = self.client.get(f"/fa/my-plan.ics?session={self.panel.pk}")
        calendar = icalendar.Calendar.from_ical(response.content)
        [event] = calendar.walk("VEVENT")
        self.assertEqual(str(event["SUMMARY"]), "نشست آب")
        self.assertEqual(str(event["LOCATION"]), "اتاق ۲، سالن الف")

    def test_malformed_ids_are_a_400_in_the_sites_design(self):
        for query in ("session=abc", "session=99999999999999999999", "session=1&session=2x"):
            with self.subTest(query=query):
                response = self.client.get(f"/en/my-plan.ics?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertContains(response, "is not a number", status_code=400)

    def test_too_many_ids_are_a_400(self):
        query = "&".join(f"session={n}" for n in range(1, MAX_PER_KIND + 2))
        response = self.client.get(f"/en/my-plan.ics?{query}")
        self.assertContains(response, "at most", status_code=400)
