"""manage.py rebuild_text_keys: stale stored keys are rebuilt from the live pipeline."""

import io

from django.core.management import CommandError, call_command
from django.test import TestCase

from articles.models import Article
from articles.search import search_articles
from booths.models import Exhibitor, Mention
from exhibition import persian
from tests.articles.factories import ArticleFactory, TagFactory
from tests.booths.factories import ExhibitorFactory

KEYS = ("search_document", "name_sort_fa", "name_sort_en")


def rebuild(*args) -> str:
    out = io.StringIO()
    call_command("rebuild_text_keys", *args, stdout=out)
    return out.getvalue()


def found(q):
    return set(search_articles(persian.parse_query(q), language="fa"))


def mentions():
    return set(
        Mention.objects.filter(source=Mention.Source.AUTOMATIC).values_list(
            "article_id", "exhibitor_id"
        )
    )


class RebuildTextKeysTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.company = ExhibitorFactory(
            name_fa="سازه‌های زیر‌زمینی", aliases="زیرزمینی سازان", is_demo=False
        )
        cls.zwnj = ArticleFactory(
            title="شرکت‌های توانمند‌سازی در نمایشگاه",
            body="شرکت سازه‌های زیر‌زمینی غرفه دارد.",
            tags=[TagFactory(name_fa="فناوری", name_en="Technology")],
        )
        cls.plain = ArticleFactory(title="خبر دیگر", body="متن ساده.")
        # What save() wrote: the keys a rebuild must give back.
        cls.documents = dict(Article.objects.values_list("pk", "search_document"))
        cls.exhibitor_keys = Exhibitor.objects.values(*KEYS).get(pk=cls.company.pk)
        cls.mentions = mentions()

    def make_stale(self):
        """Keys as an older pipeline wrote them: articles without their compounds'
        joined forms, an exhibitor with no search document and an old sort order, and
        no automatic mentions found yet."""
        for article in Article.objects.all():
            old = persian.search_key(article.search_document.split(persian.INDEX_BREAK)[0])
            Article.objects.filter(pk=article.pk).update(search_document=old)
        Exhibitor.objects.update(search_document="", name_sort_fa="000001", name_sort_en="a")
        Mention.objects.filter(source=Mention.Source.AUTOMATIC).delete()

    def test_fixture_is_what_the_checks_need(self):
        self.assertEqual(self.mentions, {(self.zwnj.pk, self.company.pk)})
        self.assertIn(persian.INDEX_BREAK, self.documents[self.zwnj.pk])

    def test_stale_keys_are_rebuilt_as_save_writes_them(self):
        self.make_stale()
        # Quoted (no alternatives), the joined spelling no longer finds it.
        self.assertEqual(found('"زیرزمینی"'), set())

        output = rebuild()

        self.assertIn("Articles: 2 checked, 1 rebuilt.", output)  # «خبر دیگر» has no compound
        self.assertIn("Exhibitors: 1 checked, 1 rebuilt.", output)
        self.assertIn("Mentions: 1 added, 0 removed.", output)
        self.assertEqual(dict(Article.objects.values_list("pk", "search_document")), self.documents)
        self.assertEqual(
            Exhibitor.objects.values(*KEYS).get(pk=self.company.pk), self.exhibitor_keys
        )
        self.assertEqual(mentions(), self.mentions)
        self.assertEqual(found('"زیرزمینی"'), {self.zwnj})

    def test_a_second_run_changes_nothing(self):
        self.make_stale()
        rebuild()

        output = rebuild()

        self.assertIn("Articles: 2 checked, 0 rebuilt.", output)
        self.assertIn("Exhibitors: 1 checked, 0 rebuilt.", output)
        self.assertIn("Mentions: 0 added, 0 removed.", output)
        self.assertIn("Every stored text key is up to date.", output)
        self.assertEqual(dict(Article.objects.values_list("pk", "search_document")), self.documents)
        self.assertEqual(mentions(), self.mentions)

    def test_batches_of_one_write_every_stale_row(self):
        ArticleFactory(title="زیر‌زمینی و توانمند‌سازی", body="متن.")
        documents = dict(Article.objects.values_list("pk", "search_document"))
        self.make_stale()

        output = rebuild("--batch-size", "1")

        self.assertIn("Articles: 3 checked, 2 rebuilt.", output)
        self.assertEqual(dict(Article.objects.values_list("pk", "search_document")), documents)
        self.assertIn("Articles: 3 checked, 0 rebuilt.", rebuild("--batch-size", "2"))

    def test_batch_size_below_one_is_refused(self):
        self.make_stale()
        with self.assertRaisesMessage(CommandError, "--batch-size must be at least 1."):
            rebuild("--batch-size", "0")
        self.assertEqual(Exhibitor.objects.get(pk=self.company.pk).search_document, "")
