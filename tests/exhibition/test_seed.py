"""manage.py seed: creates what is missing, never overwrites a row staff changed."""

import io
import json
import shutil
import tempfile
from pathlib import Path
from unittest import mock

from django.core.management import call_command
from django.test import TestCase

from articles.models import Article, Desk
from booths.models import Exhibitor, Stand
from exhibition.management.commands import seed as seed_command


def seed(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("seed", *args, stdout=out, stderr=err)
    return out.getvalue() + err.getvalue()


class SeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        seed()

    def test_a_second_seed_finds_nothing_missing_and_keeps_nothing(self):
        output = seed()
        self.assertIn("nothing missing", output)
        self.assertNotIn("edited by staff", output)
        self.assertNotIn("kept staff edits", output)

    def test_seeded_rows_have_a_first_revision(self):
        # Exhibitors are saved raw from the fixtures (no revision by themselves);
        # articles come through the importer.
        for model in (Exhibitor, Article):
            with self.subTest(model=model.__name__):
                row = model.objects.first()
                revision = row.history.get()
                self.assertEqual((revision.history_type, revision.history_user), ("+", None))
                self.assertEqual(str(revision.instance), str(row))

    def test_an_exhibitor_staff_renamed_keeps_its_name_and_is_reported(self):
        exhibitor = Exhibitor.objects.get(pk=1)
        exhibitor.name_fa, exhibitor.name_en = "شهرداری تهران (ویرایش)", "Edited name"
        exhibitor.save()
        output = seed()
        exhibitor.refresh_from_db()
        self.assertEqual(exhibitor.name_fa, "شهرداری تهران (ویرایش)")
        self.assertEqual(exhibitor.name_en, "Edited name")
        self.assertIn("kept 1 exhibitor edited by staff: “شهرداری تهران (ویرایش)”", output)

    def test_an_english_only_edit_is_kept_too(self):
        # The translated column is its own column: an edit there is an edit.
        Desk.objects.filter(pk=1).update(name_en="City management")
        output = seed()
        self.assertEqual(Desk.objects.get(pk=1).name_en, "City management")
        self.assertIn("kept 1 service edited by staff", output)

    def test_the_seeded_article_staff_edited_keeps_its_title(self):
        from articles import services

        article = Article.objects.get()
        services.article_update(article=article, title="عنوان ویرایش‌شده")
        output = seed()
        self.assertEqual(Article.objects.get().title, "عنوان ویرایش‌شده")
        self.assertIn(f"kept staff edits: news code {article.news_code}", output)

    def test_a_deleted_exhibitor_comes_back(self):
        exhibitor = Exhibitor.objects.get(pk=1)
        name, slug = exhibitor.name_fa, exhibitor.slug
        exhibitor.delete()
        output = seed()
        self.assertEqual(Exhibitor.objects.get(pk=1).slug, slug)
        self.assertEqual(Exhibitor.objects.get(pk=1).name_fa, name)
        self.assertIn("created 3 achievements, 1 exhibitor.", output)

    def test_a_row_staff_made_with_a_seeded_slug_is_not_overwritten(self):
        exhibitor = Exhibitor.objects.get(pk=1)
        slug = exhibitor.slug
        Stand.objects.filter(exhibitor=exhibitor).update(exhibitor=None)
        exhibitor.delete()
        mine = Exhibitor.objects.get(pk=2)
        mine.slug = slug
        mine.save()
        output = seed()
        self.assertFalse(Exhibitor.objects.filter(pk=1).exists())
        self.assertEqual(Exhibitor.objects.get(pk=2).slug, slug)
        self.assertIn("not created: exhibitor #1", output)
        # and its achievements are not stored pointing at no exhibitor
        self.assertIn("its exhibitor #1 is missing", output)

    def test_staff_can_add_an_exhibitor_after_a_seed(self):
        # The seeded rows carry their own keys: the next key must be past them
        # (PostgreSQL's sequence is moved, as loaddata does).
        highest = Exhibitor.objects.order_by("-pk").values_list("pk", flat=True)[0]
        exhibitor = Exhibitor.objects.create(
            kind=Exhibitor.Kind.KNOWLEDGE_BASED_COMPANY,
            name_fa="غرفه تازه",
            short_name_fa="تازه",
            slug="new-booth",
        )
        self.assertGreater(exhibitor.pk, highest)

    def test_if_empty_on_a_database_with_content_does_nothing_and_says_so(self):
        exhibitor = Exhibitor.objects.get(pk=1)
        exhibitor.delete()
        output = seed("--if-empty")
        self.assertFalse(Exhibitor.objects.filter(pk=1).exists())
        self.assertIn("already has content", output)
        self.assertIn("not seeded", output)


class SeedIfEmptyTests(TestCase):
    def test_if_empty_seeds_an_empty_database(self):
        output = seed("--if-empty")
        self.assertIn("Seeded", output)
        self.assertTrue(Exhibitor.objects.filter(pk=1).exists())
        self.assertEqual(Article.objects.count(), 1)

    def test_an_article_alone_is_content(self):
        from tests.articles.factories import ArticleFactory

        ArticleFactory()
        output = seed("--if-empty")
        self.assertIn("already has content", output)
        self.assertFalse(Exhibitor.objects.exists())


class SeedManyToManyTests(TestCase):
    """Links count as the row's content: a fixture object's many-to-many links are
    created with it, and links staff changed are kept."""

    def setUp(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        objects = [
            {"model": "articles.tag", "pk": 900, "fields": {"name": "شهر", "slug": "shahr"}},
            {
                "model": "articles.article",
                "pk": 900,
                "fields": {
                    "news_code": 900,
                    "language": "fa",
                    "title": "خبر نمونه",
                    "slug": "khabar",
                    "body": "متن.",
                    "status": "draft",
                    "tags": [900],
                    "created_at": "2026-11-20T10:00:00Z",
                    "updated_at": "2026-11-20T10:00:00Z",
                },
            },
        ]
        (folder / "10_sample.json").write_text(json.dumps(objects), encoding="utf-8")
        patcher = mock.patch.object(seed_command, "FIXTURES_DIR", folder)
        patcher.start()
        self.addCleanup(patcher.stop)
        seed()

    def test_links_come_with_the_row(self):
        self.assertEqual(list(Article.objects.get(pk=900).tags.values_list("pk", flat=True)), [900])
        self.assertIn("nothing missing", seed())

    def test_links_staff_removed_stay_removed(self):
        Article.objects.get(pk=900).tags.clear()
        output = seed()
        self.assertFalse(Article.objects.get(pk=900).tags.exists())
        self.assertIn("kept 1 article edited by staff: “خبر نمونه”", output)
