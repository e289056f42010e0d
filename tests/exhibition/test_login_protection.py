"""The admin login under attack: django-axes locks a user name and an address out."""

import os
import subprocess
import sys

from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import SimpleTestCase, TestCase

LOGIN = "/admin/login/"
ATTACKER = "198.51.100.7"
ELSEWHERE = "203.0.113.9"


class LoginLockoutTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.editor = User.objects.create_user("editor", password="right-pass-123", is_staff=True)
        cls.other = User.objects.create_user("reporter", password="other-pass-456", is_staff=True)

    def login(self, username, password, address=ATTACKER, **headers):
        return self.client.post(
            LOGIN,
            {"username": username, "password": password, "next": "/admin/"},
            REMOTE_ADDR=address,
            **headers,
        )

    def guess(self, times, username="editor", address=ATTACKER):
        return [self.login(username, f"wrong-{n}", address).status_code for n in range(times)]

    def assertLoggedIn(self, response):
        self.assertRedirects(response, "/admin/", fetch_redirect_response=False)
        self.assertIn("_auth_user_id", self.client.session)
        self.client.logout()

    def assertLockedOut(self, response):
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "تعداد ورودهای ناموفق زیاد است", status_code=429)
        self.assertNotIn("_auth_user_id", self.client.session)

    def test_failures_under_the_limit_get_the_login_form_again(self):
        codes = self.guess(settings.LOGIN_FAILURE_LIMIT - 1)
        self.assertEqual(codes, [200] * (settings.LOGIN_FAILURE_LIMIT - 1))
        self.assertLoggedIn(self.login("editor", "right-pass-123"))

    def test_thirty_wrong_passwords_then_the_right_one_is_still_refused(self):
        codes = self.guess(30)
        self.assertEqual(codes.index(429), settings.LOGIN_FAILURE_LIMIT - 1)
        self.assertLockedOut(self.login("editor", "right-pass-123"))

    def test_the_lockout_page_is_the_sites_own_in_english_too(self):
        self.guess(settings.LOGIN_FAILURE_LIMIT)
        response = self.login("editor", "right-pass-123", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(response, "Too many failed logins", status_code=429)
        self.assertContains(
            response, f"Try again in {settings.LOGIN_LOCKOUT_MINUTES} minutes", status_code=429
        )
        self.assertContains(response, 'class="site-header', status_code=429)
        # The switcher leads to the home pages: the login has no page per language.
        self.assertContains(response, 'href="/fa/" hreflang="fa"', status_code=429)
        self.assertNotContains(response, "/fa/admin/", status_code=429)

    def test_another_user_from_another_address_is_unaffected(self):
        self.guess(30)
        self.assertLoggedIn(self.login("reporter", "other-pass-456", ELSEWHERE))

    def test_the_user_name_is_locked_from_every_address(self):
        self.guess(settings.LOGIN_FAILURE_LIMIT)
        self.assertLockedOut(self.login("editor", "right-pass-123", ELSEWHERE))

    def test_the_address_is_locked_for_every_user_name(self):
        # One address trying a password on many accounts.
        for n in range(settings.LOGIN_FAILURE_LIMIT):
            self.login(f"someone-{n}", "123456")
        self.assertLockedOut(self.login("reporter", "other-pass-456"))

    def test_the_documented_unlock_commands_let_the_right_password_in(self):
        self.guess(30)
        call_command("axes_reset_username", "editor", verbosity=0)
        self.assertLoggedIn(self.login("editor", "right-pass-123"))

    def test_unlocking_an_address_lets_its_users_in_again(self):
        for n in range(settings.LOGIN_FAILURE_LIMIT):
            self.login(f"someone-{n}", "123456")
        call_command("axes_reset_ip", ATTACKER, verbosity=0)
        self.assertLoggedIn(self.login("reporter", "other-pass-456"))


def _client_addresses(trusted_proxies: str) -> list[str]:
    """The address axes counts for a few requests, in a fresh interpreter whose
    environment sets TRUSTED_PROXY_COUNT (read once, when the settings load)."""
    code = """
import django
django.setup()
from axes.helpers import get_client_ip_address
from django.test import RequestFactory
factory = RequestFactory()
for forwarded in ("", "8.8.8.8", "1.2.3.4, 8.8.8.8", "1.2.3.4, 8.8.8.8, 9.9.9.9"):
    extra = {"HTTP_X_FORWARDED_FOR": forwarded} if forwarded else {}
    print(get_client_ip_address(factory.post("/", REMOTE_ADDR="10.0.0.2", **extra)))
"""
    env = {
        **os.environ,
        "TRUSTED_PROXY_COUNT": trusted_proxies,
        "DJANGO_SETTINGS_MODULE": "exhibition.settings.test",
    }
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


class ClientAddressTests(SimpleTestCase):
    def test_by_default_a_forwarded_for_header_is_not_believed(self):
        # Anyone can send X-Forwarded-For; believing it would let an attacker pick a
        # fresh address for every guess.
        self.assertEqual(_client_addresses("0"), ["10.0.0.2"] * 4)

    def test_behind_trusted_proxies_the_client_is_counted_from_the_right(self):
        # One proxy: the address it appended last; what the client sent before is ignored.
        self.assertEqual(_client_addresses("1"), ["10.0.0.2", "8.8.8.8", "8.8.8.8", "9.9.9.9"])
        # Two: a load balancer, then the proxy that appended the balancer's address.
        self.assertEqual(_client_addresses("2")[2:], ["1.2.3.4", "8.8.8.8"])
