"""deploy/gunicorn.conf.py serves the site with production settings."""

import os
import subprocess
import sys
import tempfile
import urllib.request
from unittest import skipIf

import psutil
from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

from exhibition.throwaway_gunicorn import PROXY_HEADERS, throwaway_gunicorn

# What `make serve` prepares (in one interpreter: each start loads Django anew).
PREPARE = (
    "import django; django.setup(); from django.core.management import call_command; "
    "call_command('migrate', verbosity=0); call_command('seed', verbosity=0); "
    "call_command('collectstatic', interactive=False, verbosity=0)"
)


def get(url: str) -> tuple[int, str]:
    request = urllib.request.Request(url, headers=PROXY_HEADERS)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.read().decode()


@skipIf(connection.vendor != "sqlite", "its own SQLite database: run once, with the SQLite half")
class GunicornConfigTests(SimpleTestCase):
    def test_serves_health_and_home_page_with_production_settings(self):
        with tempfile.TemporaryDirectory(prefix="exhibition-serve-") as workdir:
            env = {
                "DATABASE_URL": f"sqlite:///{workdir}/db.sqlite3",
                "STATIC_ROOT": f"{workdir}/static",
                "SECRET_KEY": "s" * 50,
                "CACHE_URL": "locmemcache://",
                "TRUST_X_FORWARDED_PROTO": "1",
                "WEB_WORKERS": "2",
                "WEB_THREADS": "2",
            }
            subprocess.run(
                [sys.executable, "-c", PREPARE],
                check=True,
                capture_output=True,
                cwd=settings.BASE_DIR,
                env={**os.environ, **env, "DJANGO_SETTINGS_MODULE": "exhibition.settings.prod"},
            )
            with throwaway_gunicorn(env) as server:
                status, body = get(server.url + "/healthz")
                self.assertEqual(status, 200)
                self.assertIn('"database": "ok"', body)
                status, body = get(server.url + "/fa/")
                self.assertEqual(status, 200)
                self.assertIn('lang="fa"', body)
                # A seeded exhibitor on the home page: the database is the one given.
                self.assertIn("شهرداری تهران", body)
                # WEB_WORKERS is obeyed (the master plus two workers).
                workers = psutil.Process(server.process.pid).children()
                self.assertEqual(len(workers), 2)
            self.assertIsNotNone(server.process.returncode)
