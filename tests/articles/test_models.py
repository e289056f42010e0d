from datetime import date
from unittest import mock
from urllib.parse import unquote

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.test import TestCase
from django.utils import timezone, translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from articles import services
from articles.models import Article, Status
from exhibition import persian
from tests.articles.factories import ArticleFactory, DeskFactory, TagFactory


class ArticleModelTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.desk = DeskFactory(slug="urban-management", name_fa="مدیریت شهری")
        cls.article = ArticleFactory(
            title="شهرداري تهران در نمايشگاه 1403",
            kicker="گزارش ويژه",
            body="اولين پاراگراف.\n\nدومين پاراگراف <b>مهم</b> است.<script>alert(1)</script>",
            desk=cls.desk,
        )

    def test_arabic_letters_and_latin_digits_are_normalized_on_save(self):
        self.assertEqual(self.article.title, "شهرداری تهران در نمایشگاه ۱۴۰۳")
        self.assertEqual(self.article.kicker, "گزارش ویژه")

    def test_body_html_is_reduced_to_the_allowlist_and_keeps_paragraphs(self):
        self.assertNotIn("<script", self.article.body)
        self.assertIn("<b>مهم</b>", self.article.body)
        self.assertIn("اولین پاراگراف.", self.article.body)
        self.assertIn("دومین پاراگراف", self.article.body)

    def test_plain_text_paragraphs_become_html_paragraphs(self):
        article = ArticleFactory(body="یک.\n\nدو.\n\nسه.")
        self.assertEqual(article.body.count("<p>"), 3)

    def test_slug_is_mehr_style_from_the_title(self):
        article = ArticleFactory(title="شهرداري‌ها در نمایشگاه")
        self.assertEqual(article.slug, "شهرداری-ها-در-نمایشگاه")

    def test_url_contains_language_news_code_and_slug(self):
        url = unquote(self.article.get_absolute_url())
        self.assertEqual(url, f"/fa/news/{self.article.news_code}/{self.article.slug}/")

    def test_search_document_holds_canonical_keys_including_tags(self):
        tag = TagFactory(name_fa="دانش‌بنیان", slug="knowledge-based")
        services.article_update(article=self.article, tags=[tag])
        self.article.refresh_from_db()
        self.assertIn("شهرداری", self.article.search_document)
        self.assertIn("1403", self.article.search_document)
        self.assertIn("دانش بنیان", self.article.search_document)

    def test_search_document_holds_both_tag_languages_whatever_language_is_active(self):
        tag = TagFactory(name_fa="دانش‌بنیان", name_en="Knowledge-based", slug="kb-both")
        with translation.override("en"):
            services.article_update(article=self.article, tags=[tag])
        self.article.refresh_from_db()
        self.assertIn("دانش بنیان", self.article.search_document)
        self.assertIn(persian.search_key("Knowledge-based"), self.article.search_document)

    def test_tag_names_keep_zwnj(self):
        tag = TagFactory(name_fa="شرکت‌های دانش‌بنیان", slug="kb")
        tag.refresh_from_db()
        self.assertIn("\u200c", tag.name_fa)

    def test_news_codes_are_never_reused_after_delete(self):
        first = ArticleFactory()
        code = first.news_code
        first.delete()
        second = ArticleFactory()
        self.assertGreater(second.news_code, code)

    def test_news_code_is_unique_in_the_database(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=ArticleFactory().pk).update(news_code=self.article.news_code)

    def test_published_article_needs_a_time_in_the_database(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=self.article.pk).update(published_at=None)

    def test_pair_must_be_in_the_other_language(self):
        other = ArticleFactory(language="fa")
        with self.assertRaises(ValidationError):
            services.article_pair(article=self.article, other=other)
        english = ArticleFactory(language="en", title="Tehran fair", body="Text.")
        services.article_pair(article=self.article, other=english)
        self.article.refresh_from_db()
        english.refresh_from_db()
        self.assertEqual(self.article.paired, english)
        self.assertEqual(english.paired, self.article)

    def test_the_database_knows_the_review_status_and_no_other(self):
        Article.objects.filter(pk=self.article.pk).update(status=Status.IN_REVIEW)
        with translation.override("fa"):
            label = Article.objects.get(pk=self.article.pk).get_status_display()
        self.assertEqual(label, "در انتظار بازبینی")
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=self.article.pk).update(status="approved")

    def test_article_cannot_be_paired_with_itself_in_the_database(self):
        with self.assertRaises(IntegrityError), transaction.atomic():
            Article.objects.filter(pk=self.article.pk).update(paired=self.article.pk)


class QuerySetTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.public = ArticleFactory(published_at=now - timezone.timedelta(days=1))
        cls.scheduled = ArticleFactory(published_at=now + timezone.timedelta(hours=2))
        cls.draft = ArticleFactory(status=Status.DRAFT, published_at=None)
        cls.in_review = ArticleFactory(status=Status.IN_REVIEW, published_at=None)
        cls.english = ArticleFactory(language="en", title="Fair opens", body="The fair.")

    def test_published_hides_drafts_articles_in_review_and_scheduled_items(self):
        self.assertEqual(set(Article.objects.published()), {self.public, self.english})

    def test_in_review_is_the_editors_queue(self):
        self.assertEqual(list(Article.objects.in_review()), [self.in_review])

    def test_scheduled_items_appear_when_their_time_comes_without_a_cron(self):
        later = timezone.now() + timezone.timedelta(hours=3)
        self.assertIn(self.scheduled, Article.objects.published(now=later))

    def test_in_language(self):
        self.assertEqual(list(Article.objects.published().in_language("en")), [self.english])

    def test_most_viewed_orders_by_views(self):
        for article, views in ((self.public, 3), (self.draft, 5)):
            for _ in range(views):
                services.article_record_view(article=article)
        self.assertEqual(Article.objects.published().most_viewed().first(), self.public)
        self.assertEqual(Article.objects.most_viewed().first(), self.draft)  # an ordering only


class MostViewedInTests(TestCase):
    """Views counted on different days land in the right windows."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.old, cls.new, cls.quiet = (
            ArticleFactory(published_at=now - timezone.timedelta(days=days)) for days in (9, 1, 2)
        )
        views = {
            cls.old: {date(2026, 11, 10): 9, date(2026, 12, 1): 2, date(2026, 12, 5): 1},
            cls.new: {date(2026, 12, 4): 2, date(2026, 12, 5): 1},
        }
        for article, days in views.items():
            for day, count in days.items():
                with mock.patch("django.utils.timezone.localdate", return_value=day):
                    for _ in range(count):
                        services.article_record_view(article=article)

    def ranked(self, start):
        return [(a, a.period_views) for a in Article.objects.most_viewed_in(start)]

    def test_a_day_holds_only_its_views_and_ties_go_newest_first(self):
        self.assertEqual(self.ranked(date(2026, 12, 5)), [(self.new, 1), (self.old, 1)])

    def test_a_week_sums_its_days(self):
        self.assertEqual(self.ranked(date(2026, 11, 29)), [(self.old, 3), (self.new, 3)][::-1])

    def test_a_month_and_all_time(self):
        self.assertEqual(self.ranked(date(2026, 11, 6)), [(self.old, 12), (self.new, 3)])
        # All time also lists the unviewed, last; from the total, not the days.
        self.assertEqual(self.ranked(None), [(self.old, 12), (self.new, 3), (self.quiet, 0)])

    def test_a_window_with_no_views_is_empty(self):
        self.assertEqual(self.ranked(date(2026, 12, 6)), [])


persian_text = st.text(
    alphabet=st.sampled_from(
        list("ابپتثجچحخدذرزسشصطعغفقکگلمنوهیيكةۀأؤئآ۰۱۲٣١2 \u200c\u064b\u0640.،:؛!؟«»\n<>&\"'")
    ),
    max_size=120,
)


class NormalizationIdempotenceTests(HypothesisTestCase):
    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(title=persian_text.filter(str.strip), kicker=persian_text, body=persian_text)
    def test_saving_a_normalized_article_again_changes_nothing(self, title, kicker, body):
        article = Article(news_code=1, title=title, kicker=kicker, lead=kicker, body=body or "x")
        article.save()
        once = (article.title, article.kicker, article.lead, article.body, article.search_document)
        article.save()
        twice = (article.title, article.kicker, article.lead, article.body, article.search_document)
        self.assertEqual(once, twice)
        self.assertFalse(article.normalization_report.changed)


class NormalizationReportTests(TestCase):
    def test_the_report_counts_digits_moved_apart_from_letters_as_digits(self):
        article = Article(news_code=1, title="واژه1 واژه2", body="متن.")
        article.save()
        self.assertEqual(article.title, "واژه ۱ واژه ۲")
        report = article.normalization_report
        self.assertEqual((report.digits, report.spacing, report.other), (2, 2, 0))

    def test_the_fields_are_reported_in_order_with_a_changed_body_last(self):
        article = Article(news_code=1, title="واژه1", body="متن با كاف", reporter="\u202eنام")
        article.save()
        self.assertEqual(article.body, "<p>متن با کاف</p>")
        report = article.normalization_report
        self.assertEqual(report.fields, ["title", "reporter", "body"])
        # The title's digit, the reporter's control character, the body's Arabic kaf.
        self.assertEqual((report.digits, report.letters), (1, 1))

    def test_a_plain_body_that_only_gains_its_paragraph_markup_is_not_reported(self):
        article = Article(
            news_code=1, title="Mayors meet", body="English body text.", language="en"
        )
        article.save()
        self.assertEqual(article.body, "<p>English body text.</p>")
        self.assertFalse(article.normalization_report.changed)
