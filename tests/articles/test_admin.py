import re
from unittest import mock

from django.contrib.auth.models import User
from django.test import TestCase
from django.utils import timezone, translation

from articles import services
from articles.admin import ArticleAdmin
from articles.models import Article, Desk, Status, Tag
from articles.selectors import article_counterpart
from exhibition import persian
from exhibition.access import TRANSLATORS_GROUP
from tests.admin_forms import ARTICLE_INLINES_EMPTY
from tests.articles.factories import ArticleFactory, DeskFactory, StaffFactory

CHANGELIST = "/admin/articles/article/"


def is_scheduled(article):
    """Published with a publish time still to come: the public sees it then."""
    return (
        article.status == Status.PUBLISHED
        and article.published_at is not None
        and article.published_at > timezone.now()
    )


class ArticleAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")
        cls.desk = DeskFactory(slug="urban-management")
        cls.article = ArticleFactory(
            title="شهرداری‌ها در نمایشگاه",
            desk=cls.desk,
            published_at=timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 5)),
        )
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

    def test_an_admin_search_with_nothing_to_look_for_finds_nothing_and_says_why(self):
        for q in ("-نمایشگاه", "«»!!"):
            with self.subTest(q=q):
                response = self.client.get(CHANGELIST, {"q": q})
                self.assertEqual(list(response.context["cl"].result_list), [])
                self.assertContains(response, "کلمه‌ای برای جست‌وجو نیست")

    def test_add_with_arabic_letters_and_latin_digits_says_what_normalization_changed(self):
        response = self.client.post(
            "/admin/articles/article/add/",
            {
                "language": "fa",
                "title": "نمايشگاه 1405 كلانشهرها",
                "slug": "",
                "body": "پاراگراف يك.\n\nپاراگراف يك.",
                "status": "published",
                "published_at_0": "2026-11-20",
                "published_at_1": "10:00:00",
                "desk": self.desk.pk,
                # the exhibitor-mentions inline the booths app adds, left empty
                "exhibitor_mentions-TOTAL_FORMS": "0",
                "exhibitor_mentions-INITIAL_FORMS": "0",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
            },
            follow=True,
        )
        self.assertEqual(response.status_code, 200)
        article = Article.objects.get(title="نمایشگاه ۱۴۰۵ کلانشهرها")
        messages = [str(m) for m in response.context["messages"]]
        # staff read the admin in Persian (the site's default language)
        normalized = next(m for m in messages if "یکدست شد" in m)
        self.assertIn("حرف یکسان‌سازی شد", normalized)
        # in Persian digits, the fields listed with the Persian comma
        self.assertIn("۴ رقم تبدیل شد", normalized)
        self.assertIn("تیتر، متن خبر", normalized)
        self.assertTrue(any("تکرار بند قبلی" in m for m in messages), messages)
        # and it is findable in any spelling, on the site and in the admin
        found = self.client.get("/fa/search/", {"q": "نمایشگاه ١٤٠٥ کلانشهر"})
        self.assertEqual(list(found.context["object_list"]), [article])
        self.assertTrue(article.news_code)

    def test_a_title_that_normalizing_makes_too_long_is_a_form_error(self):
        # 299 characters as typed; «واژه1» becomes «واژه ۱»: 349 once normalized.
        title = "واژه1" * 50 + "ی" * 49
        response = self.client.post(
            "/admin/articles/article/add/",
            {
                "language": "fa",
                "title": title,
                "slug": "",
                "body": "متن.",
                "status": "draft",
                "exhibitor_mentions-TOTAL_FORMS": "0",
                "exhibitor_mentions-INITIAL_FORMS": "0",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 200)
        numbers = sorted(
            map(int, re.findall(r"\d+", response.context["adminform"].form.errors["title"][0]))
        )
        self.assertEqual(numbers[0], 300)  # the limit, and the normalized length beyond it
        self.assertGreater(numbers[1], 300)
        self.assertFalse(Article.objects.filter(title__startswith="واژه").exists())

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
        self.client.post(
            CHANGELIST,
            {"action": "schedule", "publish_at": later, "_selected_action": [self.draft.pk]},
        )
        self.draft.refresh_from_db()
        self.assertTrue(is_scheduled(self.draft))
        self.assertNotIn(self.draft, Article.objects.published())

    def test_a_jalali_publish_date_is_read_as_jalali(self):
        response = self.client.post(
            "/admin/articles/article/add/",
            {
                "language": "fa",
                "title": "خبر تاریخ‌دار",
                "slug": "",
                "body": "متن.",
                "status": "published",
                "published_at_0": "1405-08-29",
                "published_at_1": "10:05:00",
                "exhibitor_mentions-TOTAL_FORMS": "0",
                "exhibitor_mentions-INITIAL_FORMS": "0",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(title="خبر تاریخ‌دار")
        self.assertEqual(article.published_at, self.article.published_at)  # 20 Nov 2026, 10:05

    def test_the_schedule_action_reads_a_jalali_time_as_jalali(self):
        self.client.post(
            CHANGELIST,
            {
                "action": "schedule",
                "publish_at": "1410-01-01T09:00",
                "_selected_action": [self.draft.pk],
            },
        )
        self.draft.refresh_from_db()
        self.assertTrue(is_scheduled(self.draft))
        local = timezone.localtime(self.draft.published_at)
        self.assertEqual((local.year, local.month, local.day, local.hour), (2031, 3, 21, 9))

    def test_a_time_the_schedule_action_cannot_read_is_named_in_its_message(self):
        for typed in ("garbage", "2030-99-99T10:00"):
            with self.subTest(typed=typed):
                response = self.client.post(
                    CHANGELIST,
                    {
                        "action": "schedule",
                        "publish_at": typed,
                        "_selected_action": [self.draft.pk],
                    },
                    follow=True,
                )
                messages = [str(m) for m in response.context["messages"]]
                self.assertTrue(any(typed in m for m in messages), messages)
                self.draft.refresh_from_db()
                self.assertEqual(self.draft.status, Status.DRAFT)

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
            CHANGELIST,
            {
                "action": "schedule",
                "publish_at": "2020-01-01T10:00",
                "_selected_action": [self.draft.pk],
            },
            follow=True,
        )
        self.assertContains(response, "باید برای زمانی در آینده باشد")
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Status.DRAFT)

    def test_preview_link_on_the_change_page(self):
        response = self.client.get(f"/admin/articles/article/{self.draft.pk}/change/")
        self.assertContains(response, f"/fa/news/preview/{self.draft.pk}/")


def gettext(message):
    """A message as staff read it: the admin is in Persian."""
    with translation.override("fa"):
        return translation.gettext(message)


class JalaliPublishedFilterTests(TestCase):
    """The Persian admin filters by Jalali months and years; the English one keeps
    Django's Gregorian date filter."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")
        # 20 November 2026 is 29 Aban 1405, 22 November 1 Azar; 1 March 2026 is in 1404.
        cls.aban = ArticleFactory(
            title="آبان", published_at=timezone.make_aware(timezone.datetime(2026, 11, 20, 10))
        )
        cls.azar = ArticleFactory(
            title="آذر", published_at=timezone.make_aware(timezone.datetime(2026, 11, 22, 10))
        )
        cls.old = ArticleFactory(
            title="اسفند", published_at=timezone.make_aware(timezone.datetime(2026, 3, 1, 10))
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def listed(self, params):
        response = self.client.get(CHANGELIST, params)
        self.assertEqual(response.status_code, 200)
        return set(response.context["cl"].result_list)

    def test_months_and_years_with_news_are_offered_in_jalali(self):
        html = self.client.get(CHANGELIST).content.decode()
        for label in ("آبان ۱۴۰۵", "آذر ۱۴۰۵", "اسفند ۱۴۰۴", "?published=1405", "?published=1404"):
            self.assertIn(label, html)
        self.assertNotIn("published_at__gte", html)  # no Gregorian «this month»

    def test_a_month_or_a_year_filters_the_list(self):
        self.assertEqual(self.listed({"published": "1405-8"}), {self.aban})
        self.assertEqual(self.listed({"published": "1405-9"}), {self.azar})
        self.assertEqual(self.listed({"published": "1405"}), {self.aban, self.azar})
        self.assertEqual(self.listed({"published": "۱۴۰۴"}), {self.old})

    def test_a_period_that_does_not_exist_changes_nothing(self):
        for value in ("1405-13", "abc", "99999"):
            with self.subTest(value=value):
                # The admin's own answer to a bad filter: back to the list, flagged.
                response = self.client.get(CHANGELIST, {"published": value})
                self.assertRedirects(response, f"{CHANGELIST}?e=1", fetch_redirect_response=False)

    def test_the_english_admin_keeps_the_gregorian_filter(self):
        response = self.client.get(CHANGELIST, headers={"accept-language": "en"})
        if translation.get_language_from_request(response.wsgi_request) != "en":
            self.skipTest("the admin's language is not chosen by the browser here")
        self.assertIn("published_at__gte", response.content.decode())


class ArticleAdminPairingTests(TestCase):
    """Pairs stay two-sided: the admin refuses a target that has another counterpart."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")
        cls.persian = ArticleFactory(title="خبر نمایشگاه")
        cls.english = ArticleFactory(title="Fair news", body="Mayors met.", language="en")
        cls.other_persian = ArticleFactory(title="خبر دیگر")
        services.article_pair(article=cls.other_persian, other=cls.english)

    def setUp(self):
        self.client.force_login(self.admin)

    def change(self, article, paired):
        data = {
            "language": article.language,
            "title": article.title,
            "slug": article.slug,
            "body": article.body,
            "status": article.status,
            "published_at_0": timezone.localtime(article.published_at).strftime("%Y-%m-%d"),
            "published_at_1": timezone.localtime(article.published_at).strftime("%H:%M:%S"),
            "desk": article.desk_id,
            "paired": paired.pk,
            "exhibitor_mentions-TOTAL_FORMS": "0",
            "exhibitor_mentions-INITIAL_FORMS": "0",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        }
        return self.client.post(f"/admin/articles/article/{article.pk}/change/", data)

    def test_pairing_with_an_already_paired_article_is_a_form_error(self):
        response = self.change(self.persian, self.english)
        self.assertEqual(response.status_code, 200)  # the form again, not a redirect
        errors = response.context["adminform"].form.errors["paired"]
        expected = gettext("%(other)s is already paired with %(counterpart)s; unpair them first.")
        self.assertEqual(errors, [expected % {"other": "«Fair news»", "counterpart": "«خبر دیگر»"}])
        self.assertIn("«Fair news»", errors[0])
        self.persian.refresh_from_db()
        self.assertIsNone(self.persian.paired_id)
        self.english.refresh_from_db()
        self.assertEqual(article_counterpart(self.english), self.other_persian)

    def test_target_paired_only_from_the_other_side_is_refused_too(self):
        # B is the target of C→B but points nowhere itself: A→B would still make a chain.
        Article.objects.filter(pk=self.english.pk).update(paired=None)
        response = self.change(self.persian, self.english)
        self.assertEqual(response.status_code, 200)
        self.assertIn("«خبر دیگر»", " ".join(response.context["adminform"].form.errors["paired"]))
        self.persian.refresh_from_db()
        self.assertIsNone(self.persian.paired_id)

    def test_pairing_in_the_same_language_is_a_form_error(self):
        response = self.change(self.persian, self.other_persian)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.context["adminform"].form.errors["paired"],
            [gettext("The paired article must be in the other language.")],
        )
        self.persian.refresh_from_db()
        self.assertIsNone(self.persian.paired_id)

    def test_a_free_counterpart_in_the_other_language_is_saved(self):
        free = ArticleFactory(title="Another story", body="Text.", language="en")
        response = self.change(self.persian, free)
        self.assertEqual(response.status_code, 302)
        self.persian.refresh_from_db()
        self.assertEqual(self.persian.paired, free)


PUBLISHING_ACTIONS = {"publish_now", "unpublish", "schedule"}
ARTICLE_PERMISSIONS = ["articles.view_article", "articles.add_article", "articles.change_article"]


class ArticleRoleTests(TestCase):
    """What each newsroom role may do with articles: only an editor (publish_article)
    or a superuser decides what is public."""

    @classmethod
    def setUpTestData(cls):
        cls.viewer = StaffFactory(permissions=["articles.view_article"])
        cls.reporter = StaffFactory(permissions=ARTICLE_PERMISSIONS)
        cls.editor = StaffFactory(permissions=[*ARTICLE_PERMISSIONS, "articles.publish_article"])
        cls.root = User.objects.create_superuser("root", password="pw-123456789")
        cls.draft = ArticleFactory(title="پیش‌نویس خبر", status=Status.DRAFT, published_at=None)
        cls.public = ArticleFactory(title="خبر منتشرشده")

    def actions_offered(self, user):
        self.client.force_login(user)
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        form = response.context["action_form"]  # None: no action at all
        return {name for name, _label in form.fields["action"].choices if name} if form else set()

    def run_action(self, user, action, article):
        self.client.force_login(user)
        data = {"action": action, "_selected_action": [article.pk]}
        if action == "schedule":
            later = timezone.localtime() + timezone.timedelta(days=2)
            data["publish_at"] = later.strftime("%Y-%m-%dT%H:%M")
        self.client.post(CHANGELIST, data)
        article.refresh_from_db()
        return article

    def test_publishing_actions_are_offered_to_editors_and_superusers_only(self):
        for user in (self.viewer, self.reporter):
            with self.subTest(user=user):
                self.assertFalse(self.actions_offered(user) & PUBLISHING_ACTIONS)
        for user in (self.editor, self.root):
            with self.subTest(user=user):
                self.assertLessEqual(PUBLISHING_ACTIONS, self.actions_offered(user))

    def test_a_reporter_cannot_run_a_publishing_action_by_posting_it(self):
        self.assertEqual(self.run_action(self.reporter, "publish_now", self.draft).status, "draft")
        self.assertFalse(is_scheduled(self.run_action(self.reporter, "schedule", self.draft)))
        self.assertTrue(self.run_action(self.reporter, "unpublish", self.public).is_public)
        self.assertEqual(self.run_action(self.viewer, "publish_now", self.draft).status, "draft")

    def test_an_editor_runs_every_publishing_action(self):
        self.assertTrue(self.run_action(self.editor, "publish_now", self.draft).is_public)
        self.assertFalse(self.run_action(self.editor, "unpublish", self.draft).is_public)
        self.assertTrue(is_scheduled(self.run_action(self.editor, "schedule", self.draft)))

    def post_form(self, user, url, **changes):
        self.client.force_login(user)
        later = timezone.localtime() - timezone.timedelta(hours=1)
        data = {
            "language": "fa",
            "title": "خبر گزارشگر",
            "slug": "",
            "body": "متن خبر.",
            "status": "published",
            "published_at_0": later.strftime("%Y-%m-%d"),
            "published_at_1": later.strftime("%H:%M:%S"),
            "exhibitor_mentions-TOTAL_FORMS": "0",
            "exhibitor_mentions-INITIAL_FORMS": "0",
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
            **changes,
        }
        return self.client.post(url, data)

    def test_a_reporter_saves_drafts_but_cannot_make_them_public_from_the_form(self):
        self.client.force_login(self.reporter)
        form = self.client.get("/admin/articles/article/add/")
        self.assertNotContains(form, 'name="status"')
        self.assertNotContains(form, 'name="published_at')
        response = self.post_form(self.reporter, "/admin/articles/article/add/")
        self.assertEqual(response.status_code, 302)
        added = Article.objects.get(title="خبر گزارشگر")
        self.assertEqual((added.status, added.published_at), ("draft", None))
        url = f"/admin/articles/article/{self.draft.pk}/change/"
        self.assertEqual(self.post_form(self.reporter, url, title="عنوان تازه").status_code, 302)
        self.draft.refresh_from_db()
        self.assertEqual((self.draft.title, self.draft.status), ("عنوان تازه", "draft"))

    def test_an_editor_publishes_from_the_form(self):
        url = f"/admin/articles/article/{self.draft.pk}/change/"
        self.assertEqual(self.post_form(self.editor, url, title="عنوان تازه").status_code, 302)
        self.draft.refresh_from_db()
        self.assertTrue(self.draft.is_public)

    def test_preview_is_for_staff_who_may_see_articles(self):
        url = f"/fa/news/preview/{self.draft.pk}/"
        for user in (self.viewer, self.reporter, self.editor, self.root):
            with self.subTest(user=user):
                self.client.force_login(user)
                self.assertContains(self.client.get(url), "پیش‌نویس خبر")
        self.client.force_login(StaffFactory())  # staff in no group, with no permission
        response = self.client.get(url)
        self.assertContains(response, "دسترسی ندارید", status_code=403)  # the site's own page
        self.assertNotContains(response, "پیش‌نویس خبر", status_code=403)
        self.client.logout()
        self.assertRedirects(
            self.client.get(url), f"/admin/login/?next={url}", fetch_redirect_response=False
        )


REVIEW_QUEUE = f"{CHANGELIST}?status__exact=review"
EDITOR_ACTIONS = {"publish_now", "schedule", "return_to_draft", "unpublish"}


class ReviewWorkflowPerRoleTests(TestCase):
    """The newsroom's roles as the groups the migration creates: what each is offered in
    the admin, what each can run, and the editors' queue."""

    @classmethod
    def setUpTestData(cls):
        cls.users = {
            "reporter": StaffFactory(groups=["reporters"]),
            "editor": StaffFactory(groups=["editors"]),
            "translator": StaffFactory(groups=[TRANSLATORS_GROUP]),
            "site admin": StaffFactory(groups=["site admins"]),
            "plain staff": StaffFactory(),
        }
        cls.draft = ArticleFactory(title="پیش‌نویس گزارشگر", status=Status.DRAFT, published_at=None)
        cls.waiting = ArticleFactory(title="خبر در صف", status=Status.IN_REVIEW, published_at=None)
        cls.public = ArticleFactory(title="خبر منتشرشده")

    def login(self, role):
        self.client.force_login(self.users[role])

    def test_only_those_who_publish_change_what_is_live(self):
        url = f"/admin/articles/article/{self.public.pk}/change/"
        for role, may in (
            ("reporter", False),
            ("translator", False),
            ("editor", True),
            ("site admin", True),
        ):
            with self.subTest(role=role):
                self.login(role)
                response = self.client.post(url, {"title": "تیتر دیگر"})
                title = Article.objects.get(pk=self.public.pk).title
                if may:
                    self.assertNotEqual(response.status_code, 403)
                else:
                    # Read-only for them (the admin shows it, refuses the change).
                    self.assertEqual(response.status_code, 403)
                    self.assertEqual(title, "خبر منتشرشده")
                    self.assertEqual(self.client.get(url).status_code, 200)
        # Their own drafts stay theirs to edit.
        self.login("reporter")
        draft_url = f"/admin/articles/article/{self.draft.pk}/change/"
        self.assertContains(self.client.get(draft_url), 'name="title"')

    def actions_offered(self, role):
        self.login(role)
        response = self.client.get(CHANGELIST)
        self.assertEqual(response.status_code, 200)
        form = response.context["action_form"]
        return {name for name, _label in form.fields["action"].choices if name} if form else set()

    def run_action(self, role, action, article, **data):
        self.login(role)
        if action == "schedule":
            later = timezone.localtime() + timezone.timedelta(days=2)
            data["publish_at"] = later.strftime("%Y-%m-%dT%H:%M")
        response = self.client.post(
            CHANGELIST, {"action": action, "_selected_action": [article.pk], **data}, follow=True
        )
        article.refresh_from_db()
        return response

    def messages(self, response):
        return [str(m) for m in response.context["messages"]]

    def test_each_role_is_offered_only_the_actions_it_may_run(self):
        self.assertEqual(self.actions_offered("reporter"), {"submit_for_review"})
        self.assertEqual(self.actions_offered("translator"), {"submit_for_review"})
        for role in ("editor", "site admin"):
            with self.subTest(role=role):
                self.assertEqual(
                    self.actions_offered(role),
                    {"submit_for_review", "delete_selected", *EDITOR_ACTIONS},
                )
        self.login("plain staff")
        self.assertEqual(self.client.get(CHANGELIST).status_code, 403)

    def test_only_those_who_publish_see_the_action_bar_time_and_note(self):
        for role, shown in (("reporter", False), ("translator", False), ("editor", True)):
            with self.subTest(role=role):
                self.login(role)
                response = self.client.get(CHANGELIST)
                fields = set(response.context["action_form"].fields)
                self.assertEqual({"publish_at", "note"} <= fields, shown)
                self.assertEqual('name="publish_at"' in response.content.decode(), shown)

    def test_the_actions_are_labelled_in_the_page_language(self):
        self.login("editor")
        labels = dict(self.client.get(CHANGELIST).context["action_form"].fields["action"].choices)
        self.assertEqual(labels["submit_for_review"], "فرستادن برای بازبینی")
        self.assertEqual(labels["return_to_draft"], "برگرداندن به پیش‌نویس (با یادداشت داده‌شده)")

    def test_a_reporter_submits_a_draft_and_cannot_publish_it(self):
        response = self.run_action("reporter", "submit_for_review", self.draft)
        self.assertEqual(self.draft.status, Status.IN_REVIEW)
        self.assertIn("۱ خبر برای بازبینی فرستاده شد.", self.messages(response))
        for action in ("publish_now", "schedule", "unpublish", "return_to_draft"):
            with self.subTest(action=action):
                self.run_action("reporter", action, self.draft)
                self.assertEqual(self.draft.status, Status.IN_REVIEW)
                self.assertIsNone(self.draft.published_at)
        self.run_action("translator", "publish_now", self.draft)
        self.assertEqual(self.draft.status, Status.IN_REVIEW)

    def test_a_reporter_cannot_set_the_status_in_the_form(self):
        self.login("reporter")
        url = f"/admin/articles/article/{self.draft.pk}/change/"
        self.assertNotContains(self.client.get(url), 'name="status"')
        response = self.client.post(
            url,
            {
                "language": "fa",
                "title": "عنوان تازه",
                "slug": "",
                "body": "متن.",
                "status": "published",
                "published_at_0": "2026-01-01",
                "published_at_1": "10:00:00",
                "exhibitor_mentions-TOTAL_FORMS": "0",
                "exhibitor_mentions-INITIAL_FORMS": "0",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
            },
        )
        self.assertEqual(response.status_code, 302)
        self.draft.refresh_from_db()
        self.assertEqual((self.draft.title, self.draft.status), ("عنوان تازه", Status.DRAFT))

    def test_submitting_a_published_article_is_refused_with_the_reason(self):
        response = self.run_action("reporter", "submit_for_review", self.public)
        self.assertTrue(self.public.is_public)
        self.assertEqual(
            self.messages(response),
            ["«خبر منتشرشده» منتشر شده است؛ فقط پیش‌نویس را می‌توان برای بازبینی فرستاد."],
        )

    def test_an_editor_publishes_what_is_in_review(self):
        self.run_action("editor", "publish_now", self.waiting)
        self.assertTrue(self.waiting.is_public)

    def test_an_editor_schedules_what_is_in_review(self):
        self.run_action("editor", "schedule", self.waiting)
        self.assertTrue(is_scheduled(self.waiting))

    def test_an_editor_returns_an_article_with_a_note_the_reporter_reads(self):
        response = self.run_action(
            "editor", "return_to_draft", self.waiting, note="منبع خبر را بنویسید"
        )
        self.assertEqual(self.waiting.status, Status.DRAFT)
        self.assertIn("۱ خبر به پیش‌نویس برگشت.", self.messages(response))
        self.login("reporter")
        history = self.client.get(f"/admin/articles/article/{self.waiting.pk}/history/")
        self.assertContains(history, "منبع خبر را بنویسید")

    def test_a_mixed_selection_runs_where_it_can_and_names_the_rest(self):
        self.login("editor")
        response = self.client.post(
            CHANGELIST,
            {"action": "return_to_draft", "_selected_action": [self.waiting.pk, self.public.pk]},
            follow=True,
        )
        self.waiting.refresh_from_db()
        self.public.refresh_from_db()
        self.assertEqual(self.waiting.status, Status.DRAFT)
        self.assertTrue(self.public.is_public)
        messages = self.messages(response)
        self.assertIn("۱ خبر به پیش‌نویس برگشت.", messages)
        self.assertIn("«خبر منتشرشده» منتشر شده است؛ به‌جای آن انتشارش را لغو کنید.", messages)

    def test_status_messages_follow_the_page_language(self):
        self.login("editor")
        response = self.client.post(
            CHANGELIST,
            {"action": "return_to_draft", "_selected_action": [self.draft.pk]},
            follow=True,
            headers={"accept-language": "en"},
        )
        self.assertEqual(
            self.messages(response),
            # English quotation marks around the Persian title, in English.
            ["“پیش‌نویس گزارشگر” is a draft already; only an article in review can be returned."],
        )

    def test_plain_staff_can_run_nothing(self):
        self.login("plain staff")
        response = self.client.post(
            CHANGELIST, {"action": "submit_for_review", "_selected_action": [self.draft.pk]}
        )
        self.assertEqual(response.status_code, 403)
        self.draft.refresh_from_db()
        self.assertEqual(self.draft.status, Status.DRAFT)

    def test_editors_see_the_queue_with_its_count_on_the_admin_index(self):
        ArticleFactory(title="دومی در صف", status=Status.IN_REVIEW, published_at=None)
        for role in ("editor", "site admin"):
            with self.subTest(role=role):
                self.login(role)
                index = self.client.get("/admin/")
                self.assertContains(index, "در انتظار بازبینی (۲)")
                self.assertContains(index, f'href="{REVIEW_QUEUE}"')
        queue = self.client.get(REVIEW_QUEUE)
        self.assertEqual(
            {article.title for article in queue.context["cl"].result_list},
            {"خبر در صف", "دومی در صف"},
        )

    def test_the_queue_link_is_for_those_who_publish(self):
        for role in ("reporter", "translator", "plain staff"):
            with self.subTest(role=role):
                self.login(role)
                self.assertNotContains(self.client.get("/admin/"), REVIEW_QUEUE)

    def test_a_translator_edits_an_article_but_not_its_status(self):
        self.login("translator")
        url = f"/admin/articles/article/{self.waiting.pk}/change/"
        form = self.client.get(url)
        self.assertContains(form, 'name="title"')
        self.assertNotContains(form, 'name="status"')


class BodyEditorAdminTests(TestCase):
    """The body is written in a rich-text editor (articles/widgets.py); what the form
    receives is still only HTML, sanitized by the services on save."""

    ADD = "/admin/articles/article/add/"

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")

    def setUp(self):
        self.client.force_login(self.admin)

    def add(self, body, title="سردبیر متن را در ویرایشگر نوشت"):
        return self.client.post(
            self.ADD,
            {
                "language": "fa",
                "title": title,
                "slug": "",
                "body": body,
                "status": "draft",
                **ARTICLE_INLINES_EMPTY,
            },
            follow=True,
        )

    def test_the_body_is_edited_in_the_editor_loaded_from_static_files(self):
        response = self.client.get(self.ADD)
        self.assertContains(response, "data-django-prose-editor-articles-body")
        self.assertContains(response, '<script src="/static/js/body-editor.js" type="module">')
        self.assertContains(response, 'data-editor-module="/static/django_prose_editor/editor.js"')
        # No import map or other inline script: the policy would refuse it.
        self.assertNotContains(response, "importmap")

    def test_a_script_or_an_event_handler_sent_through_the_form_is_dropped(self):
        response = self.add(
            '<p onclick="alert(1)">شهردار <strong>نمایشگاه</strong> را گشود.</p>'
            "<script>alert(1)</script>"
            '<p><img src="x" onerror="alert(1)">بند دوم <a href="javascript:alert(1)">پیوند</a>'
            ' و <a href="https://tehran.ir/" target="_blank" style="color:red">شهرداری</a>.</p>'
            "<table><tr><td>جدول</td></tr></table>"
        )
        self.assertEqual(response.status_code, 200)
        body = Article.objects.get(title="سردبیر متن را در ویرایشگر نوشت").body
        for refused in (
            "<script",
            "alert",
            "onclick",
            "onerror",
            "<img",
            "javascript:",
            "style=",
            "target=",
            "<table",
            "<td",
        ):
            self.assertNotIn(refused, body)
        self.assertIn("<p>شهردار <strong>نمایشگاه</strong> را گشود.</p>", body)
        self.assertIn('<a href="https://tehran.ir/" rel="noopener nofollow">شهرداری</a>', body)
        self.assertIn("جدول", body)  # the text of a dropped table stays

    def test_what_the_editor_produces_is_kept(self):
        body = (
            "<h2>میان‌تیتر</h2><p>متن <em>کج</em> و <strong>پررنگ</strong><br>سطر بعد</p>"
            "<ul><li><p>یک</p></li></ul><ol><li><p>دو</p></li></ol>"
            "<blockquote><p>نقل\u200cقول</p></blockquote>"
            '<p><a href="https://tehran.ir/" title="شهرداری">پیوند</a></p>'
        )
        self.add(body)
        stored = Article.objects.get(title="سردبیر متن را در ویرایشگر نوشت").body
        self.assertEqual(
            stored,
            body.replace('title="شهرداری"', 'title="شهرداری" rel="noopener nofollow"'),
        )

    def test_the_editor_html_still_gets_the_repeated_paragraph_warning(self):
        response = self.add("<p>بند تکراری خبر.</p><p>بند دیگر.</p><p>بند تکراری خبر.</p>")
        messages = [str(m) for m in response.context["messages"]]
        self.assertTrue(any("تکرار بند قبلی" in m for m in messages), messages)


ADD = "/admin/articles/article/add/"
ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en"}  # the admin follows the browser's language
TEHRAN = timezone.get_fixed_timezone(210)  # +03:30, Tehran's offset all year since 2022


def article_form(**changes):
    return {
        "language": "fa",
        "title": "نمایشگاه شهرهای خواهرخوانده گشایش یافت",
        "slug": "",
        "body": "متن خبر.",
        "status": "draft",
        **ARTICLE_INLINES_EMPTY,
        **changes,
    }


class PersianAdminTests(TestCase):
    """The admin as Persian staff read it (the site's default language), and the English
    admin beside it: Jalali or Gregorian dates, Persian or Latin digits."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")
        cls.article = ArticleFactory(
            title="شهرداری‌ها در نمایشگاه",
            published_at=timezone.make_aware(timezone.datetime(2026, 11, 20, 10, 5)),
        )
        Article.objects.filter(pk=cls.article.pk).update(view_count=1234)

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_persian_form_takes_a_jalali_moment_typed_in_persian_digits(self):
        form = self.client.get(ADD)
        self.assertContains(form, 'name="published_at"')
        self.assertContains(form, "data-jalali-picker")
        self.assertContains(form, "/static/js/jalali-datepicker.js")
        self.assertNotContains(form, 'name="published_at_0"')  # no Gregorian date and clock

        response = self.client.post(
            ADD, article_form(status="published", published_at="۱۴۰۵/۰۹/۰۱ ۱۴:۳۰")
        )
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(title="نمایشگاه شهرهای خواهرخوانده گشایش یافت")
        self.assertEqual(
            article.published_at, timezone.datetime(2026, 11, 22, 14, 30, tzinfo=TEHRAN)
        )
        change = self.client.get(f"/admin/articles/article/{article.pk}/change/")
        self.assertContains(change, 'value="۱۴۰۵/۰۹/۰۱ ۱۴:۳۰"')

    def test_a_moment_that_is_none_is_a_form_error_and_saves_nothing(self):
        for typed in ("۱۴۰۵/۱۳/۰۱ ۱۰:۰۰", "فردا ساعت ده", "1405/09/01 25:00"):
            with self.subTest(typed=typed):
                response = self.client.post(
                    ADD, article_form(status="published", published_at=typed)
                )
                self.assertEqual(response.status_code, 200)
                self.assertTrue(response.context["adminform"].form.errors["published_at"])
        self.assertFalse(Article.objects.filter(title__contains="خواهرخوانده").exists())

    def test_the_english_admin_keeps_gregorian_date_and_time_widgets(self):
        form = self.client.get(ADD, **ENGLISH)
        self.assertContains(form, 'name="published_at_0"')
        self.assertNotContains(form, "data-jalali-picker")
        response = self.client.post(
            ADD,
            article_form(
                status="published", published_at_0="2026-11-22", published_at_1="14:30:00"
            ),
            **ENGLISH,
        )
        self.assertEqual(response.status_code, 302)
        article = Article.objects.get(title="نمایشگاه شهرهای خواهرخوانده گشایش یافت")
        self.assertEqual(
            article.published_at, timezone.datetime(2026, 11, 22, 14, 30, tzinfo=TEHRAN)
        )

    def test_published_with_no_time_means_now(self):
        before = timezone.now()
        for headers, title in (({}, "خبر فوری یک"), (ENGLISH, "خبر فوری دو")):
            with self.subTest(headers=headers):
                fields = {"published_at": ""} if not headers else {"published_at_0": ""}
                response = self.client.post(
                    ADD, article_form(title=title, status="published", **fields), **headers
                )
                self.assertEqual(response.status_code, 302)
                article = Article.objects.get(title=title)
                self.assertTrue(before <= article.published_at <= timezone.now())
                self.assertIn(article, Article.objects.published())

    def test_the_change_list_reads_persian_digits_and_jalali_in_persian_latin_in_english(self):
        in_persian = self.client.get(CHANGELIST)
        self.assertContains(
            in_persian,
            f'<td class="field-news_code">{persian.to_persian_digits(self.article.news_code)}</td>',
        )
        self.assertContains(in_persian, '<td class="field-view_count">۱۲۳۴</td>')
        self.assertContains(in_persian, "۱۴۰۵/۰۸/۲۹ ۱۰:۰۵")
        self.assertContains(in_persian, "۱ خبر")  # the count under the list
        self.assertNotContains(in_persian, 'class="toplinks"')  # no Gregorian date hierarchy

        english = self.client.get(CHANGELIST, **ENGLISH)
        self.assertContains(english, f'<td class="field-news_code">{self.article.news_code}</td>')
        self.assertContains(english, '<td class="field-view_count">1234</td>')
        self.assertContains(english, "2026-11-20 10:05")
        self.assertNotContains(english, "۱۴۰۵")
        self.assertContains(english, 'class="toplinks"')  # Django's date hierarchy

    def test_pages_and_search_counts_are_numbered_in_persian_digits(self):
        ArticleFactory.create_batch(2, title="خبر دیگری از نمایشگاه")
        ArticleFactory(title="خبری از متروی تهران", body="قطار تازه به خط رسید.")  # not found
        with mock.patch.object(ArticleAdmin, "list_per_page", 1):
            response = self.client.get(CHANGELIST, {"q": "نمایشگاه"})
        paginator = response.content.decode().split('class="paginator"')[1].split("</p>")[0]
        self.assertIn('<span class="this-page">۱</span>', paginator)
        self.assertIn(
            'href="?p=2&amp;q=%D9%86%D9%85%D8%A7%DB%8C%D8%B4%DA%AF%D8%A7%D9%87">۲</a>', paginator
        )
        self.assertIn("۳ اخبار", paginator)
        self.assertContains(response, "۳ نتیجه")
        self.assertContains(response, "۴ در کل")

    def test_action_messages_count_in_the_admins_digits(self):
        draft = ArticleFactory(status=Status.DRAFT, published_at=None)
        data = {"action": "publish_now", "_selected_action": [draft.pk]}
        response = self.client.post(CHANGELIST, data, follow=True)
        self.assertIn("۱ خبر منتشر شد.", [str(m) for m in response.context["messages"]])
        data["action"] = "unpublish"
        response = self.client.post(CHANGELIST, data, follow=True, **ENGLISH)
        self.assertIn("1 unpublished.", [str(m) for m in response.context["messages"]])

    def test_djangos_own_messages_count_in_persian_digits_too(self):
        drafts = ArticleFactory.create_batch(2, status=Status.DRAFT, published_at=None)
        data = {"action": "delete_selected", "post": "yes"}
        data["_selected_action"] = [d.pk for d in drafts]
        response = self.client.post(CHANGELIST, data, follow=True)
        messages = [str(m) for m in response.context["messages"]]
        self.assertTrue(any("۲" in m for m in messages), messages)
        self.assertFalse(any("2" in m for m in messages), messages)

    def test_the_schedule_action_takes_a_jalali_moment_in_persian_digits(self):
        draft = ArticleFactory(status=Status.DRAFT, published_at=None)
        form = self.client.get(CHANGELIST)
        self.assertContains(form, 'name="publish_at"')
        self.assertNotContains(form, 'type="datetime-local"')
        response = self.client.post(
            CHANGELIST,
            {
                "action": "schedule",
                "publish_at": "۱۴۱۰/۰۱/۰۱ ۰۹:۰۰",
                "_selected_action": [draft.pk],
            },
            follow=True,
        )
        draft.refresh_from_db()
        self.assertEqual(draft.published_at, timezone.datetime(2031, 3, 21, 9, 0, tzinfo=TEHRAN))
        self.assertIn("۱ خبر زمان‌بندی شد.", [str(m) for m in response.context["messages"]])
        self.assertContains(self.client.get(CHANGELIST, **ENGLISH), 'type="datetime-local"')

    def test_a_persian_articles_text_is_right_to_left_in_the_english_admin(self):
        english = ArticleFactory(title="Mayors meet", body="Text.", language="en")
        form = self.client.get(f"/admin/articles/article/{self.article.pk}/change/", **ENGLISH)
        title = form.context["adminform"].form["title"]
        self.assertEqual(
            (title.field.widget.attrs["dir"], title.field.widget.attrs["lang"]), ("rtl", "fa")
        )
        self.assertContains(form, "/static/js/admin-direction.js")
        form = self.client.get(f"/admin/articles/article/{english.pk}/change/")
        lead = form.context["adminform"].form["lead"]
        self.assertEqual(
            (lead.field.widget.attrs["dir"], lead.field.widget.attrs["lang"]), ("ltr", "en")
        )
        self.assertEqual(
            self.client.get(ADD).context["adminform"].form["title"].field.widget.attrs["dir"], "rtl"
        )

    def test_the_slug_is_no_longer_filled_by_djangos_script(self):
        form = self.client.get(ADD)
        self.assertEqual(list(form.context["adminform"].prepopulated_fields), [])
        self.client.post(ADD, article_form(title="شهرداري منطقه 22 ميزبان شد"))
        article = Article.objects.get(title="شهرداری منطقه ۲۲ میزبان شد")
        # as the importer makes it: normalized letters and digits, then slugified
        self.assertEqual(article.slug, persian.slugify(article.title))
        self.assertNotIn("ي", article.slug)

    def test_a_new_article_shows_no_red_cross_under_needs_review(self):
        for path in (ADD, f"/admin/articles/article/{self.article.pk}/change/", CHANGELIST):
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertNotContains(response, "icon-no.svg")
                # nor a bare "None" for it or for the dates a new article has not got yet
                self.assertNotContains(response, ">None<")
        english = ArticleFactory(title="Mayors meet", body="Text.", language="en")
        services.article_pair(article=self.article, other=english)
        Article.objects.filter(pk=english.pk).update(translation_outdated=True)
        self.assertContains(
            self.client.get(CHANGELIST), "بله: خبر اصلی پس از این ترجمه تغییر کرده است"
        )


class TagAndDeskSlugTests(TestCase):
    """A tag or desk left without a slug gets the importer's: the Tag "+" popup of
    the article form works without one."""

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_tag_popup_saves_a_tag_with_no_slug_typed(self):
        response = self.client.post(
            "/admin/articles/tag/add/?_to_field=id&_popup=1",
            {"name_fa": "فضاي سبز 22", "name_en": "Green space", "slug": "", "_popup": "1"},
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "popup_response")
        tag = Tag.objects.get(name_fa="فضای سبز ۲۲")
        self.assertEqual(tag.slug, services.tags_from_names(["فضاي سبز 22"])[0].slug)
        self.assertEqual(Tag.objects.count(), 1)  # the importer found the same tag

    def test_a_slug_another_tag_has_is_a_form_error(self):
        self.client.post("/admin/articles/tag/add/", {"name_fa": "مترو", "slug": ""})
        response = self.client.post("/admin/articles/tag/add/", {"name_fa": "مترو", "slug": ""})
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["adminform"].form.errors["slug"])
        self.assertEqual(Tag.objects.count(), 1)

    def test_a_desk_slug_is_made_from_its_persian_name_in_the_english_admin(self):
        self.client.post(
            "/admin/articles/desk/add/",
            {"name_fa": "مديريت شهري", "name_en": "City management", "slug": ""},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        self.assertTrue(Desk.objects.filter(slug="مدیریت-شهری").exists())

    def test_name_fields_read_in_their_own_direction_whatever_the_admins_language(self):
        for headers in ({}, {"HTTP_ACCEPT_LANGUAGE": "en"}):
            with self.subTest(headers=headers):
                form = (
                    self.client.get("/admin/articles/tag/add/", **headers).context["adminform"].form
                )
                self.assertEqual(form["name_fa"].field.widget.attrs["dir"], "rtl")
                self.assertEqual(form["name_fa"].field.widget.attrs["lang"], "fa")
                self.assertEqual(form["name_en"].field.widget.attrs["dir"], "ltr")
                self.assertFalse(form["slug"].field.required)


class PersianAdminReadOnlyDatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")
        cls.article = ArticleFactory()
        Article.objects.filter(pk=cls.article.pk).update(
            created_at=timezone.datetime(2026, 11, 22, 14, 30, tzinfo=TEHRAN)
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_created_time_reads_jalali_in_persian_and_gregorian_in_english(self):
        url = f"/admin/articles/article/{self.article.pk}/change/"
        self.assertContains(self.client.get(url), "۱۴۰۵/۰۹/۰۱ ۱۴:۳۰")
        english = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertNotContains(english, "۱۴۰۵/۰۹/۰۱")
        self.assertContains(english, "2026")
