"""The shipped fixtures say exactly what shared/facts/tehran.md says, and no more."""

import io
from unittest import mock

from django.core.management import call_command
from django.test import TestCase

from booths.models import (
    Achievement,
    Amenity,
    Exhibitor,
    Hall,
    SisterCity,
    Stand,
    stand_sort_key,
)
from booths.plan import AMENITY_SIZE
from booths.services import exhibitor_alias_token_sequences
from exhibition import persian

FIXTURES = ["fixtures/20_booths_facts.json", "fixtures/30_booths_demo.json"]

# district -> the well-attested places the facts file lists for it
LANDMARKS = {
    "Tajrish": {1},
    "Niavaran": {1},
    "Alborz": {1},
    "Darrous": {3},
    "Tehranpars": {4, 8},
    "Haft-e Tir": {6},
    "Vali-e Asr": {6},
    "Fatemi": {6},
    "Laleh Park": {6},
    "Museum of Contemporary Art": {6},
    "Amirkabir University": {6},
    "Mehrabad Airport": {9},
    "Azadi Square": {9},
    "Grand Bazaar": {12},
    "Sorkheh Hesar": {13},
    "Shahr-e Rey": {20},
    "Toghrul Tower": {20},
    "Tehransar": {21},
    "Chitgar Lake": {22},
    "Lake of the Persian Gulf Martyrs": {22},
    "Chitgar Forest Park": {22},
}
DISTRICTS_WITH_LANDMARKS = set().union(*LANDMARKS.values())

SISTER_CITIES = {
    # city: (country, year, relation)
    "Seoul": ("South Korea", 1963, "sister_city"),
    "Los Angeles": ("United States", 1972, "sister_city"),
    "Bishkek": ("Kyrgyzstan", None, "sister_city"),
    "Havana": ("Cuba", 2001, "sister_city"),
    "Pretoria": ("South Africa", 2002, "sister_city"),
    "Moscow": ("Russia", 2004, "sister_city"),
    "Caracas": ("Venezuela", 2005, "sister_city"),
    "Minsk": ("Belarus", 2006, "sister_city"),
    "Istanbul": ("Türkiye", 2006, "sister_city"),
    "Beijing": ("China", 2014, "sister_city"),
    "Sana'a": ("Yemen", None, "sister_city"),
    "Kuwait City": ("Kuwait", None, "sister_city"),
    "Khartoum": ("Sudan", None, "sister_city"),
    "Brasília": ("Brazil", None, "sister_city"),
    "Dushanbe": ("Tajikistan", None, "sister_city"),
    "Baghdad": ("Iraq", None, "memorandum"),
    "Kabul": ("Afghanistan", None, "memorandum"),
    "Paris": ("France", None, "memorandum"),
    "Milan": ("Italy", None, "memorandum"),
    "Saint Petersburg": ("Russia", None, "memorandum"),
}


class FixtureFactsTests(TestCase):
    fixtures = FIXTURES

    def test_all_22_districts_with_their_numbers_in_both_languages(self):
        districts = list(Exhibitor.objects.districts())
        self.assertEqual([d.district for d in districts], list(range(1, 23)))
        for d in districts:
            self.assertFalse(d.is_demo)
            self.assertEqual(d.name_en, f"District {d.district} Municipality")
            self.assertIn(persian.to_persian_digits(str(d.district)), d.name_fa)

    def test_districts_name_only_the_landmarks_the_facts_file_lists(self):
        for d in Exhibitor.objects.districts():
            with self.subTest(district=d.district):
                for place, allowed in LANDMARKS.items():
                    if place in d.description_en:
                        self.assertIn(d.district, allowed, place)
                    elif d.district in allowed:
                        self.fail(f"{place} missing from district {d.district}")
                if d.district not in DISTRICTS_WITH_LANDMARKS:
                    self.assertFalse(d.description_fa)
                    self.assertFalse(d.description_en)

    def test_sister_cities_years_and_relations_match_the_facts(self):
        actual = {c.city_en: (c.country_en, c.year, c.relation) for c in SisterCity.objects.all()}
        self.assertEqual(actual, SISTER_CITIES)

    def test_uncertain_years_carry_their_caveats(self):
        notes = {c.city_en: c.year_note_en for c in SisterCity.objects.all()}
        self.assertIn("1963 or 1977", notes["Seoul"])
        self.assertIn("sources disagree", notes["Seoul"])
        self.assertIn("current status unknown", notes["Los Angeles"])
        self.assertIn("uncertain", notes["Moscow"])
        self.assertIn("27 February 2014", notes["Beijing"])
        # The years read no more certain than the facts file: Seoul "1963 or 1977",
        # Moscow "2004 (uncertain)"; every other year given is certain.
        certainty = {c.city_en: (c.year_certainty, c.other_year) for c in SisterCity.objects.all()}
        self.assertEqual(certainty.pop("Seoul"), ("disputed", 1977))
        self.assertEqual(certainty.pop("Moscow"), ("uncertain", None))
        self.assertEqual(set(certainty.values()), {("known", None)})
        for city in ("Seoul", "Los Angeles", "Moscow", "Beijing"):
            self.assertTrue(SisterCity.objects.get(city_en=city).year_note_fa, city)

    def test_assembly_lists_the_group_a_metropolises(self):
        assembly = Exhibitor.objects.get(kind="assembly")
        self.assertFalse(assembly.is_demo)
        self.assertIn(
            "Tehran, Mashhad, Isfahan, Tabriz, Karaj, Shiraz, Ahvaz, Qom, Kermanshah",
            assembly.description_en,
        )
        self.assertIn("Not to be confused with Metropolis", assembly.description_en)

    def test_everything_not_in_the_facts_file_is_marked_demo(self):
        for model in (Hall, Stand, Achievement):
            self.assertFalse(model.objects.filter(is_demo=False).exists(), model)
        invented = Exhibitor.objects.filter(
            kind__in=["knowledge_based_company", "sister_city_delegation", "other"]
        )
        self.assertTrue(invented.exists())
        self.assertFalse(invented.filter(is_demo=False).exists())
        real = Exhibitor.objects.filter(is_demo=False)
        self.assertEqual(real.count(), 24)
        self.assertFalse(real.exclude(website="").exists(), "no real website is in the facts")

    def test_rows_are_stored_normalized_with_current_keys(self):
        # loaddata skips save(), so the files themselves must hold the saved form.
        for exhibitor in Exhibitor.objects.all():
            with self.subTest(exhibitor=exhibitor.slug):
                for field in exhibitor.normalized_fields:
                    value = getattr(exhibitor, field)
                    if value:
                        self.assertEqual(value, persian.normalize(value), field)
                self.assertEqual(exhibitor.search_document, exhibitor.build_search_document())
                self.assertEqual(
                    (exhibitor.name_sort_fa, exhibitor.name_sort_en), exhibitor.build_sort_keys()
                )
        for model in (SisterCity, Hall, Achievement):
            for obj in model.objects.all():
                for field in obj.normalized_fields:
                    value = getattr(obj, field)
                    if value:
                        self.assertEqual(value, persian.normalize(value), (obj, field))
        for stand in Stand.objects.all():
            self.assertEqual(stand.sort_key, stand_sort_key(stand.code))

    def test_stands_fit_their_halls_without_overlapping(self):
        for stand in Stand.objects.select_related("hall"):
            with self.subTest(stand=stand.code):
                stand.full_clean()
        self.assertGreater(Stand.objects.filter(exhibitor=None).count(), 0)
        self.assertGreater(Stand.objects.values("hall").distinct().count(), 1)

    def test_facilities_lie_in_their_halls_clear_of_the_stands(self):
        kinds = set()
        for amenity in Amenity.objects.select_related("hall"):
            with self.subTest(amenity=str(amenity)):
                amenity.full_clean()
                self.assertTrue(amenity.is_demo)
                half = AMENITY_SIZE / 2
                for stand in Stand.objects.filter(hall=amenity.hall):
                    apart = (
                        amenity.x + half <= stand.x
                        or amenity.x - half >= stand.x + stand.width
                        or amenity.y + half <= stand.y
                        or amenity.y - half >= stand.y + stand.depth
                    )
                    self.assertTrue(apart, f"{amenity} covers stand {stand.code}")
                kinds.add(amenity.kind)
        self.assertEqual(kinds, set(Amenity.Kind.values))

    def test_district_aliases_cover_the_usual_spellings(self):
        district = Exhibitor.objects.get(district=22)
        sequences = exhibitor_alias_token_sequences(exhibitor=district)
        for spelling in ("منطقه ۲۲", "منطقه بیست و دوم", "شهرداری منطقه 22"):
            self.assertIn(tuple(persian.search_tokens(spelling)), sequences, spelling)

    def test_seed_twice_changes_nothing(self):
        before = {m: m.objects.count() for m in (Exhibitor, Hall, Stand, Achievement, SisterCity)}
        call_command("seed", verbosity=0)
        call_command("seed", verbosity=0)
        after = {m: m.objects.count() for m in (Exhibitor, Hall, Stand, Achievement, SisterCity)}
        self.assertEqual(before, after)


class DeleteDemoContentTests(TestCase):
    fixtures = FIXTURES

    def run_command(self, *args, answer=None):
        out = io.StringIO()
        with mock.patch("builtins.input", return_value=answer):
            call_command("delete_demo_content", *args, stdout=out)
        return out.getvalue()

    def test_yes_deletes_all_demo_content_and_keeps_the_facts(self):
        demo_exhibitors = Exhibitor.objects.filter(is_demo=True).count()
        output = self.run_command("--yes")
        self.assertIn(f"{demo_exhibitors} exhibitors", output)
        for model in (Exhibitor, Hall, Stand, Achievement, Amenity):
            self.assertFalse(model.objects.filter(is_demo=True).exists(), model)
        self.assertEqual(Exhibitor.objects.districts().count(), 22)
        self.assertEqual(SisterCity.objects.count(), 20)
        self.assertIn("nothing was changed", self.run_command("--yes"))

    def test_refusing_changes_nothing(self):
        before = {m: m.objects.count() for m in (Exhibitor, Hall, Stand, Achievement)}
        output = self.run_command(answer="no")
        self.assertIn("Cancelled; nothing was changed.", output)
        after = {m: m.objects.count() for m in (Exhibitor, Hall, Stand, Achievement)}
        self.assertEqual(before, after)

    def test_typing_yes_confirms(self):
        self.run_command(answer="yes")
        self.assertFalse(Stand.objects.exists())
