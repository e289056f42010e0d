from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import translation

from booths.models import Exhibitor, Stand
from tests.booths.factories import (
    DelegationFactory,
    DistrictFactory,
    ExhibitorFactory,
    HallFactory,
    SisterCityFactory,
    StandFactory,
)


class ExhibitorConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.district = DistrictFactory(district=5)

    def assert_rejected(self, **kwargs):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Exhibitor.objects.bulk_create([Exhibitor(slug="x-rejected", **kwargs)])

    def test_district_numbers_are_unique(self):
        self.assert_rejected(kind="district_municipality", district=5, name_fa="دوباره")

    def test_district_numbers_run_from_1_to_22(self):
        self.assert_rejected(kind="district_municipality", district=23, name_fa="بیست و سه")
        self.assert_rejected(kind="district_municipality", district=0, name_fa="صفر")

    def test_district_municipality_needs_a_number(self):
        self.assert_rejected(kind="district_municipality", district=None, name_fa="بی‌شماره")

    def test_only_district_municipalities_have_a_number(self):
        self.assert_rejected(kind="knowledge_based_company", district=7, name_fa="شرکت")

    def test_delegation_needs_a_sister_city_and_others_have_none(self):
        city = SisterCityFactory()
        self.assert_rejected(kind="sister_city_delegation", name_fa="هیئت")
        self.assert_rejected(kind="other", sister_city=city, name_fa="سازمان")

    def test_full_clean_reports_a_district_out_of_range(self):
        exhibitor = Exhibitor(
            kind="district_municipality", district=23, name_fa="منطقه", short_name_fa="منطقه"
        )
        with self.assertRaises(ValidationError) as caught:
            exhibitor.full_clean()
        self.assertIn("district", caught.exception.message_dict)

    def test_full_clean_explains_the_kind_rules_beside_their_fields(self):
        city = SisterCityFactory()
        for kwargs, field in [
            ({"kind": "district_municipality", "district": None}, "district"),
            ({"kind": "knowledge_based_company", "district": 6}, "district"),
            ({"kind": "sister_city_delegation"}, "sister_city"),
            ({"kind": "other", "sister_city": city}, "sister_city"),
        ]:
            with self.subTest(kwargs=kwargs), translation.override("en"):
                exhibitor = Exhibitor(name_fa="نام", short_name_fa="نام", **kwargs)
                with self.assertRaises(ValidationError) as caught:
                    exhibitor.full_clean()
                messages = caught.exception.message_dict
                self.assertIn(field, messages)
                self.assertNotIn("booths_exhibitor", str(messages))


class ExhibitorSaveTests(TestCase):
    def test_save_normalizes_persian_and_fills_search_and_sort_keys(self):
        exhibitor = ExhibitorFactory(
            name_fa="شركت  داده‌پردازي", name_en="Data Co", aliases="داده پرداز\n\nداده پرداز"
        )
        self.assertEqual(exhibitor.name_fa, "شرکت داده‌پردازی")
        self.assertEqual(exhibitor.aliases, "داده پرداز")
        self.assertIn(" data ", exhibitor.search_document)
        self.assertNotEqual(exhibitor.name_sort_fa, "")

    def test_a_name_that_normalizing_makes_too_long_is_refused_before_saving(self):
        exhibitor = ExhibitorFactory()
        exhibitor.short_name_fa = (
            "منطقه1 منطقه2 منطقه3 منطقه4 منطقه5 منطقه"  # 40 as typed, 45 stored
        )
        with self.assertRaises(ValidationError) as caught:
            exhibitor.full_clean()
        self.assertEqual(list(caught.exception.error_dict), ["short_name_fa"])
        exhibitor.short_name_fa = "منطقه ۱ منطقه ۲"
        exhibitor.full_clean()

    def test_slug_is_made_from_the_english_name_once_and_kept(self):
        exhibitor = ExhibitorFactory(name_en="Green Roofs Ltd")
        self.assertEqual(exhibitor.slug, "green-roofs-ltd")
        exhibitor.name_en = "Renamed"
        exhibitor.save()
        self.assertEqual(exhibitor.slug, "green-roofs-ltd")
        twin = ExhibitorFactory(name_en="Green Roofs Ltd")
        self.assertEqual(twin.slug, "green-roofs-ltd-2")

    def test_delegation_links_to_its_sister_city(self):
        delegation = DelegationFactory()
        self.assertEqual(list(delegation.sister_city.delegations.all()), [delegation])


class StandConstraintTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.hall = HallFactory(code="A", width=20, depth=10)
        cls.stand = StandFactory(hall=cls.hall, code="A-12", x=0, y=0, width=4, depth=3)

    def test_code_format_is_enforced_by_the_database(self):
        for bad in ("a-12", "A12", "A-", "ABCD-1", "A-12345", "الف-۱"):
            with self.subTest(code=bad), self.assertRaises(IntegrityError), transaction.atomic():
                Stand.objects.bulk_create(
                    [Stand(hall=self.hall, code=bad, x=10, y=5, width=2, depth=2, sort_key="")]
                )

    def test_code_is_unique_within_a_hall_but_not_across_halls(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            StandFactory(hall=self.hall, code="A-12", x=10, y=5)
        other_hall = HallFactory(code="B")
        StandFactory(hall=other_hall, code="A-12", x=0, y=0)

    def test_full_clean_explains_the_code_format(self):
        stand = Stand(hall=self.hall, code="12A", x=10, y=5, width=2, depth=2)
        with self.assertRaises(ValidationError) as caught:
            stand.full_clean()
        self.assertIn("code", caught.exception.message_dict)

    def test_full_clean_rejects_overlaps_a_foreign_prefix_and_stands_outside_the_hall(self):
        cases = {
            "x": Stand(hall=self.hall, code="A-13", x=2, y=1, width=4, depth=3),
            "code": Stand(hall=self.hall, code="B-1", x=10, y=5, width=2, depth=2),
            "width": Stand(hall=self.hall, code="A-14", x=18, y=5, width=4, depth=2),
        }
        for field, stand in cases.items():
            with self.subTest(field=field), self.assertRaises(ValidationError) as caught:
                stand.full_clean()
            self.assertIn(field, caught.exception.message_dict)

    def test_area_comes_from_the_rectangle_and_codes_sort_numerically(self):
        self.assertEqual(self.stand.area, 12)
        StandFactory(hall=self.hall, code="A-2", x=10, y=0)
        self.assertEqual([s.code for s in Stand.objects.filter(hall=self.hall)], ["A-2", "A-12"])
