import io
import json
import shutil
import tempfile
from pathlib import Path
from unittest import skipUnless

from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles import services
from articles.exporters import article_record
from articles.importers import parse_json_line
from articles.management.commands.import_articles import BATCH_FILES
from articles.models import Article, ArticleImage, Desk, Status, Tag
from articles.signals import article_text_saved, articles_created
from exhibition import pagecache, persian
from tests.articles.factories import ArticleFactory, DeskFactory, TagFactory, image_bytes
from tests.articles.test_images import ALT, MediaFolderMixin, upload

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "news" / "mehr-sister-cities-exhibition.txt"


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", *args, "--no-progress", stdout=out, stderr=err)
    except CommandError as exc:
        return 1, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


class ImportCommandTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.folder = Path(tempfile.mkdtemp())
        shutil.copy(CORPUS, cls.folder / "corpus.txt")
        (cls.folder / "english.txt").write_text(
            "Mayors meet in Tehran - Mehr News Agency\n\nTEHRAN (MNA) – Mayors met.\n",
            encoding="utf-8",
        )

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder)
        super().tearDownClass()

    def test_folder_import_publishes_and_reports_dropped_paragraphs(self):
        code, out, _err = run(str(self.folder))
        self.assertEqual(code, 0)
        self.assertEqual(Article.objects.count(), 2)
        persian_article = Article.objects.get(language="fa")
        self.assertEqual(persian_article.status, Status.PUBLISHED)
        self.assertLessEqual(persian_article.published_at, timezone.now())
        self.assertIn(persian_article, Article.objects.published())
        self.assertEqual(out.count("repeated paragraph dropped"), 3)
        self.assertIn("2 created", out)
        self.assertEqual(persian_article.source_text, CORPUS.read_text(encoding="utf-8"))
        self.assertEqual(Article.objects.get(language="en").title, "Mayors meet in Tehran")

    def test_reimport_creates_nothing_and_changes_nothing(self):
        run(str(self.folder))
        before = list(Article.objects.order_by("pk").values())
        code, out, _err = run(str(self.folder / "*.txt"))
        self.assertEqual(code, 0)
        self.assertIn("0 created, 0 updated, 2 unchanged", out)
        self.assertEqual(list(Article.objects.order_by("pk").values()), before)

    def test_broken_file_is_reported_and_skipped_while_the_rest_imports(self):
        broken = self.folder / "broken.jsonl"
        broken.write_text('{"title": "ok", "body": "x"}\n{broken\n', encoding="utf-8")
        try:
            code, _out, err = run(str(self.folder))
        finally:
            broken.unlink()
        self.assertEqual(code, 1)
        self.assertIn("broken.jsonl: skipped: line 2: not valid JSON", err)
        # the whole broken file is one transaction: its good first line is not kept
        self.assertFalse(Article.objects.filter(title="ok").exists())
        self.assertEqual(Article.objects.count(), 2)

    def test_missing_path_fails(self):
        code, _out, err = run(str(self.folder / "nope.txt"))
        self.assertEqual(code, 1)
        self.assertIn("cannot read the file", err)

    def test_dry_run_writes_nothing(self):
        code, out, _err = run(str(self.folder), "--dry-run")
        self.assertEqual(code, 0)
        self.assertIn("2 would be created", out)
        self.assertEqual(Article.objects.count(), 0)

    def test_draft_option(self):
        run(str(self.folder), "--draft")
        self.assertFalse(Article.objects.published().exists())
        self.assertEqual(Article.objects.filter(status=Status.DRAFT).count(), 2)


class RefusedRecordsTests(TestCase):
    """What a new record may not hold, an update may not either; a refused file changes
    nothing and is reported."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        self.good = {"news_code": 5000, "title": "همایش شهرداران", "body": "متن خبر."}

    def write(self, name, *records):
        path = self.folder / name
        lines = (json.dumps(r, ensure_ascii=False) for r in records)
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return str(path)

    def assert_refused(self, path, reason):
        before = list(Article.objects.order_by("pk").values())
        with translation.override("en"):
            code, _out, err = run(path)
        self.assertEqual(code, 1)
        self.assertIn(reason, err)
        self.assertEqual(list(Article.objects.order_by("pk").values()), before)

    def test_an_update_is_validated_like_a_new_record(self):
        self.assertEqual(run(self.write("first.jsonl", self.good))[0], 0)
        for change, reason in [
            ({"source_url": "not a url"}, "URL"),
            ({"reporter": "ن" * 300}, "150"),
            ({"title": "عنوان " * 100}, "300"),
        ]:
            with self.subTest(change=list(change)):
                self.assert_refused(self.write("again.jsonl", {**self.good, **change}), reason)

    def test_over_long_slugs_tags_and_services_are_refused(self):
        for change in [
            {"slug": "a" * 500},
            {"tags": ["ب" * 629]},
            {"service": {"slug": "desk", "name_fa": "س" * 549}},
        ]:
            with self.subTest(change=list(change)):
                self.assert_refused(self.write("long.jsonl", {**self.good, **change}), "skipped")
        self.assertFalse(Tag.objects.exists())
        self.assertFalse(Desk.objects.exists())

    def test_a_blank_title_or_body_is_refused(self):
        for change in [{"body": "   "}, {"title": "\n"}]:
            with self.subTest(change=change):
                field = next(iter(change))
                self.assert_refused(
                    self.write("blank.jsonl", {**self.good, **change}), f"'{field}' is required"
                )

    def test_files_of_other_kinds_are_refused(self):
        path = self.folder / "pretty.json"
        path.write_text(json.dumps(self.good, indent=2), encoding="utf-8")
        self.assert_refused(str(path), "not an importable file")

    def test_a_pattern_that_matches_nothing_says_so(self):
        self.assert_refused(str(self.folder / "nothing-*.txt"), "no file matches this pattern")


class BatchTests(TestCase):
    """Files are committed a batch at a time; a file that fails inside a batch is
    reported alone and takes no other with it, and every article keeps one revision
    per save."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        self.files = BATCH_FILES + 3  # a full batch and part of another
        for number in range(self.files):
            records = [
                {"news_code": 7000 + 10 * number + i, "title": f"خبر {number}-{i}", "body": "متن."}
                for i in range(2)
            ]
            self.write(f"{number:03}.jsonl", records)

    def write(self, name, records):
        lines = "\n".join(json.dumps(r, ensure_ascii=False) for r in records)
        (self.folder / name).write_text(lines + "\n", encoding="utf-8")

    def test_a_file_refused_inside_a_batch_is_reported_and_the_rest_imported(self):
        # It parses; its second record is refused only when saved (validation).
        self.write(
            "005.jsonl",
            [
                {"news_code": 9001, "title": "نیمه", "body": "متن."},
                {"news_code": 9002, "title": "خالی", "body": "   "},
            ],
        )
        with translation.override("en"):
            code, out, err = run(str(self.folder))
        self.assertEqual(code, 1)
        self.assertIn("005.jsonl: skipped: ", err)
        self.assertIn("'body' is required", err)
        self.assertEqual(err.count("skipped"), 1)
        self.assertIn(f"{2 * (self.files - 1)} created", err)  # the summary of a failed run
        self.assertIn("006.jsonl: created", out)
        # Nothing of the refused file; all of the others, each with one revision.
        self.assertFalse(Article.objects.filter(news_code__in=[9001, 9002]).exists())
        self.assertEqual(Article.objects.count(), 2 * (self.files - 1))
        history = Article.history.model.objects
        self.assertEqual(history.count(), Article.objects.count())
        self.assertEqual(set(history.values_list("history_type", flat=True)), {"+"})
        # The counter moved past the imported codes only, not the refused file's.
        self.assertEqual(services.allocate_news_code(), 7000 + 10 * (self.files - 1) + 2)

    def test_a_news_code_repeated_within_a_batch_is_one_article(self):
        # File 001 repeats file 000's first record.
        self.write("001.jsonl", [{"news_code": 7000, "title": "خبر 0-0", "body": "متن."}])
        code, out, _err = run(str(self.folder))
        self.assertEqual(code, 0)
        self.assertIn(f"{2 * self.files - 2} created, 0 updated, 1 unchanged", out)
        self.assertEqual(Article.objects.filter(news_code=7000).count(), 1)
        self.assertEqual(Article.objects.get(news_code=7000).history.count(), 1)

    def uncoded(self, number, title=None):
        return {
            "source_url": f"https://example.org/{number}",
            "title": title or f"بی‌کد {number}",
            "body": "متن.",
        }

    def test_new_articles_without_codes_get_the_next_codes_without_gaps(self):
        for number in range(4):
            self.write(f"u{number}.jsonl", [self.uncoded(number)])
        self.assertEqual(run(str(self.folder))[0], 0)
        first = set(
            Article.objects.filter(source_url__startswith="https://example.org/").values_list(
                "news_code", flat=True
            )
        )
        top = 7000 + 10 * (self.files - 1) + 1  # the largest imported code
        self.assertEqual(first, set(range(top + 1, top + 5)))
        # Again with two more: the four stored ones are unchanged (the codes reserved
        # for them are given back), the new ones take the next two codes.
        for number in range(4, 6):
            self.write(f"u{number}.jsonl", [self.uncoded(number)])
        code, out, _err = run(str(self.folder))
        self.assertEqual(code, 0)
        self.assertIn(f"2 created, 0 updated, {2 * self.files + 4} unchanged", out)
        codes = Article.objects.filter(source_url__startswith="https://example.org/")
        self.assertEqual(
            set(codes.values_list("news_code", flat=True)), set(range(top + 1, top + 7))
        )
        self.assertEqual(services.allocate_news_code(), top + 7)

    def test_a_source_url_repeated_within_a_batch_is_one_article(self):
        self.write("u0.jsonl", [self.uncoded(0)])
        self.write("u1.jsonl", [self.uncoded(0, title="عنوان تازه")])  # the same page, changed
        code, out, _err = run(str(self.folder))
        self.assertEqual(code, 0)
        self.assertIn("1 updated", out)
        stored = Article.objects.get(source_url="https://example.org/0")
        self.assertEqual(stored.title, "عنوان تازه")
        self.assertEqual(stored.history.count(), 2)

    def test_a_batch_commits_once_and_records_its_revisions_in_one_statement(self):
        services.allocate_news_code(at_least=1)  # the counter's row, as after a first import
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(run(str(self.folder))[0], 0)
        revisions = [
            q
            for q in ctx.captured_queries
            if "INSERT INTO" in q["sql"] and "historicalarticle" in q["sql"]
        ]
        self.assertEqual(len(revisions), 2)  # one per batch
        # The counter moved and the stored codes asked once per batch, not per record.
        counter = [q for q in ctx.captured_queries if "articles_newscodecounter" in q["sql"]]
        self.assertEqual(len(counter), 2)
        self.assertEqual(services.allocate_news_code(), 7000 + 10 * (self.files - 1) + 2)
        stored = Article.objects.get(news_code=7000)
        revision = stored.history.get()
        self.assertEqual(
            (revision.history_type, revision.title, revision.body), ("+", stored.title, stored.body)
        )
        self.assertIsNone(revision.history_user)

        # An update is a "~" revision of the text as saved.
        self.write("000.jsonl", [{"news_code": 7000, "title": "خبر تازه", "body": "متن نو."}])
        self.assertEqual(run(str(self.folder / "000.jsonl"))[0], 0)
        latest = stored.history.first()
        self.assertEqual((latest.history_type, latest.title), ("~", "خبر تازه"))
        self.assertEqual(stored.history.count(), 2)


class SourceUrlReimportTests(TestCase):
    """A record without a news code is recognised by its source URL."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)

    def feed(self, body):
        record = {"title": "همایش شهرداران", "body": body, "source_url": "https://example.org/n/7"}
        path = self.folder / "feed.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        return run(str(path))

    def test_a_changed_record_updates_the_article_it_came_from(self):
        self.feed("متن اول.")
        code, out, _err = self.feed("متن دوم.")
        self.assertEqual(code, 0)
        self.assertIn("0 created, 1 updated", out)
        article = Article.objects.get()
        self.assertIn("متن دوم", article.body)

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL commit setting")
    def test_a_files_commit_does_not_wait_for_the_disk(self):
        seen = []

        def during_import(sender, article, **kwargs):
            with connection.cursor() as cursor:
                cursor.execute("SHOW synchronous_commit")
                seen.append(cursor.fetchone()[0])

        def during_batch(sender, articles, **kwargs):
            during_import(sender, articles[0])

        article_text_saved.connect(during_import)
        self.addCleanup(article_text_saved.disconnect, during_import)
        articles_created.connect(during_batch)  # a new article, inserted with its batch
        self.addCleanup(articles_created.disconnect, during_batch)
        with connection.cursor() as cursor:  # as a production server is set (the test one isn't)
            cursor.execute("SET synchronous_commit TO on")
        code, _out, _err = self.feed("متن اول.")
        self.assertEqual(code, 0)
        self.assertEqual(seen, ["off"])
        # Only while the import runs: the session's own setting is back afterwards.
        with connection.cursor() as cursor:
            cursor.execute("SHOW synchronous_commit")
            self.assertEqual(cursor.fetchone()[0], "on")

    def test_the_lookup_uses_an_index(self):
        # Without one, each imported record read the whole table.
        lookup = Article.objects.filter(source_url="https://example.org/n/7")
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        self.assertIn("article_source_url_idx", lookup.explain())


class RoundTripTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        service = DeskFactory(slug="technology", name_fa="فناوری", name_en="Technology")
        tag = TagFactory(name_fa="شرکت‌های دانش‌بنیان", name_en="Knowledge-based", slug="kb")
        cls.fa = ArticleFactory(
            title="نمایشگاه خواهرخواندگی",
            kicker="روتیتر",
            lead="لید خبر",
            body="<p>یک <b>دو</b></p>\n<p>سه</p>",
            desk=service,
            tags=[tag],
            reporter="خبرنگار",
            source_agency="خبرگزاری مهر",
            source_url="https://example.org/news/1",
            image_caption="عکس",
        )
        cls.en = ArticleFactory(
            title="Sister cities fair", body="Mayors met.", language="en", desk=service
        )
        cls.draft = ArticleFactory(
            title="پیش‌نویس", status=Status.DRAFT, published_at=None, desk=None
        )
        from articles import services

        services.article_pair(article=cls.fa, other=cls.en)
        # The source changed after the translation: the translation awaits review.
        services.article_update(article=cls.fa, lead="لید تازه")
        for _ in range(4):
            services.article_record_view(article=cls.fa)

    def test_export_then_import_into_an_empty_database_is_lossless(self):
        exported = io.StringIO()
        call_command("export_articles", stdout=exported)
        records = [json.loads(line) for line in exported.getvalue().splitlines()]
        self.assertEqual(len(records), 3)
        outdated = {r["news_code"]: r["translation_outdated"] for r in records}
        self.assertEqual(
            outdated,
            {self.fa.news_code: False, self.en.news_code: True, self.draft.news_code: False},
        )
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "export.jsonl"
            path.write_text(exported.getvalue(), encoding="utf-8")
            Article.objects.all().delete()
            Tag.objects.all().delete()
            Desk.objects.all().delete()
            code, out, err = run(str(path))
            self.assertEqual(code, 0, err)
            articles = Article.objects.select_related("desk", "paired").order_by("news_code")
            self.assertEqual([article_record(a) for a in articles], records)
            self.assertTrue(Article.objects.get(news_code=self.en.news_code).translation_outdated)
            # and importing the same export again changes nothing
            code, out, err = run(str(path))
            self.assertIn("3 unchanged", out)


class SeedTests(TestCase):
    def test_seed_loads_services_and_the_corpus_article_idempotently(self):
        call_command("seed", stdout=io.StringIO(), stderr=io.StringIO())
        call_command("seed", stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(Article.objects.count(), 1)
        self.assertTrue(Article.objects.published().filter(title__contains="کلانشهرها").exists())
        self.assertEqual(Desk.objects.get(slug="urban-management").name_en, "Urban management")


class ParallelImportTests(TestCase):
    """--jobs N parses and normalizes in worker processes; the articles are the same."""

    @classmethod
    def setUpTestData(cls):
        cls.folder = Path(tempfile.mkdtemp())
        lines = [line for line in CORPUS.read_text(encoding="utf-8").split("\n") if line.strip()]
        for i in range(22):
            # Spelling that normalization must fix: Arabic ye/kaf and Latin digits.
            (cls.folder / f"{i:02d}.txt").write_text(
                f"خبر شماره {i} درباره شهرداري تهران - خبرگزاری مهر | Mehr News Agency\n\n"
                + "\n\n".join(lines[2 + i % 5 : 8 + i % 5])
                + f"\n\nكارگاه {i} در سال 1403 برگزار شد.\n",
                encoding="utf-8",
            )
        (cls.folder / "22.txt").write_bytes(b"\x00\x01 binary")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.folder)
        super().tearDownClass()

    def test_workers_give_the_same_articles_as_one_process(self):
        code, out, err = run(str(self.folder), "--jobs", "2")
        self.assertEqual(code, 1)
        self.assertIn("22 created", out + err)
        self.assertIn("22.txt: skipped", err)
        parallel = list(Article.objects.order_by("news_code").values())
        self.assertIn("شهرداری", parallel[0]["title"])
        self.assertIn("کارگاه ۰ در سال ۱۴۰۳", parallel[0]["body"])
        # The same files in one process, normalizing afresh: nothing differs.
        persian.take_results()
        code, out, err = run(str(self.folder), "--jobs", "1")
        self.assertIn("22 unchanged", out + err)
        self.assertEqual(list(Article.objects.order_by("news_code").values()), parallel)

    def test_jobs_must_be_positive(self):
        code, _out, err = run(str(self.folder), "--jobs", "0")
        self.assertEqual(code, 1)
        self.assertIn("--jobs", err)
        self.assertEqual(Article.objects.count(), 0)


class StaffEditsSurviveReimportTests(TestCase):
    """An article staff edited after its import keeps their text when its file is
    imported again; --force takes the source's."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        self.page = self.folder / "page.txt"
        self.page.write_text(
            "همایش شهرداران - خبرگزاری مهر\n\nشهرداران در تهران گرد آمدند.\n", encoding="utf-8"
        )
        self.feed = self.folder / "feed.jsonl"
        self.write_feed("شهرداران در تهران گرد آمدند.")
        code, _out, err = run(str(self.page))
        self.assertEqual(code, 0, err)
        code, _out, err = run(str(self.feed))
        self.assertEqual(code, 0, err)
        self.scraped = Article.objects.get(source_text__startswith="همایش")
        self.fed = Article.objects.get(news_code=7000)

    def write_feed(self, body):
        record = {"news_code": 7000, "title": "دیدار شهرداران", "body": body}
        self.feed.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")

    def staff_edit(self, article, title):
        from articles import services

        services.article_update(article=article, title=title)

    def test_a_scraped_page_staff_corrected_keeps_the_correction(self):
        self.staff_edit(self.scraped, "همایش شهرداران کلانشهرها")
        code, out, _err = run(str(self.page))
        self.assertEqual(code, 0)
        article = Article.objects.get(pk=self.scraped.pk)
        self.assertEqual(article.title, "همایش شهرداران کلانشهرها")
        self.assertIn(
            f"page.txt: kept staff edits: news code {article.news_code} "
            f"“همایش شهرداران کلانشهرها” (edited {article.updated_at:%Y-%m-%d %H:%M} UTC)",
            out,
        )
        self.assertIn("0 updated, 0 unchanged, 1 kept with staff edits", out)

    def test_a_changed_source_does_not_undo_the_edit_either(self):
        self.staff_edit(self.fed, "دیدار شهرداران کلانشهرها")
        self.write_feed("شهرداران در تهران دیدار کردند.")
        code, out, _err = run(str(self.feed))
        self.assertEqual(code, 0)
        article = Article.objects.get(news_code=7000)
        self.assertEqual(article.title, "دیدار شهرداران کلانشهرها")
        self.assertIn("گرد آمدند", article.body)
        self.assertIn("feed.jsonl: kept staff edits: news code 7000", out)
        self.assertIn("0 updated, 0 unchanged, 1 kept with staff edits", out)

    def admin_save(self, title):
        from django.contrib.auth.models import User

        self.client.force_login(User.objects.create_superuser("root", password="pw-123456789"))
        article = self.fed
        moment = timezone.localtime(article.published_at)
        return self.client.post(
            f"/admin/articles/article/{article.pk}/change/",
            {
                "language": "fa",
                "title": title,
                "slug": article.slug,
                "body": article.body,
                "status": article.status,
                "published_at_0": f"{moment:%Y-%m-%d}",
                "published_at_1": f"{moment:%H:%M:%S}",
                "exhibitor_mentions-TOTAL_FORMS": "0",
                "exhibitor_mentions-INITIAL_FORMS": "0",
                "images-TOTAL_FORMS": "0",
                "images-INITIAL_FORMS": "0",
            },
        )

    def test_a_title_corrected_in_the_admin_is_kept(self):
        self.assertEqual(self.admin_save("دیدار شهرداران در تهران").status_code, 302)
        code, out, _err = run(str(self.feed))
        self.assertEqual(Article.objects.get(news_code=7000).title, "دیدار شهرداران در تهران")
        self.assertIn("feed.jsonl: kept staff edits: news code 7000", out)

    def test_saving_in_the_admin_without_a_change_is_no_edit(self):
        self.assertEqual(self.admin_save(self.fed.title).status_code, 302)
        self.write_feed("شهرداران در تهران دیدار کردند.")
        code, out, _err = run(str(self.feed))
        self.assertIn("دیدار کردند", Article.objects.get(news_code=7000).body)
        self.assertIn("1 updated", out)

    def test_force_takes_the_source(self):
        self.staff_edit(self.fed, "دیدار شهرداران کلانشهرها")
        self.write_feed("شهرداران در تهران دیدار کردند.")
        code, out, _err = run(str(self.feed), "--force")
        self.assertEqual(code, 0)
        article = Article.objects.get(news_code=7000)
        self.assertEqual(article.title, "دیدار شهرداران")
        self.assertIn("دیدار کردند", article.body)
        self.assertIn("1 updated", out)
        # and, forced once, the article counts as unedited again
        code, out, _err = run(str(self.feed))
        self.assertIn("1 unchanged, 0 kept", out)

    def test_an_unedited_article_follows_its_changed_source(self):
        self.write_feed("شهرداران در تهران دیدار کردند.")
        code, out, _err = run(str(self.feed))
        self.assertEqual(code, 0)
        self.assertIn("دیدار کردند", Article.objects.get(news_code=7000).body)
        self.assertIn("0 created, 1 updated, 0 unchanged, 0 kept", out)

    def test_unchanged_files_are_unchanged(self):
        code, out, _err = run(str(self.folder))
        self.assertIn("0 created, 0 updated, 2 unchanged, 0 kept", out)

    def test_an_edited_tag_list_is_an_edit(self):
        from articles import services

        services.article_update(article=self.fed, tags=[TagFactory()])
        self.write_feed("شهرداران در تهران دیدار کردند.")
        code, out, _err = run(str(self.feed))
        self.assertIn("1 kept with staff edits", out)
        self.assertEqual(Article.objects.get(news_code=7000).tags.count(), 1)

    def test_unpublishing_is_not_an_edit_of_the_text(self):
        from articles import services

        services.article_unpublish(article=self.fed)
        self.write_feed("شهرداران در تهران دیدار کردند.")
        code, out, _err = run(str(self.feed))
        self.assertIn("1 updated", out)
        self.assertEqual(Article.objects.get(news_code=7000).status, Status.DRAFT)

    def test_an_article_imported_before_fingerprints_differing_is_kept(self):
        # Stored before this release: whether staff changed it cannot be known.
        Article.objects.filter(news_code=7000).update(imported_fingerprint="", title="قدیمی")
        code, out, _err = run(str(self.feed))
        self.assertEqual(Article.objects.get(news_code=7000).title, "قدیمی")
        self.assertIn("stored before edits were tracked", out)
        # one that equals its source is unchanged, and from then on tracked
        Article.objects.filter(news_code=7000).update(
            imported_fingerprint="", title="دیدار شهرداران"
        )
        code, out, _err = run(str(self.feed))
        self.assertIn("1 unchanged", out)
        self.assertNotEqual(Article.objects.get(news_code=7000).imported_fingerprint, "")


class HonestReportTests(TestCase):
    """The import report says what happened, no more: dropped paragraphs only when the
    text is written, real news codes in a dry run, and where a time came from."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        for i in range(3):
            (self.folder / f"{i}.txt").write_text(
                f"خبر شماره {i} - خبرگزاری مهر\n\nمتن خبر شماره {i} درباره شهرداران.\n",
                encoding="utf-8",
            )

    def test_an_unchanged_reimport_reports_no_dropped_paragraph(self):
        shutil.copy(CORPUS, self.folder / "corpus.txt")
        code, out, _err = run(str(self.folder))
        self.assertEqual(out.count("repeated paragraph dropped"), 3)
        code, out, _err = run(str(self.folder))
        self.assertNotIn("repeated paragraph", out.replace("0 repeated paragraph(s)", ""))
        self.assertIn("4 unchanged", out)

    def test_a_dry_run_reports_distinct_news_codes_and_writes_nothing(self):
        ArticleFactory()  # the counter is past 0
        code, out, _err = run(str(self.folder), "--dry-run")
        self.assertEqual(code, 0)
        codes = [
            line.rsplit("news code ", 1)[1]
            for line in out.splitlines()
            if "would be created “" in line
        ]
        self.assertEqual(len(codes), 3)
        self.assertEqual(len(set(codes)), 3, out)
        self.assertEqual(Article.objects.count(), 1)
        # the real import gives the codes the dry run showed
        code, out, _err = run(str(self.folder))
        self.assertEqual(
            sorted(codes),
            sorted(
                str(c) + ")"
                for c in Article.objects.exclude(content_hash="").values_list(
                    "news_code", flat=True
                )
            ),
        )

    def test_an_undated_file_is_reported_as_published_now(self):
        code, out, _err = run(str(self.folder / "0.txt"))
        article = Article.objects.get()
        self.assertIn(
            f"0.txt: no date: news code {article.news_code} published at the import time", out
        )
        self.assertIn("1 new article(s) had no date", out)
        self.assertLess((timezone.now() - article.published_at).total_seconds(), 60)

    def test_date_option_dates_undated_files(self):
        code, out, err = run(str(self.folder), "--date", "2026-11-20T10:30")
        self.assertEqual(code, 0, err)
        times = {timezone.localtime(a.published_at) for a in Article.objects.all()}
        self.assertEqual(len(times), 1)
        moment = times.pop()
        self.assertEqual((moment.year, moment.month, moment.day, moment.hour), (2026, 11, 20, 10))
        self.assertNotIn("no date", out)

    def test_a_jalali_date_is_read_as_jalali(self):
        run(str(self.folder / "0.txt"), "--date", "1405-08-29")
        moment = timezone.localtime(Article.objects.get().published_at)
        self.assertEqual((moment.year, moment.month, moment.day), (2026, 11, 20))

    def test_a_pages_date_line_dates_it(self):
        (self.folder / "0.txt").write_text(
            "خبر دارای تاریخ - خبرگزاری مهر\n۱۴۰۵/۰۸/۲۹ - ۱۰:۳۰\n\nمتن خبر.\n", encoding="utf-8"
        )
        code, out, _err = run(str(self.folder / "0.txt"), "--date", "2026-01-01")
        moment = timezone.localtime(Article.objects.get().published_at)
        self.assertEqual((moment.month, moment.day, moment.hour), (11, 20, 10))
        self.assertEqual(Article.objects.get().body, "<p>متن خبر.</p>")
        self.assertNotIn("no date", out)

    def test_a_date_in_the_file_wins_over_the_option(self):
        record = {"title": "دیدار", "body": "متن.", "published_at": "2026-01-05T09:00:00+03:30"}
        path = self.folder / "feed.jsonl"
        path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
        run(str(path), "--date", "2026-11-20")
        self.assertEqual(Article.objects.get().published_at.month, 1)

    def test_a_bad_date_is_refused_before_anything_is_imported(self):
        with self.assertRaises(CommandError) as caught:
            call_command(
                "import_articles",
                str(self.folder),
                "--date",
                "yesterday",
                stdout=io.StringIO(),
                stderr=io.StringIO(),
            )
        self.assertIn("is not a date", str(caught.exception))
        self.assertFalse(Article.objects.exists())


def renditions(media: Path) -> list[Path]:
    return [p for p in (media / "CACHE").rglob("*") if p.is_file()]


class MakeRenditionsCommandTests(MediaFolderMixin, TestCase):
    """manage.py make_renditions: what pages no longer make on their first view, for
    images stored before saving made them (or whose making failed)."""

    def test_the_command_makes_the_missing_ones_and_skips_an_unreadable_image(self):
        article = ArticleFactory(image=upload(size=(500, 250)), **ALT)
        damaged = services.article_image_save(
            article_image=ArticleImage(article=article), image=upload(), alt_fa="ا", alt_en="A"
        )
        Path(damaged.image.path).write_bytes(b"not an image any more")
        out, err = io.StringIO(), io.StringIO()
        call_command("make_renditions", stdout=out, stderr=err)
        self.assertIn("2 image(s): 4 rendition(s) made, 1 unreadable.", out.getvalue())
        self.assertIn(f"{damaged.image.name}: cannot be read", err.getvalue())
        self.assertEqual(len(renditions(self.media)), 4)  # 480 and 500, WebP and JPEG
        self.assertIn("srcset=", self.client.get(article.get_absolute_url()).content.decode())
        again = io.StringIO()
        call_command("make_renditions", stdout=again, stderr=io.StringIO())
        self.assertIn("2 image(s): 0 rendition(s) made, 1 unreadable.", again.getvalue())


def phone_photo_and_records_folder(test) -> Path:
    """A phone photo (EXIF orientation, GPS) at the media folder's incoming/phone.jpg,
    and an empty folder for the records to import (removed after the test)."""
    photo = test.media / "incoming" / "phone.jpg"
    photo.parent.mkdir(parents=True)
    photo.write_bytes(image_bytes(size=(40, 20), orientation=6, gps=True))
    source = Path(tempfile.mkdtemp())
    test.addCleanup(shutil.rmtree, source)
    return source


class DryRunImageTests(MediaFolderMixin, TestCase):
    """A dry run of records with a phone photo (EXIF, GPS) leaves the media folder as it
    found it: the stripped copy a real import would store is not left behind."""

    def test_a_dry_run_leaves_no_stripped_copy_in_media(self):
        source = phone_photo_and_records_folder(self)
        record = {"title": "خبر با عکس", "body": "متن", "image": "incoming/phone.jpg", **ALT}
        (source / "photo.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")

        def files():
            return sorted(p for p in self.media.rglob("*") if p.is_file())

        before = files()

        code, out, _err = run(str(source), "--dry-run")
        self.assertEqual(code, 0, out)
        self.assertIn("1 would be created", out)
        self.assertEqual(files(), before)
        self.assertFalse(Article.objects.exists())

        # The real import stores the copy the dry run did not keep.
        self.assertEqual(run(str(source))[0], 0)
        self.assertEqual(len(list((self.media / "articles").rglob("*.jpg"))), 1)


class FailedFileImageTests(MediaFolderMixin, TestCase):
    """A file that fails, alone or inside a batch redone file by file, leaves none of
    the images' stripped copies it wrote: the media folder holds exactly the copies
    stored articles show."""

    def test_a_rolled_back_batch_and_a_failed_file_leave_no_copies(self):
        source = phone_photo_and_records_folder(self)

        def record(title, **fields):
            return {"title": title, "body": "متن", "image": "incoming/phone.jpg", **ALT, **fields}

        files = {
            "a.jsonl": [record("خبر یکم")],
            # Its photo is copied, then its second record is refused when saved (a title
            # over 300 characters): the file fails, and with it the batch it was in.
            "b.jsonl": [record("خبر دوم"), record("خ" * 301)],
            "c.jsonl": [record("خبر سوم")],
        }
        for name, records in files.items():
            lines = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records)
            (source / name).write_text(lines, encoding="utf-8")

        code, _out, err = run(str(source))
        self.assertEqual(code, 1)
        self.assertIn("b.jsonl: skipped", err)
        self.assertEqual(err.count("skipped"), 1)
        shown = sorted(Article.objects.values_list("image", flat=True))
        self.assertEqual(len(shown), 2)  # a's and c's
        copies = sorted(
            str(p.relative_to(self.media)) for p in (self.media / "articles").rglob("*.jpg")
        )
        self.assertEqual(copies, shown)


class BatchImportFollowUpTests(MediaFolderMixin, TestCase):
    """What a save sets off happens for articles a batch inserts together too: their
    images' renditions once the batch commits, and a new page-cache generation."""

    def test_renditions_are_made_and_cached_pages_renewed(self):
        source = phone_photo_and_records_folder(self)
        for name in ("a", "b"):
            record = {"title": f"خبر {name}", "body": "متن", "image": "incoming/phone.jpg", **ALT}
            (source / f"{name}.jsonl").write_text(
                json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8"
            )
        before = pagecache.content_state()[0]
        with self.captureOnCommitCallbacks(execute=True):
            self.assertEqual(run(str(source))[0], 0)
        self.assertEqual(Article.objects.count(), 2)
        self.assertGreater(pagecache.content_state()[0], before)
        # Each image's one width, as WebP and JPEG.
        made = [p for p in (self.media / "CACHE").rglob("*") if p.is_file()]
        self.assertEqual(len(made), 4)


class BatchInsertTests(TestCase):
    """A batch's new articles are inserted with one statement, and are stored exactly
    as articles saved one by one: the same rows, tags, fingerprints and revisions, and
    a re-import changes nothing."""

    def setUp(self):
        self.folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, self.folder)
        self.records = [
            {
                "news_code": 8100 + number,
                "title": f"خبر شماره {number} درباره شهرداري تهران",
                "lead": f"لید {number} با رقم 1403",
                "body": "بند اول.\n\nبند دوم با كاف عربی.\n\nبند اول.",
                "service": {"slug": "city", "name_fa": "شهری", "name_en": "City"},
                "tags": ["شهرداری", {"slug": "kb", "name_fa": "دانش‌بنیان"}][: number % 3],
                "published_at": "2026-11-20T10:30:00+03:30",
            }
            for number in range(5)
        ]
        for number, record in enumerate(self.records):
            (self.folder / f"{number}.jsonl").write_text(
                json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8"
            )

    @staticmethod
    def stored():
        skip = {"id", "created_at", "updated_at"}
        rows = [
            {k: v for k, v in row.items() if k not in skip}
            for row in Article.objects.order_by("news_code").values()
        ]
        tags = [
            sorted(a.tags.values_list("slug", flat=True))
            for a in Article.objects.order_by("news_code")
        ]
        revisions = [
            {k: v for k, v in row.items() if k not in skip | {"history_id", "history_date"}}
            for row in Article.history.model.objects.order_by("news_code").values()
        ]
        return rows, tags, revisions

    def test_one_insert_for_the_batch_and_the_same_rows_as_one_by_one(self):
        with CaptureQueriesContext(connection) as ctx:
            code, out, _err = run(str(self.folder))
        self.assertEqual(code, 0, out)
        inserts = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("INSERT INTO")]
        self.assertEqual(sum('"articles_article"' in sql for sql in inserts), 1)
        self.assertEqual(sum('"articles_article_tags"' in sql for sql in inserts), 1)
        batched = self.stored()
        self.assertTrue(all(row["imported_fingerprint"] for row in batched[0]))
        self.assertEqual(batched[1][1], ["شهرداری"])

        # Re-imported, nothing changes; then the same records saved one by one, each
        # in a transaction of its own, outside any batch.
        self.assertIn("5 unchanged", run(str(self.folder))[1])
        self.assertEqual(self.stored(), batched)
        Article.objects.all().delete()
        Article.history.model.objects.all().delete()
        for record in self.records:
            services.article_import(parsed=parse_json_line(json.dumps(record)))
        self.assertEqual(self.stored(), batched)
