import importlib
from contextlib import contextmanager

from django.contrib.auth.models import User
from django.test import TestCase, override_settings
from django.urls import clear_url_caches, reverse

import exhibition.urls


@contextmanager
def admin_path(path):
    """exhibition.urls read again with ADMIN_PATH set, as at a start with it in .env."""
    try:
        with override_settings(ADMIN_PATH=path):
            importlib.reload(exhibition.urls)
            clear_url_caches()
            yield
    finally:
        importlib.reload(exhibition.urls)  # back to the settings' own path
        clear_url_caches()


class AdminPathTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.root = User.objects.create_superuser("root", password="pw-123456789")

    def test_admin_path_moves_the_admin_its_login_and_translation_status(self):
        with admin_path("staff-4k9/"):
            self.assertEqual(reverse("admin:login"), "/staff-4k9/login/")
            response = self.client.get("/staff-4k9/")
            self.assertRedirects(response, "/staff-4k9/login/?next=/staff-4k9/")
            self.assertEqual(self.client.get("/admin/").status_code, 404)
            self.assertEqual(self.client.get("/admin/login/").status_code, 404)
            self.client.force_login(self.root)
            self.assertContains(self.client.get("/staff-4k9/"), "/staff-4k9/translation-status/")
            self.assertEqual(self.client.get("/staff-4k9/translation-status/").status_code, 200)
            # Pages that send staff to log in use the moved address (LOGIN_URL = admin:login).
            self.client.logout()
            preview = self.client.get("/fa/news/preview/1/")
            self.assertTrue(preview["Location"].startswith("/staff-4k9/login/"), preview)

    def test_the_default_is_admin(self):
        self.assertEqual(reverse("admin:login"), "/admin/login/")
        self.assertEqual(reverse("translation_status"), "/admin/translation-status/")
