from django.contrib.auth.models import User
from django.test import TestCase

from articles import services
from articles.models import Article, Status
from booths.models import Mention
from tests.admin_forms import posted_form
from tests.articles.factories import ArticleFactory, StaffFactory
from tests.booths.factories import DistrictFactory

OLD_TITLE = "شهردار تهران از غرفه‌های نمایشگاه بازدید کرد"
NEW_TITLE = "شهردار تهران از غرفه‌های همایش بازدید کرد"


def history_url(article):
    return f"/admin/articles/article/{article.pk}/history/"


class ArticleRevisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_superuser("editor", password="pw-123456789")
        cls.restorer = User.objects.create_superuser("restorer", password="pw-123456789")

    def setUp(self):
        self.article = ArticleFactory(title=OLD_TITLE, body="متن نخست خبر.")
        self.client.force_login(self.editor)

    def edit_in_admin(self, **changes):
        change_url = f"/admin/articles/article/{self.article.pk}/change/"
        data = posted_form(self.client.get(change_url).context["adminform"].form)
        data.update(
            {
                "exhibitor_mentions-TOTAL_FORMS": "0",
                "exhibitor_mentions-INITIAL_FORMS": "0",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
            },
            **changes,
        )
        response = self.client.post(change_url, data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.article.refresh_from_db()

    def test_every_write_path_records_a_revision_with_its_author(self):
        self.assertEqual(self.article.history.count(), 1)  # created by a service: no user
        self.assertIsNone(self.article.history.get().history_user)
        services.article_update(article=self.article, title="عنوان از سرویس")
        self.edit_in_admin(title=NEW_TITLE)
        latest = self.article.history.first()
        self.assertEqual(self.article.history.count(), 3)
        self.assertEqual(latest.title, NEW_TITLE)
        self.assertEqual(latest.history_user, self.editor)
        self.assertIsNotNone(latest.history_date)

    def test_the_history_page_shows_who_changed_what_word_by_word(self):
        self.edit_in_admin(title=NEW_TITLE)
        response = self.client.get(history_url(self.article))
        self.assertContains(response, "editor")
        self.assertContains(response, f"نسخه‌های «{NEW_TITLE}»")
        self.assertContains(response, "ویرایش شد")
        self.assertContains(
            response, "از غرفه‌های <del>نمایشگاه</del> <ins>همایش</ins> بازدید", html=False
        )
        # fields that did not change are not listed for the edit
        self.assertNotContains(response, "<dt>متن</dt>", html=False)

    def test_restoring_a_revision_brings_back_its_text_as_a_new_revision(self):
        DistrictFactory(district=22)
        self.edit_in_admin(title=NEW_TITLE, body="بازدید از غرفه منطقه ۲۲.")
        self.assertTrue(Mention.objects.filter(article=self.article).exists())
        first = self.article.history.last()
        self.client.force_login(self.restorer)
        revision_url = f"{history_url(self.article)}{first.history_id}/"
        page = self.client.get(revision_url)
        self.assertContains(page, OLD_TITLE)
        response = self.client.post(revision_url, posted_form(page.context["adminform"].form))
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, OLD_TITLE)
        self.assertEqual(self.article.body, "<p>متن نخست خبر.</p>")
        restore = self.article.history.first()
        self.assertEqual(self.article.history.count(), 3)
        self.assertEqual(restore.history_user, self.restorer)
        self.assertEqual(restore.title, OLD_TITLE)
        # the site's search and the exhibitor mentions follow the restored text
        self.assertEqual(list(Article.objects.filter(search_document__contains="همایش")), [])
        self.assertTrue(Article.objects.filter(search_document__contains="نمایشگاه").exists())
        self.assertFalse(Mention.objects.filter(article=self.article).exists())

    def test_a_restore_keeps_the_view_count(self):
        Article.objects.filter(pk=self.article.pk).update(view_count=41)
        first = self.article.history.last()
        revision_url = f"{history_url(self.article)}{first.history_id}/"
        page = self.client.get(revision_url)
        self.client.post(revision_url, posted_form(page.context["adminform"].form))
        self.article.refresh_from_db()
        self.assertEqual(self.article.view_count, 41)

    def test_a_revisions_page_shows_what_restoring_it_would_change(self):
        self.edit_in_admin(title=NEW_TITLE)
        first = self.article.history.last()
        page = self.client.get(f"{history_url(self.article)}{first.history_id}/")
        self.assertContains(page, "از غرفه‌های <del>همایش</del> <ins>نمایشگاه</ins> بازدید")
        # in Persian, like the rest of the admin (the library has no Persian catalog)
        self.assertContains(page, f"نسخه‌ای از «{OLD_TITLE}»")
        self.assertContains(page, 'value="بازگرداندن این نسخه"')
        latest = self.article.history.first()
        page = self.client.get(f"{history_url(self.article)}{latest.history_id}/")
        self.assertNotContains(page, "<del>", html=False)

    def test_a_revision_of_another_article_or_none_is_a_404(self):
        other = ArticleFactory()
        for url in (
            f"{history_url(self.article)}{other.history.get().history_id}/",
            f"{history_url(self.article)}999999/",
            f"{history_url(self.article)}abc/",
            "/admin/articles/article/999999/history/",
            "/admin/articles/article/abc/history/",
            "/admin/articles/article/abc/history/1/",
            "/admin/booths/exhibitor/abc/history/",
        ):
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 404)


ARTICLE_PERMISSIONS = ["articles.view_article", "articles.add_article", "articles.change_article"]


class RestorePermissionTests(TestCase):
    """A restore is an edit: it needs the change permission, and it changes only what
    the restoring user may edit."""

    @classmethod
    def setUpTestData(cls):
        cls.viewer = StaffFactory(permissions=["articles.view_article"])
        cls.reporter = StaffFactory(permissions=ARTICLE_PERMISSIONS)

    def setUp(self):
        # a draft, then published by an editor (a service here)
        self.article = ArticleFactory(title=OLD_TITLE, status=Status.DRAFT, published_at=None)
        services.article_publish(article=self.article)
        services.article_update(article=self.article, title=NEW_TITLE)
        self.draft_revision = self.article.history.last()
        self.url = f"{history_url(self.article)}{self.draft_revision.history_id}/"

    def test_a_viewer_sees_revisions_but_cannot_restore_one(self):
        self.client.force_login(self.viewer)
        self.assertContains(self.client.get(history_url(self.article)), "<del>", html=False)
        page = self.client.get(self.url)
        self.assertNotContains(page, 'name="_save"', html=False)
        data = {"title": OLD_TITLE, "body": "متن", "language": "fa"}
        self.assertEqual(self.client.post(self.url, data).status_code, 403)
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, NEW_TITLE)

    def test_a_reporter_restores_the_text_but_not_the_publication_state(self):
        self.client.force_login(self.reporter)
        page = self.client.get(self.url)
        response = self.client.post(self.url, posted_form(page.context["adminform"].form))
        self.assertEqual(response.status_code, 302)
        self.article.refresh_from_db()
        self.assertEqual(self.article.title, OLD_TITLE)
        self.assertTrue(self.article.is_public)  # the revision was a draft
