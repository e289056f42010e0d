import io
import json
import shutil
import tempfile
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.management import CommandError, call_command
from django.test import TestCase
from django.utils import translation

from articles import services
from articles.importers import ImportFormatError, parse_json_line, parse_mehr_text
from articles.models import Article
from tests.articles.factories import ArticleFactory, image_bytes

CORPUS = Path(settings.BASE_DIR) / "fixtures" / "news" / "mehr-sister-cities-exhibition.txt"
TITLE = "شناسایی زمینه همکاری کلانشهرها در نمایشگاه خواهر شهرها"


class MehrTextTests(TestCase):
    def test_corpus_page_title_is_cut_at_the_glued_site_name(self):
        parsed = parse_mehr_text(CORPUS.read_text(encoding="utf-8"))
        self.assertEqual(parsed.title, TITLE)
        self.assertTrue(parsed.body.startswith("به گزارش خبرگزاری مهر، احسان متولیان"))
        self.assertEqual(parsed.language, "fa")
        self.assertEqual(parsed.source_agency, "خبرگزاری مهر")

    def test_corpus_repeated_paragraphs_are_dropped_and_reported(self):
        parsed = parse_mehr_text(CORPUS.read_text(encoding="utf-8"))
        self.assertEqual(len(parsed.dropped_paragraphs), 3)
        self.assertEqual(parsed.body.count("دبیرکل شورای شهرداران ایران یادآور شد"), 1)
        self.assertIn("تصریح کرد", parsed.body)

    def test_every_site_name_variant_glued_or_not(self):
        variants = [
            " – خبرگزاری مهر ایران و اخبار جهان",
            " - خبرگزاری مهر | اخبار ایران و جهان | Mehr News Agency",
            " - Mehr News Agency",
        ]
        for variant in variants:
            for glue in ("", "\n\n", " "):
                with self.subTest(variant=variant, glue=repr(glue)):
                    parsed = parse_mehr_text(f"عنوان خبر{variant}{glue}به گزارش مهر، متن.")
                    self.assertEqual(parsed.title, "عنوان خبر")
                    self.assertEqual(parsed.body, "به گزارش مهر، متن.")

    def test_english_page_is_detected_from_the_script(self):
        parsed = parse_mehr_text(
            "Tehran hosts sister cities - Mehr News Agency\n\nTEHRAN, Nov. 20 (MNA) – Mayors met."
        )
        self.assertEqual(parsed.language, "en")
        self.assertEqual(parsed.title, "Tehran hosts sister cities")
        self.assertEqual(parsed.source_agency, "Mehr News Agency")

    def test_paragraphs_identical_after_normalization_are_dropped(self):
        parsed = parse_mehr_text("عنوان - خبرگزاری مهر\n\nشهرداري 12 كار\n\nشهرداری ۱۲ کار\n\nدیگر")
        self.assertEqual(parsed.dropped_paragraphs, ["شهرداری ۱۲ کار"])

    def test_broken_pages_say_why(self):
        for raw, reason in [
            ("", "empty"),
            ("   \n\n", "empty"),
            (" - خبرگزاری مهر\n\nمتن", "no title"),
            ("فقط عنوان – خبرگزاری مهر ایران و اخبار جهان", "no body"),
            ("عنوان\x00باینری", "NUL"),
        ]:
            with self.subTest(raw=raw), self.assertRaisesRegex(ImportFormatError, reason):
                parse_mehr_text(raw)


class MehrDateLineTests(TestCase):
    """A scraped page may give its date on the first body line: it dates the article
    and is not part of the body."""

    def parse(self, first_line):
        return parse_mehr_text(f"همایش شهرداران - خبرگزاری مهر\n{first_line}\n\nمتن خبر.\n")

    def test_the_usual_spellings_give_a_tehran_time(self):
        tehran = ZoneInfo("Asia/Tehran")
        for line, expected in [
            ("۱۴۰۵/۰۸/۲۹ - ۱۰:۳۰", datetime(2026, 11, 20, 10, 30, tzinfo=tehran)),
            ("تاریخ انتشار: ۲۹ آبان ۱۴۰۵، ۱۰:۳۰", datetime(2026, 11, 20, 10, 30, tzinfo=tehran)),
            ("۲۹ آبان ۱۴۰۵", datetime(2026, 11, 20, tzinfo=tehran)),
            ("2026-11-20 08:05", datetime(2026, 11, 20, 8, 5, tzinfo=tehran)),
        ]:
            with self.subTest(line=line):
                parsed = self.parse(line)
                self.assertEqual(parsed.published_at, expected)
                self.assertEqual(parsed.body, "متن خبر.")

    def test_a_first_line_that_is_text_stays_in_the_body(self):
        parsed = self.parse("در تاریخ ۱۴۰۵/۰۸/۲۹ شهرداران گرد آمدند")
        self.assertIsNone(parsed.published_at)
        self.assertTrue(parsed.body.startswith("در تاریخ"))

    def test_an_impossible_date_rejects_the_file(self):
        with self.assertRaisesMessage(ImportFormatError, "is no date"):
            self.parse("۱۴۰۵/۱۳/۴۰")


class JsonLineTests(TestCase):
    def test_valid_record(self):
        parsed = parse_json_line(
            '{"title": "عنوان", "body": "متن", "language": "fa", "news_code": 7,'
            ' "published_at": "2026-11-20T10:00:00+03:30", "tags": ["دانش‌بنیان"],'
            ' "service": {"slug": "technology", "name_fa": "فناوری", "name_en": "Technology"}}'
        )
        self.assertEqual(parsed.news_code, 7)
        self.assertEqual(parsed.tags[0]["name_fa"], "دانش‌بنیان")
        self.assertEqual(parsed.desk["slug"], "technology")
        self.assertEqual(parsed.published_at.utcoffset().total_seconds(), 3.5 * 3600)

    def test_an_exported_article_in_review_imports_in_review(self):
        parsed = parse_json_line('{"title": "عنوان", "body": "متن", "status": "review"}')
        self.assertEqual(parsed.status, "review")

    def test_invalid_records_say_which_line_and_why(self):
        cases = [
            ("{not json", "not valid JSON"),
            ("[1, 2]", "JSON object"),
            ('{"body": "x"}', "'title' is required"),
            ('{"title": "t", "body": "x", "language": "de"}', "'language'"),
            ('{"title": "t", "body": "x", "news_code": -1}', "integer from 0"),
            ('{"title": "t", "body": "x", "news_code": 99999999999999999999}', "integer from 0"),
            ('{"title": "t", "body": "x", "view_count": 99999999999999}', "integer from 0"),
            ('{"title": "t", "body": "x", "slug": "a/b c"}', "'slug' must be"),
            ('{"title": "t", "body": "x", "tags": [{"slug": "x?y"}]}', "'slug' must be"),
            ('{"title": "t", "body": "x", "published_at": "yesterday"}', "ISO 8601"),
            ('{"title": "t", "body": "x", "published_at": "2026-01-01T10:00"}', "UTC offset"),
            (
                '{"title": "t", "body": "x", "status": "live"}',
                "'status' must be one of: draft, review",
            ),
            ('{"title": 5, "body": "x"}', "string"),
            ('{"title": "t", "body": "x", "schema": 99}', "schema version"),
            ('{"title": "t", "body": "x", "translation_outdated": "yes"}', "true or false"),
        ]
        for line, reason in cases:
            with self.subTest(line=line), self.assertRaisesRegex(ImportFormatError, reason):
                parse_json_line(line, line_number=3)
        with self.assertRaisesRegex(ImportFormatError, "^line 3: "):
            parse_json_line("{", line_number=3)


BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"


class BidiControlTests(TestCase):
    """A U+202E in an imported name reverses what follows it on every page showing it."""

    def test_every_imported_text_field_is_stored_without_bidi_controls(self):
        record = {
            "title": f"عنوان{BIDI} خبر",
            "kicker": f"روتیتر{BIDI}",
            "lead": f"لید{BIDI}",
            "body": f"متن{BIDI} خبر",
            "reporter": f"{BIDI}خبرنگار",
            "source_agency": f"مهر{BIDI}",
            "image_caption": f"عکس{BIDI} از همایش",
            "service": {"slug": "desk", "name_fa": f"سرویس{BIDI}", "name_en": f"Desk{BIDI}"},
            "tags": [{"slug": "t", "name_fa": f"برچسب{BIDI}", "name_en": f"Tag{BIDI}"}],
        }
        outcome = services.article_import(parsed=parse_json_line(json.dumps(record)))
        article = Article.objects.select_related("desk").get(pk=outcome.article.pk)
        tag = article.tags.get()
        values = [
            article.title,
            article.kicker,
            article.lead,
            article.body,
            article.reporter,
            article.source_agency,
            article.image_caption,
            article.search_document,
            article.desk.name_fa,
            article.desk.name_en,
            tag.name_fa,
            tag.name_en,
        ]
        for value in values:
            with self.subTest(value=value):
                self.assertFalse(set(value) & set(BIDI), repr(value))
        self.assertEqual(article.reporter, "خبرنگار")
        self.assertEqual(article.desk.name_en, "Desk")

    def test_admin_edits_are_cleaned_too(self):
        article = ArticleFactory(reporter=f"خبرنگار{BIDI}", image_caption="\u202eعکس")
        article.refresh_from_db()
        self.assertEqual((article.reporter, article.image_caption), ("خبرنگار", "عکس"))


class ImagePathTests(TestCase):
    def setUp(self):
        media = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, media)
        (media / "articles").mkdir()
        (media / "articles" / "photo.jpg").write_bytes(image_bytes())
        (media / "articles" / "notes.jpg").write_bytes(b"<svg onload=alert(1)>")
        (media.parent / f"{media.name}-outside.jpg").write_bytes(image_bytes())
        self.addCleanup((media.parent / f"{media.name}-outside.jpg").unlink)
        (media / "articles" / "link.jpg").symlink_to(media.parent / f"{media.name}-outside.jpg")
        self.media = media
        override = self.settings(MEDIA_ROOT=media)
        override.enable()
        self.addCleanup(override.disable)

    def record(self, image):
        return json.dumps({"title": "عنوان", "body": "متن", "image": image})

    def test_a_media_relative_path_that_exists_is_kept(self):
        self.assertEqual(
            parse_json_line(self.record("articles/photo.jpg")).image, "articles/photo.jpg"
        )

    def test_urls_absolute_paths_and_escapes_are_refused(self):
        for image, reason in [
            ("https://example.org/x.jpg", "inside the media folder"),
            ("javascript:alert(1)", "inside the media folder"),
            ("/etc/passwd", "inside the media folder"),
            (str(self.media / "articles" / "photo.jpg"), "inside the media folder"),
            ("../outside.jpg", "inside the media folder"),
            ("articles/../../x.jpg", "inside the media folder"),
            ("articles\\..\\..\\x.jpg", "inside the media folder"),
            ("articles/missing.jpg", "no such file"),
            ("articles", "no such file"),
            ("articles/link.jpg", "no such file"),  # a link leading out of the folder
            ("articles/notes.jpg", "JPEG, PNG or WebP"),  # checked like an upload
        ]:
            with (
                self.subTest(image=image),
                self.assertRaisesRegex(ImportFormatError, reason),
                translation.override("en"),
            ):
                parse_json_line(self.record(image))

    def test_a_bad_image_skips_its_file_and_the_rest_is_imported(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        (folder / "bad.jsonl").write_text(self.record("../../etc/passwd") + "\n")
        (folder / "good.jsonl").write_text(self.record("articles/photo.jpg") + "\n")
        err = io.StringIO()
        with self.assertRaises(CommandError):
            call_command(
                "import_articles", str(folder), "--no-progress", stdout=io.StringIO(), stderr=err
            )
        self.assertIn(
            "bad.jsonl: skipped: line 1: 'image' '../../etc/passwd' must be", err.getvalue()
        )
        self.assertEqual(Article.objects.get().image.name, "articles/photo.jpg")

    def test_an_imported_image_is_described_in_both_languages(self):
        folder = Path(tempfile.mkdtemp())
        self.addCleanup(shutil.rmtree, folder)
        described = {"image_alt_fa": "سالن اصلی", "image_alt_en": "The main hall"}
        for name, extra in [("described", described), ("bare", {"image_caption": "زیرنویس"})]:
            record = {"title": f"عنوان {name}", "body": "متن", "image": "articles/photo.jpg"}
            (folder / f"{name}.jsonl").write_text(json.dumps({**record, **extra}) + "\n")
        call_command("import_articles", str(folder), "--no-progress", stdout=io.StringIO())
        described_article = Article.objects.get(title="عنوان described")
        self.assertEqual(
            (described_article.image_alt_fa, described_article.image_alt_en),
            ("سالن اصلی", "The main hall"),
        )
        self.assertEqual((described_article.image_width, described_article.image_height), (40, 20))
        # Without descriptions: the caption, so the import still goes in.
        bare = Article.objects.get(title="عنوان bare")
        self.assertEqual((bare.image_alt_fa, bare.image_alt_en), ("زیرنویس", "زیرنویس"))
