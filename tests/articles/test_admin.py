from django.contrib.auth.models import User
from django.test import TestCase
from django.utils import timezone

from articles.models import Article, Status
from tests.articles.factories import ArticleFactory, ServiceFactory

CHANGELIST = "/admin/articles/article/"


class ArticleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")
        cls.service = ServiceFactory(slug="urban-management")
        cls.article = ArticleFactory(
            title="شهرداری‌ها در نمایشگاه", service=cls.service,
            published_at=timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 5)),
        )  # fmt: skip
        cls.draft = ArticleFactory(title="پیش‌نویس", status=Status.DRAFT, published_at=None)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_changelist_shows_jalali_publish_time_and_views(self):
        response = self.client.get(CHANGELIST)
        self.assertContains(response, "۱۴۰۵/۰۸/۲۹ ۱۰:۰۵")
        self.assertContains(response, "شهرداری‌ها در نمایشگاه")

    def test_admin_search_uses_the_site_search(self):
        response = self.client.get(CHANGELIST, {"q": "شهرداريها"})
        self.assertEqual(list(response.context["cl"].result_list), [self.article])
        response = self.client.get(CHANGELIST, {"q": "پيش‌نويس"})  # drafts too
        self.assertEqual(list(response.context["cl"].result_list), [self.draft])

    def test_add_with_arabic_letters_and_latin_digits_says_what_normalization_changed(self):
        response = self.client.post(
            "/admin/articles/article/add/",
            {"language": "fa", "title": "نمايشگاه 1405 كلانشهرها", "slug": "",
             "body": "پاراگراف يك.\n\nپاراگراف يك.", "status": "published",
             "published_at_0": "2026-11-20", "published_at_1": "10:00:00",
             "service": self.service.pk,
             # the exhibitor-mentions inline the booths app adds, left empty
             "exhibitor_mentions-TOTAL_FORMS": "0", "exhibitor_mentions-INITIAL_FORMS": "0"},
            follow=True,
        )  # fmt: skip
        self.assertEqual(response.status_code, 200)
        article = Article.objects.get(title="نمایشگاه ۱۴۰۵ کلانشهرها")
        messages = [str(m) for m in response.context["messages"]]
        # staff read the admin in Persian (the site's default language)
        normalized = next(m for m in messages if "یکدست شد" in m)
        self.assertIn("حرف یکسان‌سازی شد", normalized)
        self.assertIn("4 رقم تبدیل شد", normalized)
        self.assertTrue(any("تکرار بند قبلی" in m for m in messages), messages)
        # and it is findable in any spelling, on the site and in the admin
        found = self.client.get("/fa/search/", {"q": "نمایشگاه ١٤٠٥ کلانشهر"})
        self.assertEqual(list(found.context["object_list"]), [article])
        self.assertTrue(article.news_code)

    def test_news_code_is_read_only(self):
        response = self.client.get(f"/admin/articles/article/{self.article.pk}/change/")
        self.assertNotContains(response, 'name="news_code"')
        self.assertContains(response, str(self.article.news_code))

    def test_publish_unpublish_and_schedule_actions(self):
        self.client.post(CHANGELIST, {"action": "publish_now", "_selected_action": [self.draft.pk]})
        self.draft.refresh_from_db()
        self.assertTrue(self.draft.is_public)
        self.client.post(CHANGELIST, {"action": "unpublish", "_selected_action": [self.draft.pk]})
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Status.DRAFT)
        later = (timezone.localtime() + timezone.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        self.client.post(CHANGELIST, {"action": "schedule", "publish_at": later,
                                      "_selected_action": [self.draft.pk]})  # fmt: skip
        self.draft.refresh_from_db()
        self.assertTrue(self.draft.is_scheduled)
        self.assertNotIn(self.draft, Article.objects.published())

    def test_publish_now_keeps_the_date_of_an_already_published_article(self):
        published_at = self.article.published_at
        self.assertTrue(self.article.is_public)
        self.client.post(
            CHANGELIST, {"action": "publish_now", "_selected_action": [self.article.pk]}
        )
        self.article.refresh_from_db()
        self.assertEqual(self.article.published_at, published_at)

    def test_schedule_in_the_past_is_refused(self):
        response = self.client.post(
            CHANGELIST, {"action": "schedule", "publish_at": "2020-01-01T10:00",
                         "_selected_action": [self.draft.pk]}, follow=True,
        )  # fmt: skip
        self.assertContains(response, "باید برای زمانی در آینده باشد")
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Status.DRAFT)

    def test_preview_link_on_the_change_page(self):
        response = self.client.get(f"/admin/articles/article/{self.draft.pk}/change/")
        self.assertContains(response, f"/fa/news/preview/{self.draft.pk}/")
