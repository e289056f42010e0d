import json
import os
import subprocess
import sys
import tempfile

from django.conf import settings
from django.test import SimpleTestCase

CONTROLLED = {
    "SECRET_KEY",
    "DEBUG",
    "CACHE_URL",
    "DJANGO_SETTINGS_MODULE",
    "ALLOWED_HOSTS",
    "PORT",
    "TRUST_X_FORWARDED_PROTO",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "DJANGO_ALLOW_ASYNC_UNSAFE",
}
# What a production deployment sets at least (a random key, strong enough for check --deploy).
PROD_ENV = {
    "SECRET_KEY": "k3J9-vQx2_Lp8RtYw7ZbN4mHs6DfGa1CeUo0IiTjXnKqPrSlVdWgEyBzMcAuOh5F",
    "CACHE_URL": "locmemcache://",
}


def _run(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run Python in a fresh interpreter with a controlled environment."""
    environment = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


def _load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    """Import a settings module in a fresh interpreter with a controlled environment."""
    return _run(f"import {module} as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])", **env)


class SettingsModesTests(SimpleTestCase):
    def test_dev_loads_with_debug_and_no_secret_in_environment(self):
        result = _load_settings("exhibition.settings.dev")
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith("True"))

    def test_prod_refuses_to_start_without_secret_key(self):
        result = _load_settings("exhibition.settings.prod")
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("SECRET_KEY must be set", result.stderr)

    def test_prod_refuses_to_start_without_a_cache_choice(self):
        result = _load_settings("exhibition.settings.prod", SECRET_KEY="x" * 50)
        self.assertNotEqual(result.returncode, 0)
        self.assertIn("CACHE_URL must be set", result.stderr)

    def test_prod_loads_with_secret_key(self):
        result = _load_settings(
            "exhibition.settings.prod", SECRET_KEY="x" * 50, CACHE_URL="locmemcache://"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.startswith("False"))

    def test_loopback_with_the_servers_port_is_allowed_by_default(self):
        # `make serve` tried directly (curl http://127.0.0.1:$PORT/) is not refused for
        # its Host port; an ALLOWED_HOSTS of one's own replaces the default.
        code = "import exhibition.settings.prod as s; print(sorted(s.ALLOWED_HOSTS_EXACT))"
        base = {"SECRET_KEY": "x" * 50, "CACHE_URL": "locmemcache://", "PORT": "8123"}
        result = _run(code, **base)
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("'127.0.0.1:8123'", result.stdout)
        self.assertNotIn("'127.0.0.1:8000'", result.stdout)
        result = _run(code, **base, ALLOWED_HOSTS="expo.example.ir")
        self.assertEqual(result.stdout.strip(), "['expo.example.ir']")

    def test_database_url_selects_postgresql(self):
        result = _load_settings(
            "exhibition.settings.test", DATABASE_URL="postgres://u:p@db.example:5432/x"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("django.db.backends.postgresql", result.stdout)

    def test_default_database_is_sqlite_under_var(self):
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                "import exhibition.settings.test as s; print(s.DATABASES['default']['NAME'])",
            ],
            env=environment,
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertTrue(result.stdout.strip().endswith("var/db.sqlite3"))

    def test_sqlite_runs_in_wal_mode(self):
        # Readers are not blocked while an import writes; NORMAL sync is WAL's safe level.
        with tempfile.TemporaryDirectory() as workdir:
            code = (
                "import django; django.setup(); from django.db import connection\n"
                "with connection.cursor() as c:\n"
                "    print(*[c.execute(f'PRAGMA {p}').fetchone()[0]"
                " for p in ('journal_mode', 'synchronous')])"
            )
            environment = {
                **os.environ,
                "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
                "DJANGO_SETTINGS_MODULE": "exhibition.settings.dev",
            }
            result = subprocess.run(
                [sys.executable, "-c", code],
                env=environment,
                capture_output=True,
                text=True,
                cwd=settings.BASE_DIR,
            )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["wal", "1"])

    def test_test_mode_is_in_tehran_time_with_persian_default(self):
        self.assertEqual(settings.TIME_ZONE, "Asia/Tehran")
        self.assertTrue(settings.USE_TZ)
        self.assertEqual(settings.LANGUAGE_CODE, "fa")


class ProductionSecurityTests(SimpleTestCase):
    def test_check_deploy_finds_nothing_to_warn_about(self):
        environment = {k: v for k, v in os.environ.items() if k not in CONTROLLED}
        environment.update(PROD_ENV, DJANGO_SETTINGS_MODULE="exhibition.settings.prod")
        result = subprocess.run(
            [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
            env=environment,
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        )
        self.assertEqual(result.returncode, 0, result.stdout + result.stderr)

    def test_hsts_starts_short_and_opts_in_to_subdomains_and_preload(self):
        code = (
            "import exhibition.settings.prod as s; print(s.SECURE_HSTS_SECONDS,"
            " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, s.SECURE_SSL_REDIRECT,"
            " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE)"
        )
        result = _run(code, **PROD_ENV)
        self.assertEqual(result.stdout.split(), ["3600", "False", "False"] + ["True"] * 3)
        result = _run(
            code,
            **PROD_ENV,
            SECURE_HSTS_SECONDS="31536000",
            SECURE_HSTS_INCLUDE_SUBDOMAINS="1",
            SECURE_HSTS_PRELOAD="1",
        )
        self.assertEqual(result.stdout.split(), ["31536000"] + ["True"] * 5)

    def _requests(self, **env: str) -> dict:
        """Requests through the production settings' middleware, as a proxy sends them."""
        code = (
            "import json, django; django.setup()\n"
            "from django.test import Client\n"
            "client = Client()\n"
            "def answer(path, **headers):\n"
            "    r = client.get(path, headers={'host': 'localhost', **headers})\n"
            "    return [r.status_code, r.get('Location'), r.get('Strict-Transport-Security')]\n"
            "print(json.dumps({\n"
            "    'healthz': answer('/healthz'),\n"
            "    'healthz_https': answer('/healthz', x_forwarded_proto='https'),\n"
            "    'page': answer('/rosetta/'),\n"
            "    'page_https': answer('/rosetta/', x_forwarded_proto='https'),\n"
            "}))"
        )
        with tempfile.TemporaryDirectory() as workdir:
            result = _run(
                code,
                **PROD_ENV,
                **env,
                DJANGO_SETTINGS_MODULE="exhibition.settings.prod",
                DATABASE_URL=f"sqlite:///{workdir}/db.sqlite3",
            )
        self.assertEqual(result.returncode, 0, result.stderr)
        return json.loads(result.stdout.splitlines()[-1])

    def test_x_forwarded_proto_is_believed_when_the_proxy_is_trusted(self):
        answers = self._requests(TRUST_X_FORWARDED_PROTO="1")
        self.assertEqual(answers["healthz_https"], [200, None, "max-age=3600"])
        # Plain HTTP is sent to HTTPS, except the load balancer's probe.
        self.assertEqual(answers["page"], [301, "https://localhost/rosetta/", None])
        self.assertEqual(answers["healthz"], [200, None, None])
        # Served over HTTPS: Rosetta's own redirect to its file list.
        self.assertEqual(answers["page_https"], [302, "/rosetta/files/project/", "max-age=3600"])

    def test_x_forwarded_proto_is_ignored_without_the_variable(self):
        answers = self._requests()
        self.assertEqual(answers["healthz_https"], [200, None, None])
        self.assertEqual(answers["page_https"], [301, "https://localhost/rosetta/", None])
        self.assertEqual(answers["healthz"], [200, None, None])
