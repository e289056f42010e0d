"""The newsroom's roles, created as groups by exhibition/migrations/0001_staff_groups.py."""

from importlib import import_module
from types import SimpleNamespace

from django.contrib.auth.models import Group, Permission, User
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import TestCase
from django.urls import reverse

from exhibition.access import TRANSLATORS_GROUP

staff_groups = import_module("exhibition.migrations.0001_staff_groups")


def granted(name):
    group = Group.objects.get(name=name)
    return {
        f"{app}.{codename}"
        for app, codename in group.permissions.values_list("content_type__app_label", "codename")
    }


class StaffGroupsMigrationTests(TestCase):
    def test_the_roles_exist_with_the_names_the_code_uses(self):
        self.assertEqual(staff_groups.TRANSLATORS, TRANSLATORS_GROUP)
        self.assertLessEqual(
            {"reporters", "editors", TRANSLATORS_GROUP, "site admins"},
            set(Group.objects.values_list("name", flat=True)),
        )

    def test_a_reporter_writes_and_submits_but_does_not_publish_or_delete(self):
        reporter = granted("reporters")
        self.assertLessEqual(
            {
                "articles.add_article",
                "articles.change_article",
                "articles.submit_article",
                "articles.add_tag",
                "articles.view_desk",
            },
            reporter,
        )
        self.assertFalse(
            reporter & {"articles.publish_article", "articles.delete_article", "auth.view_user"}
        )

    def test_those_who_write_the_news_see_and_fill_its_gallery(self):
        for name in ("reporters", "editors", TRANSLATORS_GROUP):
            with self.subTest(group=name):
                user = User.objects.create_user(f"writer-{name}", is_staff=True)
                user.groups.add(Group.objects.get(name=name))
                self.client.force_login(user)
                response = self.client.get(reverse("admin:articles_article_add"))
                self.assertContains(response, 'name="images-TOTAL_FORMS"')

    def test_an_editor_has_the_reporters_permissions_and_publishes(self):
        editor = granted("editors")
        self.assertLessEqual(granted("reporters"), editor)
        self.assertLessEqual(
            {
                "articles.publish_article",
                "articles.delete_article",
                "articles.change_tag",
                "articles.change_desk",
            },
            editor,
        )
        self.assertNotIn("booths.change_exhibitor", editor)

    def test_a_translator_edits_articles_but_does_not_publish(self):
        translator = granted(TRANSLATORS_GROUP)
        self.assertLessEqual({"articles.view_article", "articles.change_article"}, translator)
        self.assertNotIn("articles.publish_article", translator)

    def test_site_admins_run_the_news_and_the_exhibitors_and_only_look_at_accounts(self):
        site_admin = granted("site admins")
        every = {
            f"{app}.{codename}"
            for app, codename in Permission.objects.filter(
                content_type__app_label__in=("articles", "booths")
            ).values_list("content_type__app_label", "codename")
        }
        self.assertLessEqual(every, site_admin)
        self.assertLessEqual({"auth.view_user", "auth.view_group"}, site_admin)
        self.assertNotIn("auth.change_user", site_admin)
        self.assertNotIn("auth.add_user", site_admin)

    def test_running_it_again_keeps_what_staff_changed_and_duplicates_nothing(self):
        reporters = Group.objects.get(name="reporters")
        extra = Permission.objects.get(codename="view_exhibitor")
        reporters.permissions.add(extra)
        groups = Group.objects.count()
        # As the migration runs: against the models as they were then (the news desk
        # model was still called Service).
        loader = MigrationLoader(connection)
        historical = loader.project_state(("exhibition", "0001_staff_groups")).apps
        staff_groups.create_groups(historical, SimpleNamespace(connection=connection))
        self.assertEqual(Group.objects.count(), groups)
        self.assertIn("booths.view_exhibitor", granted("reporters"))
        self.assertIn("articles.submit_article", granted("reporters"))
