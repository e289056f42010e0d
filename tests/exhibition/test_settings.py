import os
import subprocess
import sys
import tempfile

from django.conf import settings
from django.test import SimpleTestCase


def _load_settings(module: str, **env: str) -> subprocess.CompletedProcess:
    """Import a settings module in a fresh interpreter with a controlled environment."""
    environment = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "CACHE_URL"}
    }
    environment.update(env)
    code = f"import {module} as s; print(s.DEBUG, s.DATABASES['default']['ENGINE'])"
    return subprocess.run(
        [sys.executable, "-c", code],
        env=environment,
        capture_output=True,
        text=True,
        cwd=settings.BASE_DIR,
    )


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

    def test_database_url_selects_postgresql(self):
        result = _load_settings(
            "exhibition.settings.test", DATABASE_URL="postgres://u:p@db.example:5432/x"
        )
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertIn("django.db.backends.postgresql", result.stdout)

    def test_default_database_is_sqlite_under_var(self):
        environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
        result = subprocess.run(
            [sys.executable, "-c",
             "import exhibition.settings.test as s; print(s.DATABASES['default']['NAME'])"],
            env=environment, capture_output=True, text=True, cwd=settings.BASE_DIR,
        )  # fmt: skip
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
            environment = {**os.environ, "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
                           "DJANGO_SETTINGS_MODULE": "exhibition.settings.dev"}  # fmt: skip
            result = subprocess.run(
                [sys.executable, "-c", code], env=environment, capture_output=True, text=True,
                cwd=settings.BASE_DIR,
            )  # fmt: skip
        self.assertEqual(result.returncode, 0, result.stderr)
        self.assertEqual(result.stdout.split(), ["wal", "1"])

    def test_test_mode_is_in_tehran_time_with_persian_default(self):
        self.assertEqual(settings.TIME_ZONE, "Asia/Tehran")
        self.assertTrue(settings.USE_TZ)
        self.assertEqual(settings.LANGUAGE_CODE, "fa")
