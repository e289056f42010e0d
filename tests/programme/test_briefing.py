"""A sister-city delegation's briefing pack (programme.views.BriefingPackView) and the
read rules it is made of."""

import re

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from booths.models import CityInterest, Exhibitor, SisterCity
from programme.models import Session, SessionTheme
from tests.articles.factories import ArticleFactory
from tests.booths.factories import (
    AchievementFactory,
    DelegationFactory,
    DistrictFactory,
    ExhibitorFactory,
    SisterCityFactory,
    StandFactory,
)
from tests.programme.factories import SessionFactory, tehran

FIXTURES = [
    "fixtures/20_booths_facts.json",
    "fixtures/30_booths_demo.json",
    "fixtures/40_programme_demo.json",
]
SEOUL = "/en/exhibitors/seoul-delegation/briefing-pack/"


def section(html, heading_id):
    """The HTML of the <section> labelled by ``heading_id``."""
    match = re.search(rf'<section[^>]*aria-labelledby="{heading_id}">(.*?)</section>', html, re.S)
    assert match, f"no section {heading_id}"
    return match.group(1)


class BriefingPackPageTests(TestCase):
    fixtures = FIXTURES

    def test_the_delegation_page_links_to_its_briefing_pack(self):
        en = self.client.get("/en/exhibitors/seoul-delegation/")
        self.assertContains(en, f'<a href="{SEOUL}">Briefing pack</a>', html=True)
        fa = self.client.get("/fa/exhibitors/seoul-delegation/")
        self.assertContains(
            fa,
            '<a href="/fa/exhibitors/seoul-delegation/briefing-pack/">بستهٔ اطلاعاتی</a>',
            html=True,
        )
        company = self.client.get("/en/exhibitors/pouya-smart-roads/")
        self.assertNotContains(company, "briefing-pack")

    def test_seouls_disputed_year_is_shown_as_both_years(self):
        html = self.client.get(SEOUL).content.decode()
        timeline = section(html, "timeline-heading")
        self.assertIn("1963 or 1977", timeline)
        self.assertIn("sources disagree", timeline)
        fa = self.client.get("/fa/exhibitors/seoul-delegation/briefing-pack/").content.decode()
        self.assertIn("۱۹۶۳ یا ۱۹۷۷", section(fa, "timeline-heading"))

    def test_an_unknown_year_is_shown_as_not_known(self):
        html = self.client.get("/en/exhibitors/dushanbe-delegation/briefing-pack/")
        self.assertIn("not known", section(html.content.decode(), "timeline-heading"))

    def test_english_names_carry_the_persian_beside_with_language_and_direction(self):
        html = self.client.get(SEOUL).content.decode()
        self.assertIn('<span class="beside" lang="fa" dir="rtl">سئول</span>', html)
        self.assertIn('<span class="beside" lang="fa" dir="rtl">هیئت شهر سئول</span>', html)
        # And the Persian page the English names.
        fa = self.client.get("/fa/exhibitors/seoul-delegation/briefing-pack/").content.decode()
        self.assertIn('<span class="beside" lang="en" dir="ltr">Seoul</span>', fa)

    def test_the_stand_is_highlighted_on_the_hall_plan(self):
        response = self.client.get(SEOUL)
        stand = Exhibitor.objects.get(slug="seoul-delegation").stands.get()
        stands = section(response.content.decode(), "stand-heading")
        self.assertIn(f"<bdi>{stand.code}</bdi>", stands)
        self.assertRegex(stands, r'class="plan__stand plan__stand--current"[^>]*aria-current')

    def test_own_sessions_then_suggestions_that_say_why(self):
        html = self.client.get(SEOUL).content.decode()
        own = section(html, "sessions-heading")
        self.assertIn("Seoul delegation visits the districts", own)
        self.assertIn("Opening ceremony", own)  # Seoul's city is linked to it
        suggested = section(html, "interests-heading")
        # Seoul's (demo) interests: smart city, transport, urban planning.
        self.assertIn("Talk: smart city and citizen services", suggested)
        self.assertIn("On your city's interests: Smart city", suggested)
        self.assertNotIn("Seoul delegation visits the districts", suggested)
        self.assertNotIn("Workshop: urban green space", suggested)
        # Another delegation's visit is theirs, whatever its themes.
        self.assertNotIn("Beijing delegation visits", suggested)

    def test_districts_and_companies_with_achievements_on_the_interests(self):
        html = self.client.get(SEOUL).content.decode()
        suggested = section(html, "interests-heading")
        self.assertIn("Pouya Smart Roads", suggested)  # transport
        self.assertIn("District 3 Municipality", suggested)  # transport, urban planning
        self.assertNotIn("Sabzineh Urban Greenery", suggested)  # green space only

    def test_the_news_that_names_the_delegation(self):
        ArticleFactory(title="دیدار هیئت شهر سئول از نمایشگاه", body="هیئت شهر سئول آمد.")
        ArticleFactory(title="خبری دیگر", body="دربارهٔ چیز دیگری.")
        news = section(self.client.get(SEOUL).content.decode(), "news-heading")
        self.assertIn("دیدار هیئت شهر سئول از نمایشگاه", news)
        self.assertIn('lang="fa" dir="rtl"', news)  # a Persian title on the English pack
        self.assertNotIn("خبری دیگر", news)

    def test_demo_content_is_marked(self):
        response = self.client.get(SEOUL)
        self.assertContains(response, 'class="demo-badge"')

    def test_only_delegations_have_a_pack(self):
        self.assertEqual(
            self.client.get("/en/exhibitors/pouya-smart-roads/briefing-pack/").status_code, 404
        )
        self.assertEqual(self.client.get("/en/exhibitors/nowhere/briefing-pack/").status_code, 404)

    def test_fixed_number_of_queries(self):
        # Beijing has more sessions, suggestions and matches than Dushanbe: same count.
        counts = []
        for slug in ("dushanbe-delegation", "beijing-delegation"):
            url = f"/en/exhibitors/{slug}/briefing-pack/"
            self.client.get(url)  # warm the caches of templates and translations
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            counts.append(len(queries))
        self.assertEqual(counts[0], counts[1])
        self.assertLess(counts[0], 25)


class AgreementYearTests(TestCase):
    def test_an_uncertain_year_says_so_on_the_pack_and_the_sister_cities_page(self):
        moscow = SisterCityFactory(city_en="Moscow", year=2004, year_certainty="uncertain")
        delegation = DelegationFactory(sister_city=moscow, name_en="Moscow city delegation")
        html = self.client.get(f"/en/exhibitors/{delegation.slug}/briefing-pack/")
        self.assertIn("2004 (uncertain)", section(html.content.decode(), "timeline-heading"))
        self.assertContains(self.client.get("/en/sister-cities/"), "2004 (uncertain)")

    def test_two_years_only_where_sources_disagree(self):
        city = SisterCityFactory.build(year=1963, other_year=1977, year_certainty="known")
        with self.assertRaises(ValidationError) as raised:
            city.full_clean()
        self.assertIn("other_year", raised.exception.message_dict)
        city = SisterCityFactory.build(year=1977, other_year=1963, year_certainty="disputed")
        with self.assertRaises(ValidationError):
            city.full_clean()
        city = SisterCityFactory.build(year=None, year_certainty="uncertain")
        with self.assertRaises(ValidationError) as raised:
            city.full_clean()
        self.assertIn("year", raised.exception.message_dict)

    def test_the_database_refuses_a_second_year_without_a_dispute(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            SisterCity.objects.create(
                city_fa="الف", country_fa="ب", country_code="ZZ", year=2000, other_year=2001
            )


class DelegationSessionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.city = SisterCityFactory()
        cls.delegation = DelegationFactory(sister_city=cls.city)
        cls.linked = SessionFactory(start=tehran(2027, 1, 16, 10))
        cls.linked.exhibitors.add(cls.delegation)
        cls.city_linked = SessionFactory(start=tehran(2027, 1, 16, 12))
        cls.city_linked.sister_cities.add(cls.city)
        cls.other = SessionFactory(start=tehran(2027, 1, 17, 10))
        for theme in ("transport", "waste"):
            CityInterest.objects.create(city=cls.city, theme=theme)
        cls.one_theme = SessionFactory(start=tehran(2027, 1, 16, 9))
        SessionTheme.objects.create(session=cls.one_theme, theme="transport")
        cls.two_themes = SessionFactory(start=tehran(2027, 1, 18, 9))
        SessionTheme.objects.create(session=cls.two_themes, theme="transport")
        SessionTheme.objects.create(session=cls.two_themes, theme="waste")
        cls.off_theme = SessionFactory(start=tehran(2027, 1, 16, 8))
        SessionTheme.objects.create(session=cls.off_theme, theme="culture")
        # The delegation's own session is on a theme too: it is not suggested again.
        SessionTheme.objects.create(session=cls.linked, theme="transport")

    def test_its_sessions_are_those_it_or_its_city_takes_part_in(self):
        sessions = list(Session.objects.for_delegation(self.delegation))
        self.assertEqual(sessions, [self.linked, self.city_linked])

    def test_suggestions_match_most_themes_first_then_time(self):
        suggested = list(Session.objects.suggested_for(self.delegation, ["transport", "waste"]))
        self.assertEqual(suggested, [self.two_themes, self.one_theme])
        self.assertEqual([s.matching_themes for s in suggested], [2, 1])

    def test_no_interests_no_suggestions(self):
        self.assertFalse(Session.objects.suggested_for(self.delegation, []).exists())


class AchievingInTests(TestCase):
    def test_districts_and_companies_with_most_matching_achievements_first(self):
        district = DistrictFactory(district=5)
        company = ExhibitorFactory()
        other_kind = ExhibitorFactory(kind=Exhibitor.Kind.OTHER)
        AchievementFactory(exhibitor=district, category="transport")
        AchievementFactory(exhibitor=district, category="culture")
        AchievementFactory(exhibitor=company, category="transport")
        AchievementFactory(exhibitor=company, category="waste")
        AchievementFactory(exhibitor=other_kind, category="transport")
        found = list(Exhibitor.objects.achieving_in(["transport", "waste"]))
        self.assertEqual(found, [company, district])
        self.assertEqual([a.category for a in found[1].matching_achievements], ["transport"])


class DemoInterestsTests(TestCase):
    def test_delete_demo_content_removes_demo_interests_only(self):
        from booths.services import demo_content_delete

        city = SisterCityFactory()
        CityInterest.objects.create(city=city, theme="transport", is_demo=True)
        CityInterest.objects.create(city=city, theme="waste")
        self.assertEqual(demo_content_delete()["interests"], 1)
        self.assertEqual(list(city.interests.values_list("theme", flat=True)), ["waste"])


class StandOnPlanTests(TestCase):
    def test_a_delegation_without_a_stand_says_so(self):
        delegation = DelegationFactory()
        response = self.client.get(f"/en/exhibitors/{delegation.slug}/briefing-pack/")
        self.assertContains(response, "No stand has been assigned yet.")

    def test_a_stand_made_with_the_factory_is_on_the_pack(self):
        delegation = DelegationFactory()
        StandFactory(exhibitor=delegation, number=3)
        response = self.client.get(f"/en/exhibitors/{delegation.slug}/briefing-pack/")
        self.assertContains(response, "<bdi>A-3</bdi>")
