"""Translators' pages (Rosetta, the translation status) per newsroom role."""

from django.contrib.auth.models import User
from django.test import TestCase

from exhibition.access import TRANSLATORS_GROUP
from tests.articles.factories import StaffFactory

ARTICLE_PERMISSIONS = ["articles.view_article", "articles.add_article", "articles.change_article"]
STATUS = "/admin/translation-status/"


class TranslatorPagesPerRoleTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.translator = StaffFactory(groups=[TRANSLATORS_GROUP])
        cls.root = User.objects.create_superuser("root", password="pw-123456789")
        cls.others = {
            "viewer": StaffFactory(permissions=["articles.view_article"]),
            "reporter": StaffFactory(permissions=ARTICLE_PERMISSIONS),
            "editor": StaffFactory(permissions=[*ARTICLE_PERMISSIONS, "articles.publish_article"]),
        }

    def test_translators_and_superusers_reach_both(self):
        for user in (self.translator, self.root):
            with self.subTest(user=user):
                self.client.force_login(user)
                response = self.client.get(STATUS)
                self.assertEqual(response.status_code, 200)
                self.assertIn("sections", response.context)
                response = self.client.get("/rosetta/files/project/", follow=True)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn("/login/", response.request["PATH_INFO"])
                self.assertContains(self.client.get("/admin/"), f'href="{STATUS}"')

    def test_other_staff_reach_neither(self):
        for role, user in self.others.items():
            with self.subTest(role=role):
                self.client.force_login(user)
                self.assertEqual(self.client.get(STATUS).status_code, 403)
                response = self.client.get("/rosetta/files/project/")
                self.assertRedirects(
                    response, "/?next=/rosetta/files/project/", fetch_redirect_response=False
                )
                self.assertNotContains(self.client.get("/admin/"), f'href="{STATUS}"')
