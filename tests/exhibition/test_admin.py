"""django-axes' login records in the Persian admin: Jalali dates, like every admin date."""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth.models import User
from django.test import TestCase

# 11:00 UTC on 22 November 2026 is 14:30 on 1 Azar 1405 in Tehran.
MOMENT = datetime.datetime(2026, 11, 22, 11, 0, tzinfo=datetime.UTC)
JALALI = "۱۴۰۵/۰۹/۰۱ ۱۴:۳۰"
RECORD = {"username": "editor", "ip_address": "203.0.113.9", "path_info": "/admin/login/"}
DRILL_DOWN = 'class="toplinks"'  # Django's date hierarchy: Gregorian years and months


class LoginRecordAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", "root@example.com", "pw")
        log = AccessLog.objects.create(**RECORD)
        AccessLog.objects.filter(pk=log.pk).update(attempt_time=MOMENT, logout_time=MOMENT)
        failure = AccessFailureLog.objects.create(**RECORD)
        AccessFailureLog.objects.filter(pk=failure.pk).update(attempt_time=MOMENT)

    def setUp(self):
        self.client.force_login(self.admin)  # axes clears attempts on a login: add it after
        attempt = AccessAttempt.objects.create(**RECORD, failures_since_start=2)
        AccessAttempt.objects.filter(pk=attempt.pk).update(attempt_time=MOMENT)

    def page(self, name, language="fa"):
        response = self.client.get(f"/admin/axes/{name}/", headers={"accept-language": language})
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_the_persian_admin_dates_login_records_in_jalali(self):
        for name in ("accesslog", "accessfailurelog", "accessattempt"):
            with self.subTest(name=name):
                html = self.page(name)
                self.assertIn(JALALI, html)
                self.assertNotIn("Nov. 22, 2026", html)
                self.assertNotIn(DRILL_DOWN, html)
                # The date filter offers no Gregorian month or year («این ماه», «امسال»).
                self.assertIn("۳۰ روز اخیر", html)
                self.assertNotIn("این ماه", html)
                self.assertNotIn("امسال", html)

    def test_the_login_records_are_named_in_the_admins_language(self):
        self.assertIn("محافظت از ورود", self.page("accesslog"))
        self.assertIn("Login protection", self.page("accesslog", "en"))

    def test_the_english_admin_keeps_django_s_gregorian_dates(self):
        html = self.page("accesslog", "en")
        self.assertIn("Nov. 22, 2026, 2:30 p.m.", html)
        self.assertIn(DRILL_DOWN, html)
        self.assertIn("This month", html)
        self.assertNotIn(JALALI, html)
