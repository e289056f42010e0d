"""Read rules: ArticleQuerySet.public and related_to, and articles.selectors."""

from django.test import TestCase
from django.utils import timezone

from articles import services
from articles.models import Article, Status
from articles.selectors import article_counterpart, untranslated_news
from tests.articles.factories import ArticleFactory, DeskFactory


def hours_ago(hours):
    return timezone.now() - timezone.timedelta(hours=hours)


class PublicTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.persian = ArticleFactory(title="خبر فارسی", published_at=hours_ago(2))
        cls.english = ArticleFactory(title="English news", language="en")
        cls.draft = ArticleFactory(title="پیش‌نویس", status=Status.DRAFT, published_at=None)
        cls.scheduled = ArticleFactory(title="خبر فردا", published_at=hours_ago(-24))

    def test_a_reader_sees_the_published_articles_of_their_language_only(self):
        self.assertEqual(list(Article.objects.public("fa")), [self.persian])
        self.assertEqual(list(Article.objects.public("en")), [self.english])

    def test_a_scheduled_article_becomes_public_at_its_time_with_no_other_change(self):
        tomorrow = timezone.now() + timezone.timedelta(days=2)
        self.assertEqual(
            list(Article.objects.public("fa", now=tomorrow)), [self.scheduled, self.persian]
        )


class RelatedToTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = DeskFactory(slug="urban")
        cls.other_desk = DeskFactory(slug="international")
        cls.article = ArticleFactory(title="خبر اصلی", desk=cls.desk)
        cls.same_desk = ArticleFactory(title="همان سرویس", desk=cls.desk)
        cls.other = ArticleFactory(title="سرویس دیگر", desk=cls.other_desk)
        ArticleFactory(title="Same desk in English", desk=cls.desk, language="en")
        ArticleFactory(title="پیش‌نویس", desk=cls.desk, status=Status.DRAFT, published_at=None)

    def test_public_articles_of_the_same_service_and_language_without_the_article(self):
        self.assertEqual(list(Article.objects.related_to(self.article)), [self.same_desk])

    def test_an_article_without_a_service_is_related_to_any_in_its_language(self):
        loose = ArticleFactory(title="بی‌سرویس", desk=None)
        self.assertEqual(
            set(Article.objects.related_to(loose)), {self.article, self.same_desk, self.other}
        )


class UntranslatedNewsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.translated = ArticleFactory(title="ترجمه‌شده", published_at=hours_ago(1))
        cls.translation = ArticleFactory(title="Translated", language="en")
        services.article_pair(article=cls.translated, other=cls.translation)
        cls.draft_translated = ArticleFactory(title="ترجمهٔ پیش‌نویس", published_at=hours_ago(2))
        draft = ArticleFactory(
            title="Draft translation", language="en", status=Status.DRAFT, published_at=None
        )
        services.article_pair(article=cls.draft_translated, other=draft)
        cls.untranslated = ArticleFactory(title="ترجمه‌نشده", published_at=hours_ago(3))
        ArticleFactory(title="پیش‌نویس", status=Status.DRAFT, published_at=None)

    def test_an_english_reader_gets_the_persian_news_they_cannot_read_in_english(self):
        news = untranslated_news(language="en", count=10)
        self.assertEqual(news, [self.draft_translated, self.untranslated])

    def test_newest_first_and_no_more_than_asked(self):
        self.assertEqual(untranslated_news(language="en", count=1), [self.draft_translated])
        with self.assertNumQueries(0):
            self.assertEqual(untranslated_news(language="en", count=0), [])

    def test_a_persian_reader_has_nothing_missing_when_english_news_is_translated(self):
        self.assertEqual(untranslated_news(language="fa", count=10), [])


class CounterpartTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.persian = ArticleFactory(title="خبر")
        cls.english = ArticleFactory(title="News", language="en")
        cls.lonely = ArticleFactory(title="تنها")

    def test_the_pair_from_either_side(self):
        services.article_pair(article=self.persian, other=self.english)
        self.assertEqual(article_counterpart(self.persian), self.english)
        self.assertEqual(article_counterpart(self.english), self.persian)
        self.assertIsNone(article_counterpart(self.lonely))

    def test_found_when_only_the_other_side_recorded_the_pairing(self):
        Article.objects.filter(pk=self.english.pk).update(paired=self.persian)
        persian = Article.objects.select_related("paired", "paired_from").get(pk=self.persian.pk)
        with self.assertNumQueries(0):
            self.assertEqual(article_counterpart(persian), self.english)

    def test_only_a_public_counterpart_when_asked_for_one(self):
        services.article_pair(article=self.persian, other=self.english)
        Article.objects.filter(pk=self.english.pk).update(published_at=hours_ago(-1))
        persian = Article.objects.get(pk=self.persian.pk)
        self.assertEqual(article_counterpart(persian), self.english)
        self.assertIsNone(article_counterpart(persian, public=True))
