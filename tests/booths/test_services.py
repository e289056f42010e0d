from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from booths.models import Exhibitor, Mention
from booths.services import (
    exhibitor_alias_index,
    exhibitor_alias_token_sequences,
    exhibitor_create,
    exhibitor_update,
)
from exhibition import persian
from tests.articles.factories import ArticleFactory
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


class ExhibitorWritePathTests(TestCase):
    """exhibitor_create / exhibitor_update: validated, and the news mentions follow the
    names; Exhibitor.save() alone writes its own row only."""

    @classmethod
    def setUpTestData(cls):
        cls.company = ExhibitorFactory(name_fa="شرکت آب و برق", name_en="Water Power Co")
        cls.article = ArticleFactory(body="بازدید از پایتخت دیجیتال در نمایشگاه.")

    def mentioned(self):
        return set(Mention.objects.filter(article=self.article).values_list("exhibitor", flat=True))

    def test_a_new_alias_through_exhibitor_update_finds_the_news_that_use_it(self):
        self.assertEqual(self.mentioned(), set())
        exhibitor_update(exhibitor=self.company, aliases="پايتخت ديجيتال")  # Arabic ي
        self.assertEqual(self.mentioned(), {self.company.pk})
        exhibitor_update(exhibitor=self.company, aliases="")
        self.assertEqual(self.mentioned(), set())

    def test_a_new_exhibitor_is_found_in_the_news_at_once(self):
        created = exhibitor_create(
            kind=Exhibitor.Kind.OTHER, name_fa="پایتخت دیجیتال", short_name_fa="پایتخت"
        )
        self.assertEqual(self.mentioned(), {created.pk})

    def test_save_alone_does_not_touch_the_mentions(self):
        exhibitor = Exhibitor.objects.get(pk=self.company.pk)
        exhibitor.aliases = "پایتخت دیجیتال"
        with CaptureQueriesContext(connection) as ctx:
            exhibitor.save()
        self.assertFalse(any("booths_mention" in q["sql"] for q in ctx.captured_queries))
        self.assertEqual(self.mentioned(), set())

    def test_invalid_data_raises_and_changes_nothing(self):
        before = Exhibitor.objects.values().get(pk=self.company.pk)
        with self.assertRaises(ValidationError) as caught:
            exhibitor_update(exhibitor=self.company, district=5, aliases="پایتخت دیجیتال")
        self.assertEqual(list(caught.exception.error_dict), ["district"])
        self.assertEqual(Exhibitor.objects.values().get(pk=self.company.pk), before)
        self.assertEqual(self.mentioned(), set())
        with self.assertRaises(ValidationError):
            exhibitor_create(
                kind=Exhibitor.Kind.DISTRICT_MUNICIPALITY, name_fa="منطقه", short_name_fa="م"
            )
        self.assertEqual(Exhibitor.objects.count(), 1)
