"""The articles migrations: going back on SQLite keeps search working, and the sizes of
images stored before they were kept are filled in (0018)."""

import os
import subprocess
import sys
import tempfile
from pathlib import Path
from unittest import skipIf

from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase

# A fresh interpreter migrates a file database of its own to the end, then back step
# by step, printing the full-text triggers after each step.
BACKWARDS = """
import sys, django
django.setup()
from django.core.management import call_command
from django.db import connection
def triggers():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' "
                       "AND name LIKE 'articles_article_fts_%' ORDER BY name")
        return ",".join(row[0] for row in cursor.fetchall())
call_command("migrate", verbosity=0)
print("latest", triggers())
for target in sys.argv[1:]:
    call_command("migrate", "articles", target, verbosity=0)
    print(target, triggers())
"""


@skipIf(connection.vendor != "sqlite", "SQLite's full-text triggers")
class MigratingBackOnSqliteTests(SimpleTestCase):
    def test_the_search_triggers_survive_each_step_back(self):
        # Each migration that rebuilds the article table puts the triggers back as the
        # last thing it undoes; without that, search found nothing new after going back.
        with tempfile.TemporaryDirectory(prefix="exhibition-migrate-") as folder:
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "exhibition.settings.test",
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'db.sqlite3'}",
                "ALLOWED_HOSTS": "testserver",
            }
            steps = ["0017_image_alt_required", "0016_images", "0015_rename_service_to_desk"]
            steps.append("0014_article_history")
            result = subprocess.run(
                [sys.executable, "-c", BACKWARDS, *steps],
                env=env,
                capture_output=True,
                text=True,
                cwd=settings.BASE_DIR,
                timeout=300,
            )
        self.assertEqual(result.returncode, 0, result.stderr)
        every = "articles_article_fts_ad,articles_article_fts_ai,articles_article_fts_au"
        printed = dict(line.partition(" ")[::2] for line in result.stdout.splitlines())
        self.assertEqual(printed, {"latest": every, **dict.fromkeys(steps, every)})
