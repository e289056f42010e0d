"""A real database outage: the site behind gunicorn, its own PostgreSQL stopped and started.

Runs in the PostgreSQL half of ``make test`` (it needs the server binaries that half
uses); it brings its own cluster, so it never touches the suite's database.
"""

import os
import shlex
import subprocess
import sys
import time
import unittest
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

from exhibition import throwaway_postgres as tp

STARTUP_SECONDS = 30


def _fetch(url: str, **headers) -> tuple[int, dict, str]:
    try:
        request = urllib.request.Request(url, headers=headers)
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, dict(exc.headers), exc.read().decode()


class DatabaseOutageTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        if connection.vendor != "postgresql":
            raise unittest.SkipTest("a PostgreSQL outage: runs in the PostgreSQL half")

    def setUp(self):
        cluster = tp.throwaway_postgres()
        self.database_url = cluster.__enter__()
        self.addCleanup(cluster.__exit__, None, None, None)
        self.owner = "postgres" if os.geteuid() == 0 else None
        self.bindir = tp.find_bindir()
        with psycopg.connect(self.database_url.replace("postgres://", "postgresql://")) as db:
            self.data = Path(db.execute("SHOW data_directory").fetchone()[0])
        # How the throwaway cluster was started (port, socket folder, settings), to
        # start it again the same way.
        opts = shlex.split((self.data / "postmaster.opts").read_text())[1:]
        self.server_options = shlex.join(opts[: opts.index("-D")] + opts[opts.index("-D") + 2 :])
        env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "DJANGO_SETTINGS_MODULE": "exhibition.settings.test",
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"],
            env=env,
            cwd=settings.BASE_DIR,
            check=True,
        )
        port = tp._free_port()
        self.base = f"http://127.0.0.1:{port}"
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "exhibition.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "1",
                "--log-level",
                "warning",
            ],
            env=env,
            cwd=settings.BASE_DIR,
        )
        self.addCleanup(server.wait, 10)
        self.addCleanup(server.terminate)
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            try:
                urllib.request.urlopen(f"{self.base}/healthz", timeout=2)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)

    def pg_ctl(self, *args):
        log = self.data.parent / "server.log"
        argv = [str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(log), "-w", *args]
        subprocess.run(tp._as_owner(self.owner, argv), check=True, capture_output=True)

    def test_pages_answer_503_while_the_database_is_stopped_and_recover(self):
        status, _headers, _body = _fetch(f"{self.base}/en/news/")
        self.assertEqual(status, 200)

        self.pg_ctl("-m", "fast", "stop")
        # A page already in the page cache is still served: it needs no database.
        status, _headers, _body = _fetch(f"{self.base}/en/news/")
        self.assertEqual(status, 200)
        for path, words in (
            ("/en/news/?page=1", "Temporarily unavailable"),
            ("/fa/", "موقتاً در دسترس نیست"),
            ("/en/exhibitors/", "Temporarily unavailable"),
        ):
            with self.subTest(path=path):
                status, headers, body = _fetch(self.base + path)
                self.assertEqual(status, 503)
                self.assertEqual(headers.get("Retry-After"), "30")
                self.assertIn('class="error-page"', body)
                self.assertIn(words, body)
        # A session cookie cannot be checked: the visitor may be staff, so the page is
        # not handed out from the cache, and says the site is unavailable.
        status, _headers, body = _fetch(f"{self.base}/en/news/", Cookie="sessionid=" + "x" * 32)
        self.assertEqual(status, 503)
        self.assertIn('class="error-page"', body)
        status, _headers, body = _fetch(f"{self.base}/healthz")
        self.assertEqual(status, 503)
        self.assertIn('"database": "unreachable"', body)
        self.assertIn('"cache": "ok"', body)

        self.pg_ctl("-o", self.server_options, "start")
        status, _headers, _body = _fetch(f"{self.base}/en/exhibitors/")
        self.assertEqual(status, 200)
        self.assertEqual(_fetch(f"{self.base}/healthz")[0], 200)
