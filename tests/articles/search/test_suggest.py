"""articles.search.suggest: «did you mean» on the engine of this test run."""

from contextlib import contextmanager

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from articles.models import Article
from articles.search import get_search_backend
from articles.search.suggest import MAX_WORD_LENGTH, MAX_WORDS, did_you_mean, near_keys
from exhibition import persian
from tests.articles.factories import ArticleFactory


def suggest(q, language="fa"):
    return did_you_mean(get_search_backend(), q, persian.parse_query(q), language=language)


class NearKeysTests(TestCase):
    def test_one_edit_away_over_the_words_own_alphabet(self):
        self.assertIn("تهران", near_keys("تهرام"))  # changed
        self.assertIn("تهران", near_keys("تهرن"))  # added
        self.assertIn("تهران", near_keys("تهراان"))  # deleted
        self.assertIn("تهران", near_keys("تهارن"))  # swapped
        self.assertIn("tehran", near_keys("tehrn"))
        self.assertTrue(all(persian.search_tokens(k) == [k] for k in near_keys("مشهد")))

    def test_overlong_words_are_not_corrected(self):
        # Each letter adds ~65 candidates keyed through the text pipeline: a 199-letter
        # nonsense word cost seconds of CPU per request.
        self.assertEqual(near_keys("ت" * (MAX_WORD_LENGTH + 1)), [])

    def test_numbers_and_mixed_tokens_have_no_near_keys(self):
        self.assertEqual(near_keys("1405"), [])
        self.assertEqual(near_keys("covid19"), [])


class DidYouMeanTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ArticleFactory(title="شهرداری تهران", body="متن خبر.")
        ArticleFactory(title="شهرداری مشهد", body="متن خبر.")
        ArticleFactory(language="en", title="Sister cities of Tehran", body="Mayors met.")

    def test_a_word_without_hits_is_replaced_by_the_near_word_that_has_some(self):
        # Typos the lexicon cannot read as two glued words (it splits «تهرام» into «ته رام»).
        self.assertEqual(suggest("شهرداری تهرن"), "شهرداری تهران")
        self.assertEqual(suggest("شهرداري تهراان"), "شهرداري تهران")

    def test_english_suggestions_are_written_as_the_news_writes_them(self):
        self.assertEqual(suggest("sistr", language="en"), "Sister")
        # «citys» has hits already (its key is «citi», as for «cities»): only «sistr» is fixed.
        self.assertEqual(suggest("sistr citys", language="en"), "Sister citys")

    def test_no_suggestion_when_the_words_have_hits_or_nothing_is_near(self):
        self.assertIsNone(suggest("شهرداری"))
        self.assertIsNone(suggest("زززز"))
        # Each word has hits, but not together: no single-word fix finds something.
        self.assertIsNone(suggest("تهران مشهد"))

    @contextmanager
    def assertReadsArticles(self, expected):
        """``expected`` statements read the articles (PostgreSQL's time limit around a
        search adds statements of its own, which read nothing)."""
        with CaptureQueriesContext(connection) as captured:
            yield
        reads = [q["sql"] for q in captured if Article._meta.db_table in q["sql"]]
        self.assertEqual(len(reads), expected, "\n".join(reads))

    def test_the_work_is_capped(self):
        # Per word at most a count, a lookup of the candidates and one of the spelling;
        # the corrected search once more.
        with self.assertReadsArticles(4):
            self.assertEqual(suggest("تهرن"), "تهران")
        # Only the first MAX_WORDS words are checked: a count and a lookup each.
        with self.assertReadsArticles(2 * MAX_WORDS):
            self.assertIsNone(suggest("ززز ژژژ ظظظ غغغ ثثث ذذذ"))
