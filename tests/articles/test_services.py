"""The review workflow's services: draft -> review -> published, and back to draft."""

from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.utils import timezone, translation

from articles import services
from articles.models import Article, Status
from exhibition.access import TRANSLATORS_GROUP
from tests.articles.factories import ArticleFactory, StaffFactory


class ReviewWorkflowServiceTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # The groups the migration creates (exhibition/migrations/0001_staff_groups.py).
        cls.reporter = StaffFactory(groups=["reporters"])
        cls.editor = StaffFactory(groups=["editors"])
        cls.translator = StaffFactory(groups=[TRANSLATORS_GROUP])
        cls.plain = StaffFactory()

    def setUp(self):
        self.draft = ArticleFactory(title="پیش‌نویس", status=Status.DRAFT, published_at=None)

    def stored_status(self, article):
        return Article.objects.get(pk=article.pk).status

    def test_a_reporter_submits_and_an_editor_publishes(self):
        services.article_submit_for_review(article=self.draft, by=self.reporter)
        self.assertEqual(self.stored_status(self.draft), Status.IN_REVIEW)
        self.assertNotIn(self.draft, Article.objects.published())
        services.article_publish(article=self.draft)
        self.assertTrue(Article.objects.get(pk=self.draft.pk).is_public)

    def test_an_editor_schedules_an_article_in_review(self):
        services.article_submit_for_review(article=self.draft, by=self.translator)
        at = timezone.now() + timezone.timedelta(days=1)
        services.article_schedule(article=self.draft, at=at)
        stored = Article.objects.get(pk=self.draft.pk)
        self.assertTrue(stored.is_scheduled)
        self.assertEqual(stored.published_at, at)

    def test_returning_to_draft_keeps_the_note_in_the_history(self):
        services.article_submit_for_review(article=self.draft, by=self.reporter)
        services.article_return_to_draft(article=self.draft, by=self.editor, note=" منبع؟ ")
        self.assertEqual(self.stored_status(self.draft), Status.DRAFT)
        entries = LogEntry.objects.filter(object_id=str(self.draft.pk)).order_by("pk")
        self.assertEqual(
            [(e.user_id, e.get_change_message()) for e in entries],
            [
                (self.reporter.pk, "برای بازبینی فرستاده شد."),
                (self.editor.pk, "به پیش‌نویس برگشت: منبع؟"),
            ],
        )

    def test_steps_from_the_wrong_state_are_refused_and_change_nothing(self):
        public = ArticleFactory(title="خبر منتشرشده")
        refused = [
            (services.article_return_to_draft, self.draft, self.editor, "پیش‌نویس است"),
            (services.article_return_to_draft, public, self.editor, "انتشارش را لغو کنید"),
            (services.article_submit_for_review, public, self.reporter, "منتشر شده"),
        ]
        for step, article, by, reason in refused:
            with self.subTest(step=step.__name__, article=article.title):
                before = self.stored_status(article)
                with self.assertRaises(ValidationError) as caught:
                    step(article=article, by=by)
                self.assertIn(reason, " ".join(caught.exception.messages))
                self.assertIn(article.title, " ".join(caught.exception.messages))
                self.assertEqual(self.stored_status(article), before)
        services.article_submit_for_review(article=self.draft, by=self.reporter)
        with self.assertRaises(ValidationError):
            services.article_submit_for_review(article=self.draft, by=self.reporter)

    def test_the_message_is_in_the_active_language(self):
        with translation.override("en"), self.assertRaises(ValidationError) as caught:
            services.article_return_to_draft(article=self.draft, by=self.editor)
        self.assertIn("is a draft already", caught.exception.messages[0])

    def test_the_stored_status_decides_not_a_stale_copy(self):
        stale = Article.objects.get(pk=self.draft.pk)
        services.article_submit_for_review(article=self.draft, by=self.reporter)
        with self.assertRaises(ValidationError):
            services.article_submit_for_review(article=stale, by=self.reporter)

    def test_only_staff_allowed_to_may_take_each_step(self):
        with self.assertRaises(PermissionDenied):
            services.article_submit_for_review(article=self.draft, by=self.plain)
        self.assertEqual(self.stored_status(self.draft), Status.DRAFT)
        services.article_submit_for_review(article=self.draft, by=self.reporter)
        for user in (self.reporter, self.translator, self.plain):
            with self.subTest(user=user.username), self.assertRaises(PermissionDenied):
                services.article_return_to_draft(article=self.draft, by=user)
        self.assertEqual(self.stored_status(self.draft), Status.IN_REVIEW)

    def test_an_invalid_article_is_not_submitted(self):
        Article.objects.filter(pk=self.draft.pk).update(body="")
        self.draft.refresh_from_db()
        with self.assertRaises(ValidationError):
            services.article_submit_for_review(article=self.draft, by=self.reporter)
        self.assertEqual(self.stored_status(self.draft), Status.DRAFT)
        self.assertEqual(self.draft.status, Status.DRAFT)
