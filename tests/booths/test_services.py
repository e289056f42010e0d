from django.test import TestCase

from booths.services import exhibitor_alias_index, exhibitor_alias_token_sequences
from exhibition import persian
from tests.booths.factories import DistrictFactory, ExhibitorFactory


class AliasSeamTests(TestCase):
    """What the news side matches mentions with: canonical token sequences per exhibitor."""

    @classmethod
    def setUpTestData(cls):
        cls.district = DistrictFactory(
            district=22, aliases="منطقه بیست و دوم\nشهرداری منطقه 22\nRegion 22"
        )
        cls.two = DistrictFactory(district=2, aliases="منطقه دوم")
        cls.company = ExhibitorFactory(name_fa="داده‌پردازان کلان‌شهر", name_en="Kalanshahr Data")

    def test_sequences_are_canonical_longest_first_without_repeats(self):
        sequences = exhibitor_alias_token_sequences(exhibitor=self.district)
        self.assertIn(tuple(persian.search_tokens("منطقه ۲۲")), sequences)
        self.assertIn(tuple(persian.search_tokens("منطقه بيست و دوم")), sequences)
        self.assertEqual(len(sequences), len(set(sequences)))
        self.assertEqual(sequences, sorted(sequences, key=len, reverse=True))
        # «شهرداری منطقه 22» and the name «شهرداری منطقه ۲۲» are one sequence.
        self.assertEqual(
            sum(1 for s in sequences if s == tuple(persian.search_tokens("شهرداری منطقه 22"))), 1
        )

    def test_zwnj_spellings_give_the_same_sequence(self):
        sequences = exhibitor_alias_token_sequences(exhibitor=self.company)
        self.assertIn(tuple(persian.search_tokens("داده پردازان کلان شهر")), sequences)

    def test_index_maps_each_sequence_to_its_exhibitors_in_one_query(self):
        with self.assertNumQueries(1):
            index = exhibitor_alias_index()
        self.assertEqual(index[tuple(persian.search_tokens("منطقه ۲۲"))], [self.district.pk])
        self.assertEqual(index[tuple(persian.search_tokens("منطقه ۲"))], [self.two.pk])
        self.assertNotIn(tuple(persian.search_tokens("منطقه")), index)
