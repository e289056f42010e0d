"""A backup restores every row, every Persian byte and every media file, and search
still works afterwards; on SQLite and on PostgreSQL (whichever the suite runs on)."""

import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path
from unittest import mock

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TransactionTestCase, override_settings

from articles.models import Article
from articles.search import search_articles
from booths.models import Exhibitor
from exhibition import persian
from exhibition.backup import backup_create
from tests.articles.factories import ArticleFactory

# The shared corpus sits beside the checkout; a checkout without it uses factory articles.
CORPUS = Path(settings.BASE_DIR).parent / "shared" / "corpus"
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082"
)


def snapshot() -> dict[str, list]:
    """Every row of every table (search indexes' own tables included), in a stable order."""
    tables = sorted(
        t for t in connection.introspection.table_names() if not t.startswith("sqlite_")
    )
    quote = connection.ops.quote_name
    rows = {}
    with connection.cursor() as cursor:
        for table in tables:
            cursor.execute(f"SELECT * FROM {quote(table)}")
            rows[table] = sorted((tuple(row) for row in cursor.fetchall()), key=repr)
    return rows


def media_files(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


class BackupRoundTripTests(TransactionTestCase):
    def setUp(self):
        workdir = Path(tempfile.mkdtemp(prefix="exhibition-backup-"))
        self.addCleanup(shutil.rmtree, workdir)
        self.media, self.backups = workdir / "media", workdir / "backups"
        override = override_settings(MEDIA_ROOT=self.media)
        override.enable()
        self.addCleanup(override.disable)
        call_command("seed", verbosity=0)
        if CORPUS.is_dir():
            call_command("import_articles", str(CORPUS), "--no-progress", verbosity=0)
        ArticleFactory(
            title="شهرداری‌ها و کلان‌شهرها در نمایشگاه خواهرخواندگی ۱۴۰۳",
            body="«دانش‌بنیان»ها، ي و ك عربی، و ارقام ۱۲ و 12.\n\nپاراگراف دوم.",
            image="articles/نمایشگاه.png",
            image_alt_fa="نشان نمایشگاه",
            image_alt_en="The exhibition's logo",
        )
        (self.media / "articles").mkdir(parents=True)
        (self.media / "articles" / "نمایشگاه.png").write_bytes(PNG)

    def search_total(self, q: str) -> int:
        return search_articles(persian.parse_query(q), language="fa").total

    def test_restore_brings_back_every_row_byte_and_file_and_search_works(self):
        before = snapshot()
        persian_text = sorted(
            (t.encode(), b.encode()) for t, b in Article.objects.values_list("title", "body")
        )
        found_before = self.search_total("نمایشگاه")
        self.assertGreater(found_before, 0)
        self.assertGreater(len(before[Exhibitor._meta.db_table]), 20)  # seeded
        archive = backup_create(directory=self.backups)
        self.assertRegex(archive.name, r"^exhibition-\d{8}-\d{6}\.tar\.gz$")

        # Damage after the backup: the restore must undo all of it.
        Article.objects.filter(pk__in=Article.objects.values("pk")[:1]).delete()
        Exhibitor.objects.update(name_fa="نام خراب")
        ArticleFactory(title="خبری که پس از پشتیبان آمد")
        (self.media / "articles" / "نمایشگاه.png").unlink()
        (self.media / "stray.png").write_bytes(PNG)
        self.assertNotEqual(snapshot(), before)

        call_command("restore", str(archive), "--yes", verbosity=0)

        self.assertEqual(snapshot(), before)
        self.assertEqual(
            sorted(
                (t.encode(), b.encode()) for t, b in Article.objects.values_list("title", "body")
            ),
            persian_text,
        )
        self.assertEqual(media_files(self.media), {"articles/نمایشگاه.png": PNG})
        self.assertEqual(self.search_total("نمایشگاه"), found_before)
        self.assertEqual(self.search_total("شهرداري‌ها"), self.search_total("شهرداریها"))
        response = self.client.get("/fa/search/", {"q": "کلانشهرها خواهرخواندگی"})
        self.assertContains(response, "کلان‌شهرها")
        self.assertEqual(self.search_total("پس از پشتیبان"), 0)

    def test_refuses_an_archive_of_the_other_engine_and_changes_nothing(self):
        archive = backup_create(directory=self.backups)
        other = "sqlite" if connection.vendor == "postgresql" else "postgresql"
        forged = self.backups / "other.tar.gz"
        with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
            for member in source.getmembers():
                data = source.extractfile(member) if member.isfile() else None
                if member.name == "manifest.json":
                    manifest = json.load(data) | {"engine": other}
                    encoded = json.dumps(manifest).encode()
                    member.size = len(encoded)
                    data = io.BytesIO(encoded)
                target.addfile(member, data)
        before = snapshot()
        with self.assertRaisesMessage(CommandError, f"holds a {other} database"):
            call_command("restore", str(forged), "--yes", verbosity=0)
        self.assertEqual(snapshot(), before)

    def test_an_archive_with_links_or_strangers_is_refused_before_anything_is_written(self):
        archive = backup_create(directory=self.backups)
        database_name = (
            "database.pgdump" if connection.vendor == "postgresql" else ("database.sqlite3")
        )
        for name, kind in (
            ("media/x.jpg", tarfile.SYMTYPE),  # a link to the database as a public image
            ("media/y.jpg", tarfile.LNKTYPE),
            ("settings.py", tarfile.REGTYPE),
        ):
            with self.subTest(name=name):
                forged = self.backups / f"forged-{kind!r}.tar.gz"
                with tarfile.open(archive) as source, tarfile.open(forged, "w:gz") as target:
                    for member in source.getmembers():
                        data = source.extractfile(member) if member.isfile() else None
                        target.addfile(member, data)
                    extra = tarfile.TarInfo(name)
                    extra.type = kind
                    extra.linkname = f"../{database_name}" if kind != tarfile.REGTYPE else ""
                    target.addfile(extra, io.BytesIO(b"") if kind == tarfile.REGTYPE else None)
                before = snapshot()
                with self.assertRaises(CommandError):
                    call_command("restore", str(forged), "--yes", verbosity=0)
                self.assertEqual(snapshot(), before)
                self.assertFalse((Path(settings.MEDIA_ROOT) / "x.jpg").exists())

    def test_a_file_that_is_not_a_backup_is_refused(self):
        bogus = self.backups / "notes.tar.gz"
        bogus.parent.mkdir(parents=True)
        bogus.write_text("not an archive")
        with self.assertRaisesMessage(CommandError, "is not a backup made by"):
            call_command("restore", str(bogus), "--yes", verbosity=0)
        with self.assertRaisesMessage(CommandError, "no such archive"):
            call_command("restore", str(self.backups / "absent.tar.gz"), "--yes", verbosity=0)

    def test_restore_asks_first_and_a_no_changes_nothing(self):
        archive = backup_create(directory=self.backups)
        ArticleFactory(title="خبر تازه")
        before = snapshot()
        with mock.patch("builtins.input", return_value="no"):
            call_command("restore", str(archive), verbosity=0)
        self.assertEqual(snapshot(), before)
