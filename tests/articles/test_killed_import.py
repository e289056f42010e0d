"""An import killed mid-run (SIGKILL: no handler runs) leaves whole files or nothing.

The import runs in a process of its own, against a database of its own (an SQLite file,
or a new database on the suite's PostgreSQL server): the suite's test database lives in
a transaction that another process cannot see.
"""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import tempfile
import uuid
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

from articles.management.commands.import_articles import BATCH_FILES

# More than two of the batches the importer commits together: the kill lands after
# the first batch's commit, with whole batches (of whole files) left to interrupt.
FILES = 2 * BATCH_FILES + 4
RECORDS_PER_FILE = 3
TAGS_PER_RECORD = 5
KILL_AFTER = 7  # records reported created (reported once their batch is committed)


class KilledImportTests(SimpleTestCase):
    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        self.database_url = self.scratch_database()
        self.env = {
            **os.environ,
            "DATABASE_URL": self.database_url,
            "PYTHONUNBUFFERED": "1",
            "DJANGO_SETTINGS_MODULE": "exhibition.settings.test",
        }
        self.manage("migrate", "-v", "0")
        for number in range(FILES):
            records = [
                # English text: it skips hazm, which would make this test slow.
                {
                    "title": f"News {number}-{index}",
                    "body": "Mayors met.\n\nSecond paragraph.",
                    "source_url": f"https://example.org/{number}/{index}",
                    "service": {"slug": f"desk-{number}", "name_fa": f"Desk {number}"},
                    "tags": [
                        {"slug": f"t-{number}-{index}-{t}", "name_fa": f"Tag {t}"}
                        for t in range(TAGS_PER_RECORD)
                    ],
                }
                for index in range(RECORDS_PER_FILE)
            ]
            lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
            (self.folder / f"file-{number:03}.jsonl").write_text(lines + "\n", encoding="utf-8")

    def scratch_database(self) -> str:
        if connection.vendor != "postgresql":
            return f"sqlite:///{self.folder / 'db.sqlite3'}"
        db = settings.DATABASES["default"]
        name = f"killed_import_{uuid.uuid4().hex[:8]}"
        server = {
            "host": db["HOST"],
            "port": db["PORT"] or 5432,
            "user": db["USER"],
            "password": db["PASSWORD"] or None,
            "dbname": "postgres",
            "autocommit": True,
        }
        with psycopg.connect(**server) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')

        def drop():
            with psycopg.connect(**server) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        self.addCleanup(drop)
        self.pg_server = {**server, "dbname": name}
        password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
        return f"postgres://{db['USER']}{password}@{db['HOST']}:{server['port']}/{name}"

    def manage(self, *args):
        return subprocess.run(
            [sys.executable, "manage.py", *args],
            env=self.env,
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=True,
        )

    def query(self, sql):
        if connection.vendor == "postgresql":
            with psycopg.connect(**self.pg_server) as db:
                return db.execute(sql).fetchall()
        with sqlite3.connect(self.folder / "db.sqlite3") as db:
            return db.execute(sql).fetchall()

    def stored(self) -> dict[str, int]:
        """source_url -> the article's tag count (with its service present)."""
        return dict(
            self.query(
                "SELECT a.source_url, COUNT(t.id) FROM articles_article a"
                " JOIN articles_desk s ON s.id = a.desk_id"
                " LEFT JOIN articles_article_tags t ON t.article_id = a.id"
                " WHERE a.search_document <> '' GROUP BY a.source_url"
            )
        )

    def test_every_file_is_stored_whole_or_not_at_all(self):
        importer = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "import_articles",
                str(self.folder),
                "--jobs",
                "1",
                "--no-progress",
            ],
            env=self.env,
            cwd=settings.BASE_DIR,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            text=True,
        )
        created = 0
        for line in importer.stdout:
            created += "created" in line
            if created >= KILL_AFTER:
                importer.send_signal(signal.SIGKILL)
                break
        importer.wait(30)
        importer.stdout.close()
        self.assertEqual(importer.returncode, -signal.SIGKILL, "the import ended before the kill")

        stored = self.stored()
        total = self.query("SELECT COUNT(*) FROM articles_article")[0][0]
        self.assertEqual(len(stored), total, "an article without its service or search text")
        self.assertGreaterEqual(total, KILL_AFTER)
        self.assertLess(total, FILES * RECORDS_PER_FILE, "nothing was left to interrupt")
        self.assertEqual(set(stored.values()), {TAGS_PER_RECORD}, "an article missing tags")
        files = {url.split("/")[3] for url in stored}
        for number in files:
            with self.subTest(file=number):
                urls = [u for u in stored if u.split("/")[3] == number]
                self.assertEqual(len(urls), RECORDS_PER_FILE, "half of a file was stored")

        # Importing again finishes the job, and the files already in are left alone.
        result = self.manage("import_articles", str(self.folder), "--jobs", "1", "--no-progress")
        self.assertIn(f"{total} unchanged", result.stdout)
        self.assertEqual(len(self.stored()), FILES * RECORDS_PER_FILE)
