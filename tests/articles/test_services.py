from datetime import date
from unittest import mock

from django.contrib.admin.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import QuerySet
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles import services
from articles.models import Article, ArticleDailyViews, NewsCodeCounter, Status
from articles.signals import article_text_saved
from exhibition import persian
from exhibition.access import TRANSLATORS_GROUP
from tests.articles.factories import ArticleFactory, StaffFactory, TagFactory


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
        # Its own row, and that row's revision (django-simple-history records every save).
        self.assertEqual(len(writes), 2, writes)
        self.assertIn('UPDATE "articles_article"', writes[0])
        self.assertIn('INSERT INTO "articles_historicalarticle"', writes[1])
        self.assertEqual(Article.objects.get(pk=self.source.pk).body, "<p>متن تازه خبر.</p>")
        self.assertFalse(self.flagged())  # the pair is the service's job
        self.assertEqual(receiver.calls, [])


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
        self.assertEqual(stored.status, Status.PUBLISHED)
        self.assertGreater(stored.published_at, timezone.now())  # scheduled
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


DAY = date(2026, 12, 5)


def on(day):
    return mock.patch("django.utils.timezone.localdate", return_value=day)


class RecordViewTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory()

    def daily(self):
        return dict(self.article.daily_views.values_list("date", "views"))

    def test_a_view_counts_in_the_total_and_in_its_day(self):
        with on(DAY):
            services.article_record_view(article=self.article)
            services.article_record_view(article=self.article)
        with on(date(2026, 12, 6)):
            services.article_record_view(article_pk=self.article.pk)
        self.article.refresh_from_db()
        self.assertEqual(self.article.view_count, 3)
        self.assertEqual(self.daily(), {DAY: 2, date(2026, 12, 6): 1})

    def test_the_loser_of_a_race_for_the_days_first_row_adds_to_it(self):
        # Our UPDATE found no row for the day; another reader's INSERT committed before
        # ours, which then conflicts: the view is still counted.
        ArticleDailyViews.objects.create(article=self.article, date=DAY, views=1)
        real_update = QuerySet.update
        missed = []

        def update(queryset, **fields):
            if queryset.model is ArticleDailyViews and not missed:
                missed.append(True)
                return 0
            return real_update(queryset, **fields)

        with on(DAY), mock.patch.object(QuerySet, "update", update):
            services.article_record_view(article=self.article)
        self.assertEqual(missed, [True])
        self.assertEqual(self.daily(), {DAY: 2})

    def test_a_deleted_article_gets_no_count(self):
        pk = self.article.pk
        Article.objects.filter(pk=pk).delete()
        services.article_record_view(article_pk=pk)
        self.assertFalse(ArticleDailyViews.objects.filter(article_id=pk).exists())

    def test_str_names_article_day_and_count(self):
        with on(DAY):
            services.article_record_view(article=self.article)
        self.assertEqual(
            str(self.article.daily_views.get()), f"{self.article.title} — 2026-12-05: 1"
        )
