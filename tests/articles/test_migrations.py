"""The articles migrations: going back on SQLite keeps search working, and the sizes of
images stored before they were kept are filled in (0018)."""

import os
import subprocess
import sys
import tempfile
from importlib import import_module
from pathlib import Path
from types import SimpleNamespace
from unittest import skipIf

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.test import SimpleTestCase, TestCase

from articles import services
from articles.models import Article, ArticleImage
from tests.articles.factories import ArticleFactory, image_bytes
from tests.articles.test_images import ALT, MediaFolderMixin, upload

image_sizes = import_module("articles.migrations.0018_image_sizes")

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


class ImageSizesMigrationTests(MediaFolderMixin, TestCase):
    """0018 fills in the sizes of images stored before they were kept, so that loading
    an article no longer opens its image's file."""

    def stored_before_sizes(self, name, data):
        """An article whose image was stored as it came, before sizes were kept."""
        article = ArticleFactory(**ALT)
        (self.media / name).parent.mkdir(parents=True, exist_ok=True)
        if data is not None:
            (self.media / name).write_bytes(data)
        Article.objects.filter(pk=article.pk).update(
            image=name, image_width=None, image_height=None
        )
        return article.pk

    def test_sizes_are_filled_upright_and_unreadable_files_are_skipped(self):
        # A phone's portrait photo, stored landscape with "turn a quarter" in its EXIF.
        turned = self.stored_before_sizes(
            "articles/old/phone.jpg", image_bytes(size=(40, 20), orientation=6)
        )
        plain = self.stored_before_sizes("articles/old/plain.png", image_bytes("PNG", (30, 10)))
        gone = self.stored_before_sizes("articles/old/gone.jpg", None)
        damaged = self.stored_before_sizes("articles/old/damaged.jpg", b"not an image")
        photo = services.article_image_save(
            article_image=ArticleImage(article_id=plain), image=upload(), alt_fa="ا", alt_en="A"
        )
        ArticleImage.objects.filter(pk=photo.pk).update(width=None, height=None)

        editor = SimpleNamespace(connection=connection)
        image_sizes.fill_sizes(apps, editor, batch=2)  # several batches

        sizes = dict(Article.objects.values_list("pk", "image_width"))
        heights = dict(Article.objects.values_list("pk", "image_height"))
        self.assertEqual((sizes[turned], heights[turned]), (20, 40))
        self.assertEqual((sizes[plain], heights[plain]), (30, 10))
        self.assertEqual((sizes[gone], sizes[damaged]), (None, None))
        self.assertEqual(
            ArticleImage.objects.values_list("width", "height").get(pk=photo.pk), (40, 20)
        )
        # Loading the filled articles opens no file (the stored sizes are enough).
        (self.media / "articles/old/plain.png").unlink()
        self.assertEqual(Article.objects.get(pk=plain).image_width, 30)
