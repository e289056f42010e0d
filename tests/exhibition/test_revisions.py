from unittest import mock

from django.apps import apps
from django.test import SimpleTestCase, TestCase

from exhibition import revisions
from exhibition.revisions import CONTEXT_WORDS, record_existing_rows, word_diff
from tests.articles.factories import ArticleFactory
from tests.booths.factories import ExhibitorFactory


class WordDiffTests(SimpleTestCase):
    def test_one_persian_word_changed_shows_exactly_that_word_deleted_and_inserted(self):
        diff = word_diff(
            "شهردار تهران از غرفه‌های نمایشگاه بازدید کرد",
            "شهردار تهران از غرفه‌های همایش بازدید کرد",
        )
        self.assertEqual(
            diff, "شهردار تهران از غرفه‌های <del>نمایشگاه</del> <ins>همایش</ins> بازدید کرد"
        )

    def test_a_word_with_a_zero_width_non_joiner_is_one_word(self):
        # «می‌شود» → «می‌گردد»: the whole word, not the letters after the non-joiner.
        diff = word_diff("این طرح اجرا می‌شود", "این طرح اجرا می‌گردد")
        self.assertEqual(diff, "این طرح اجرا <del>می‌شود</del> <ins>می‌گردد</ins>")

    def test_added_and_removed_words_alone(self):
        self.assertEqual(
            word_diff("نمایشگاه شهری", "نمایشگاه بزرگ شهری"), "نمایشگاه <ins>بزرگ</ins> شهری"
        )
        self.assertEqual(
            word_diff("نمایشگاه بزرگ شهری", "نمایشگاه شهری"), "نمایشگاه <del>بزرگ</del> شهری"
        )
        self.assertEqual(word_diff("", "خبر تازه"), "<ins>خبر تازه</ins>")

    def test_a_change_too_large_to_match_word_by_word_is_shown_whole_between_its_ends(self):
        # Past the limit (text crafted to make matching slow, or a body rewritten), the
        # unchanged start and end still show; the middle is removed and added whole.
        with mock.patch.object(revisions, "WORD_PAIRS_LIMIT", 4):
            diff = word_diff("شهردار الف ب ج د تهران", "شهردار ب الف د ج تهران")
        self.assertEqual(diff, "شهردار <del>الف ب ج د</del> <ins>ب الف د ج</ins> تهران")
        # Under it, the same change is matched word by word.
        self.assertIn("<ins>ب</ins>", word_diff("شهردار الف ب ج د تهران", "شهردار ب الف د ج تهران"))

    def test_long_unchanged_ends_are_not_matched_word_by_word(self):
        # One word changed in the middle of 20,000 repeats: the matching sees only the
        # change (were the ends matched too, this would be 400 million word pairs).
        words = ["شهر"] * 10_000
        with mock.patch.object(revisions, "SequenceMatcher", wraps=revisions.SequenceMatcher) as m:
            diff = word_diff(" ".join([*words, "الف", *words]), " ".join([*words, "ب", *words]))
        self.assertEqual([len(call.args[1]) for call in m.call_args_list], [1])
        self.assertIn("<del>الف</del> <ins>ب</ins>", diff)

    def test_text_is_escaped_only_the_diff_markup_is_html(self):
        diff = word_diff("<b>متن</b> قدیم", "<script>alert(1)</script> قدیم")
        self.assertNotIn("<script>", diff)
        self.assertNotIn("<b>", diff)
        self.assertIn("<del>&lt;b&gt;متن&lt;/b&gt;</del>", diff)
        self.assertIn("<ins>&lt;script&gt;alert(1)&lt;/script&gt;</ins>", diff)

    def test_long_unchanged_stretches_are_elided_around_the_change(self):
        words = [f"واژه{n}" for n in range(100)]
        changed = [*words[:50], "تازه", *words[51:]]
        diff = word_diff(" ".join(words), " ".join(changed))
        self.assertIn("<del>واژه50</del> <ins>تازه</ins>", diff)
        self.assertTrue(diff.startswith("… "))
        self.assertTrue(diff.endswith(" …"))
        self.assertIn(f"واژه{50 - CONTEXT_WORDS} ", diff)
        self.assertNotIn(f"واژه{50 - CONTEXT_WORDS - 1} ", diff)
        self.assertIn(f"واژه{50 + CONTEXT_WORDS}", diff)
        self.assertNotIn(f"واژه{51 + CONTEXT_WORDS}", diff)


class RecordExistingRowsTests(TestCase):
    """What the migrations that add revisions do for the rows stored before them."""

    def test_each_stored_row_gets_a_first_revision_in_both_languages(self):
        article = ArticleFactory(title="خبر پیش از نسخه‌ها")
        exhibitor = ExhibitorFactory(name_fa="شرکت پیشین", name_en="Earlier Company")
        for row in (article, exhibitor):
            row.history.all().delete()
        record_existing_rows(apps, "articles.Article")
        record_existing_rows(apps, "booths.Exhibitor")
        first = article.history.get()
        self.assertEqual((first.title, first.history_type), ("خبر پیش از نسخه‌ها", "+"))
        self.assertIsNone(first.history_user)
        self.assertEqual(first.instance.news_code, article.news_code)
        revision = exhibitor.history.get()
        self.assertEqual((revision.name_fa, revision.name_en), ("شرکت پیشین", "Earlier Company"))
