from datetime import datetime

from django.contrib.auth.models import User
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, Status
from tests.admin_forms import posted_form
from tests.articles.factories import ArticleFactory

NOTE = "در نسخه نخست این خبر تاریخ افتتاح نمایشگاه نادرست آمده بود."
# 1 Azar 1405 in Tehran: the Jalali date Persian pages show.
CORRECTED_AT = timezone.make_aware(datetime(2026, 11, 22, 12, 0))


class CorrectionAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_superuser("editor", password="pw-123456789")

    def setUp(self):
        self.article = ArticleFactory(title="افتتاح نمایشگاه خواهرخواندگی")
        self.client.force_login(self.editor)
        self.change_url = f"/admin/articles/article/{self.article.pk}/change/"

    def post_edit(self, **changes):
        data = posted_form(self.client.get(self.change_url).context["adminform"].form)
        data.update(
            {
                "exhibitor_mentions-TOTAL_FORMS": "0",
                "exhibitor_mentions-INITIAL_FORMS": "0",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
            },
            **changes,
        )
        return self.client.post(self.change_url, data)

    def test_marking_an_edit_as_a_correction_shows_the_note_on_the_article(self):
        response = self.post_edit(is_correction="on", correction_note=NOTE)
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertIsNotNone(self.article.corrected_at)
        page = self.client.get(self.article.get_absolute_url())
        self.assertContains(page, '<aside class="correction"', html=False)
        self.assertContains(page, NOTE)
        self.assertContains(page, "اصلاحیه")
        # the revision the correction made says so in the history
        self.assertEqual(self.article.history.first().history_change_reason, NOTE)
        self.assertContains(self.client.get(f"{self.change_url[:-7]}history/"), NOTE)

    def test_an_ordinary_edit_shows_no_correction(self):
        self.assertEqual(self.post_edit(title="افتتاح نمایشگاه").status_code, 302)
        self.article.refresh_from_db()
        self.assertIsNone(self.article.corrected_at)
        page = self.client.get(self.article.get_absolute_url())
        self.assertNotContains(page, 'class="correction"', html=False)

    def test_a_correction_without_a_note_or_a_note_without_the_tick_is_a_form_error(self):
        response = self.post_edit(is_correction="on", correction_note="  ")
        self.assertEqual(response.status_code, 200)
        self.assertIn("correction_note", response.context["adminform"].form.errors)
        response = self.post_edit(correction_note=NOTE)
        self.assertEqual(response.status_code, 200)
        self.assertIn("is_correction", response.context["adminform"].form.errors)
        self.article.refresh_from_db()
        self.assertIsNone(self.article.corrected_at)
        self.assertEqual(self.article.correction_note, "")

    def test_a_long_note_is_kept_whole_in_the_revision(self):
        note = " ".join([NOTE] * 8)  # well past a short "reason" column
        self.assertEqual(self.post_edit(is_correction="on", correction_note=note).status_code, 302)
        self.assertEqual(self.article.history.first().history_change_reason, note)

    def test_the_note_is_normalized_like_other_text(self):
        self.post_edit(is_correction="on", correction_note="تاريخ 1405 اصلاح شد")
        self.article.refresh_from_db()
        self.assertEqual(self.article.correction_note, "تاریخ ۱۴۰۵ اصلاح شد")

    def test_a_restore_keeps_the_published_correction(self):
        first = self.article.history.last()
        self.post_edit(is_correction="on", correction_note=NOTE)
        revision_url = f"{self.change_url[:-7]}history/{first.history_id}/"
        page = self.client.get(revision_url)
        self.client.post(revision_url, posted_form(page.context["adminform"].form))
        self.article.refresh_from_db()
        self.assertEqual(self.article.correction_note, NOTE)
        self.assertIsNotNone(self.article.corrected_at)


class CorrectionsPageTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        def corrected(note, at, **fields):
            article = ArticleFactory(**fields)
            Article.objects.filter(pk=article.pk).update(correction_note=note, corrected_at=at)
            return article

        cls.older = corrected("اصلاح نام شهر", CORRECTED_AT, title="خبر قدیمی‌تر")
        cls.newer = corrected(NOTE, CORRECTED_AT + timezone.timedelta(days=3), title="خبر تازه")
        cls.draft = corrected(
            "اصلاح پیش‌نویس",
            CORRECTED_AT,
            title="پیش‌نویس اصلاح‌شده",
            status=Status.DRAFT,
            published_at=None,
        )
        cls.scheduled = corrected(
            "اصلاح خبر زمان‌بندی‌شده",
            CORRECTED_AT,
            title="خبر زمان‌بندی‌شده",
            published_at=timezone.now() + timezone.timedelta(days=1),
        )
        cls.english = corrected(
            "An earlier version gave the wrong opening date.",
            CORRECTED_AT,
            title="Sister cities fair opens",
            body="Mayors met.",
            language="en",
        )
        cls.uncorrected = ArticleFactory(title="خبر بی‌اصلاحیه")

    def test_lists_public_corrected_articles_newest_correction_first(self):
        response = self.client.get("/fa/news/corrections/")
        self.assertEqual(list(response.context["object_list"]), [self.newer, self.older])
        self.assertContains(response, NOTE)
        self.assertContains(response, "اصلاحیه‌ها")
        self.assertContains(response, "۱ آذر ۱۴۰۵")  # the correction's date, in Jalali
        for hidden in ("پیش‌نویس اصلاح‌شده", "خبر زمان‌بندی‌شده", "خبر بی‌اصلاحیه"):
            self.assertNotContains(response, hidden)

    def test_the_english_page_lists_the_english_edition(self):
        response = self.client.get("/en/news/corrections/")
        self.assertEqual(list(response.context["object_list"]), [self.english])
        self.assertContains(response, "<h1>Corrections</h1>", html=True)
        self.assertContains(response, "22 November 2026")
        article = self.client.get(self.english.get_absolute_url())
        self.assertContains(article, "Correction")
        self.assertContains(article, "An earlier version gave the wrong opening date.")

    def test_the_news_pages_link_to_it(self):
        for language in ("fa", "en"):
            with self.subTest(language=language):
                response = self.client.get(f"/{language}/news/")
                self.assertContains(response, f'href="/{language}/news/corrections/"')

    def test_a_drafts_correction_is_not_public(self):
        preview = self.client.get(self.draft.get_absolute_url())
        self.assertEqual(preview.status_code, 404)
