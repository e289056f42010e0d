from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles import services
from articles.models import Article, NewsCodeCounter, Status
from articles.signals import article_text_saved
from exhibition import persian
from tests.articles.factories import ArticleFactory, TagFactory


class TextSavedReceiver:
    """Records ``article_text_saved`` while connected (what booths recomputes mentions on)."""

    def __init__(self, test):
        self.calls = []
        article_text_saved.connect(self, dispatch_uid="test_receiver")
        test.addCleanup(article_text_saved.disconnect, dispatch_uid="test_receiver")

    def __call__(self, sender, article, created=False, **kwargs):
        self.calls.append((article.pk, created))


class ArticleCreateTests(TestCase):
    def test_article_create_hands_out_the_next_news_code_never_a_deleted_ones(self):
        first = services.article_create(title="خبر اول", body="متن.")
        second = services.article_create(title="خبر دوم", body="متن.")
        self.assertEqual(second.news_code, first.news_code + 1)
        second.delete()
        third = services.article_create(title="خبر سوم", body="متن.")
        self.assertEqual(third.news_code, second.news_code + 1)

    def test_save_alone_does_not_hand_out_a_news_code(self):
        with self.assertRaisesMessage(ValueError, "article_create"):
            Article(title="خبر", body="متن.").save()
        with self.assertRaisesMessage(ValueError, "article_create"):
            Article.objects.create(title="خبر", body="متن.")
        self.assertFalse(Article.objects.exists())

    def test_invalid_data_raises_and_writes_nothing(self):
        ArticleFactory()
        last = NewsCodeCounter.objects.get().last
        # The services add no savepoint (see articles.services): a caller that goes on
        # after a failure brings its own, as this test does.
        with self.assertRaises(ValidationError) as caught, transaction.atomic():
            services.article_create(title="", body="متن.", language="de")
        self.assertEqual(set(caught.exception.error_dict), {"title", "language"})
        self.assertEqual(Article.objects.count(), 1)
        self.assertEqual(NewsCodeCounter.objects.get().last, last)  # no code used up

    def test_tags_are_set_and_in_the_search_document_and_listeners_hear_once(self):
        receiver = TextSavedReceiver(self)
        tag = TagFactory(name_fa="حمل‌ونقل", name_en="Transport")
        article = services.article_create(title="خبر", body="متن.", tags=[tag])
        self.assertEqual(list(article.tags.all()), [tag])
        self.assertIn("transport", Article.objects.get(pk=article.pk).search_document)
        self.assertEqual(receiver.calls, [(article.pk, True)])


class ArticleUpdateTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.source = ArticleFactory(title="شهرداران در تهران", body="متن خبر.")
        cls.translation = ArticleFactory(title="Mayors in Tehran", body="The story.", language="en")
        services.article_pair(article=cls.source, other=cls.translation)

    def flagged(self):
        self.translation.refresh_from_db()
        return self.translation.translation_outdated

    def test_invalid_data_raises_and_changes_nothing(self):
        receiver = TextSavedReceiver(self)
        before = Article.objects.values().get(pk=self.source.pk)
        for fields in (
            {"title": "خ" * 301, "body": "متن تازه."},
            {"status": Status.PUBLISHED, "published_at": None, "body": "متن تازه."},
            {"paired": self.source},
        ):
            with self.subTest(fields=list(fields)):
                article = Article.objects.get(pk=self.source.pk)
                with self.assertRaises(ValidationError), transaction.atomic():
                    services.article_update(article=article, **fields)
                self.assertEqual(Article.objects.values().get(pk=self.source.pk), before)
        self.assertFalse(self.flagged())
        self.assertEqual(receiver.calls, [])

    def test_editing_the_source_text_flags_its_translation(self):
        services.article_update(article=self.source, reporter="خبرنگار")  # not the text
        self.assertFalse(self.flagged())
        services.article_update(article=self.source, body="متن تازهٔ خبر.")
        self.assertTrue(self.flagged())
        # the translation saved again has been reviewed
        services.article_update(article=self.translation, title="Mayors meet in Tehran")
        self.assertFalse(self.flagged())

    def test_given_tags_replace_the_old_ones_in_the_search_document_too(self):
        old, new = TagFactory(name_en="Parks"), TagFactory(name_en="Bridges")
        services.article_update(article=self.source, tags=[old])
        services.article_update(article=self.source, tags=[new])
        self.source.refresh_from_db()
        self.assertEqual(list(self.source.tags.all()), [new])
        words = self.source.search_document.split()
        self.assertIn(persian.search_key("Bridges"), words)  # English words are stemmed
        self.assertNotIn(persian.search_key("Parks"), words)

    def test_save_alone_writes_its_own_row_and_nothing_else(self):
        receiver = TextSavedReceiver(self)
        article = Article.objects.get(pk=self.source.pk)
        article.body = "متن تازهٔ خبر."
        with CaptureQueriesContext(connection) as ctx:
            article.save()
        writes = [q["sql"] for q in ctx.captured_queries if not q["sql"].startswith("SELECT")]
        self.assertEqual(len(writes), 1, writes)
        self.assertIn("UPDATE", writes[0])
        self.assertEqual(Article.objects.get(pk=self.source.pk).body, "<p>متن تازه خبر.</p>")
        self.assertFalse(self.flagged())  # the pair is the service's job
        self.assertEqual(receiver.calls, [])
