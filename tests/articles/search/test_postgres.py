"""articles.search.postgres: the tsvector column, its GIN index and the common-word
lookup (PostgreSQL runs only)."""

from unittest import mock, skipUnless

from django.db import connection
from django.test import TestCase
from django.utils import timezone

from articles import search
from articles.models import Article
from articles.search import base, get_search_backend, postgres
from exhibition import persian
from tests.articles.factories import ArticleFactory
from tests.articles.search import find, ids


@skipUnless(connection.vendor == "postgresql", "PostgreSQL index")
class IndexTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        ArticleFactory(title="شرکت‌های دانش‌بنیان در تهران", body="متن.")
        ArticleFactory(title="بنیان دانش شهری", body="متن دیگر در مشهد.")

    def test_postgresql_gets_the_postgres_backend(self):
        self.assertIsInstance(get_search_backend(), postgres.PostgresSearchBackend)
        self.assertIs(get_search_backend("default"), get_search_backend())  # made once

    def test_postgres_plan_uses_the_gin_index(self):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        # With a handful of rows the planner prefers the status/language index for the full
        # page query; the text match alone shows the GIN index serves it.
        query = persian.parse_query("دانش بنیان")
        plan = get_search_backend().match(Article.objects.all(), query).explain()
        self.assertIn("articles_article_search_gin", plan)

    def test_postgres_keeps_the_tsvector_in_the_row(self):
        # Out of line (TOAST), every match check and rank would fetch it again.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstorage FROM pg_attribute WHERE attname = 'search_vector' "
                "AND attrelid = 'articles_article'::regclass"
            )
            self.assertEqual(cursor.fetchone()[0], "m")

    def test_postgres_keeps_statistics_for_the_search_slice(self):
        # slice_bound sizes a common word's slice by its share in these statistics.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstattarget FROM pg_attribute WHERE attname = 'search_vector' "
                "AND attrelid = 'articles_article'::regclass"
            )
            self.assertEqual(cursor.fetchone()[0], 400)

    def test_postgres_keeps_the_gin_pending_list_short(self):
        # Every search reads the whole pending list: 4 MB by default, 256 kB here.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reloptions FROM pg_class WHERE relname = 'articles_article_search_gin'"
            )
            self.assertIn("gin_pending_list_limit=256", cursor.fetchone()[0])


def analyzed_backend(test: TestCase):
    """The backend, reading fresh statistics of the test's articles (ANALYZE) until the
    test ends."""
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {Article._meta.db_table}")
    backend = get_search_backend()
    backend.forget_statistics()
    test.addCleanup(backend.forget_statistics)
    return backend


@skipUnless(connection.vendor == "postgresql", "PostgreSQL statistics")
class CommonWordTests(TestCase):
    """A word in most articles is checked in each match, not looked up in the index,
    when the query has a rarer one; the results are those of the full query."""

    @classmethod
    def setUpTestData(cls):
        cls.phrase = [
            ArticleFactory(title=f"خبر {i}", body="هیئتی از شهر باکو آمد.") for i in range(3)
        ]
        cls.apart = ArticleFactory(title="خبر باکو", body="از باکو و شهر دیگر.")
        cls.common = [
            ArticleFactory(title=f"خبر {i}", body="گزارش کوتاه از شهر.") for i in range(40)
        ]

    def setUp(self):
        self.backend = analyzed_backend(self)

    def looked_up(self, q):
        """The tsquery the GIN index is asked for, and whether the full query is then
        checked on each row."""
        matching = self.backend.filter(Article.objects.all(), persian.parse_query(q))
        sql, params = matching.query.sql_with_params()
        return params[0], "ts_match_vq" in sql

    def test_statistics_know_the_common_words(self):
        shares = self.backend.lexeme_shares()
        self.assertGreater(shares["شهر"], postgres.COMMON_LEXEME_SHARE)
        self.assertLess(shares.get("باکو", 0), postgres.COMMON_LEXEME_SHARE)

    def test_phrase_with_common_words_looks_up_only_the_rare_one(self):
        self.assertEqual(ids(find('"از شهر باکو"')), {a.pk for a in self.phrase})
        self.assertEqual(ids(find("شهر باکو")), {a.pk for a in [*self.phrase, self.apart]})
        self.assertEqual(ids(find('"از شهر باکو" -آمد')), set())
        self.assertEqual(self.looked_up('"از شهر باکو"'), ("'باکو'", True))
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        query = persian.parse_query('"از شهر باکو"')
        plan = self.backend.match(Article.objects.all(), query).explain()
        self.assertIn("articles_article_search_gin", plan)
        self.assertNotIn("شهر", "".join(line for line in plan.splitlines() if "Index Cond" in line))

    def test_only_common_words_are_looked_up_as_before(self):
        self.assertEqual(len(find("گزارش شهر")), 40)
        self.assertEqual(
            self.looked_up("گزارش شهر"), (postgres.tsquery(persian.parse_query("گزارش شهر")), False)
        )

    def test_results_are_those_of_the_whole_query(self):
        ArticleFactory(title="دانش‌بنیان باکو", body="شرکت دانش بنیان از شهر باکو.")
        ArticleFactory(title="ایروان و باکو", body="از شهر ایروان تا شهر باکو.")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Article._meta.db_table}")
        self.backend.forget_statistics()
        # An alternative group (the compound and its parts), two rare words, a character
        # PostgreSQL's parser drops (never the whole lookup: it would match nothing).
        for q in ("دانش بنیان شهر باکو", "شهر ایروان باکو", '"از شهر" باکو -ایروان', "شهر \u09f4"):
            with self.subTest(q=q):
                found = ids(find(q))
                with mock.patch.object(self.backend, "lexeme_shares", return_value={}):
                    self.assertEqual(found, ids(find(q)))
                self.assertTrue(found)

    def test_without_statistics_the_whole_query_is_looked_up(self):
        with mock.patch.object(self.backend, "lexeme_shares", return_value={}):
            self.assertEqual(ids(find('"از شهر باکو"')), {a.pk for a in self.phrase})
            self.assertEqual(
                self.looked_up('"از شهر باکو"'), ("('از' <-> 'شهر' <-> 'باکو')", False)
            )


@skipUnless(connection.vendor == "postgresql", "PostgreSQL statistics")
class NewestSliceTests(TestCase):
    """A common word's matches are looked for in the newest slice of the archive first;
    the results, their order and the count are those of the whole archive."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        # «گزارش» in every article; «باکو» only in the oldest ten, «تهران» in every third.
        cls.articles = [
            ArticleFactory(
                title=f"خبر {i}",
                body="گزارش کوتاه" + (" از باکو" if i >= 70 else "") + (" تهران" * (i % 3 == 0)),
                published_at=now - timezone.timedelta(hours=i + 1),
            )
            for i in range(80)
        ]

    def setUp(self):
        self.backend = analyzed_backend(self)
        # A window of 2 among 80 articles: a common word's slice is a small part of them.
        patcher = mock.patch.object(base, "SEARCH_CANDIDATES", 2)
        patcher.start()
        self.addCleanup(patcher.stop)

    def whole_archive(self):
        return mock.patch.object(self.backend, "slice_bound", return_value=None)

    def test_a_common_word_is_looked_for_in_a_slice(self):
        bound = self.backend.slice_bound(persian.parse_query("گزارش"), language="fa")
        self.assertIsNotNone(bound)
        newest = self.articles[0].published_at
        oldest = self.articles[-1].published_at
        self.assertTrue(oldest < bound < newest)
        # Rare words, phrases and a search narrowed by a desk or dates get no slice.
        for q in ("باکو", '"گزارش کوتاه"'):
            self.assertIsNone(self.backend.slice_bound(persian.parse_query(q), language="fa"))
        today = timezone.localdate()
        query = persian.parse_query("گزارش")
        self.assertIsNone(self.backend.slice_bound(query, language="fa", date_from=today))
        self.assertIsNone(self.backend.slice_bound(query, language="en"))

    def test_the_slice_finds_what_the_whole_archive_finds(self):
        for q in ("گزارش", "گزارش تهران", "گزارش -تهران"):
            self.assertIsNotNone(self.backend.slice_bound(persian.parse_query(q), language="fa"))
        for q in ("گزارش", "گزارش تهران", "گزارش -تهران", "گزارش باکو", "کوتاه -گزارش"):
            for order in (search.BY_RELEVANCE, search.BY_DATE):
                with self.subTest(q=q, order=order):
                    sliced = find(q, order=order)
                    with self.whole_archive():
                        whole = find(q, order=order)
                    self.assertEqual(sliced.ranked, whole.ranked)
                    self.assertEqual(sliced.total, whole.total)
                    query = persian.parse_query(q)
                    count = self.backend.count(query, language="fa")
                    with self.whole_archive():
                        self.assertEqual(count, self.backend.count(query, language="fa"))

    def test_a_slice_with_too_few_matches_is_completed_from_the_older_articles(self):
        # Told that «باکو» is everywhere, the slice holds none of its ten matches.
        shares = {**self.backend.lexeme_shares(), "باکو": 1.0}
        with mock.patch.object(self.backend, "lexeme_shares", return_value=shares):
            query = persian.parse_query("باکو")
            self.assertIsNotNone(self.backend.slice_bound(query, language="fa"))
            found = find("باکو")
        self.assertEqual(found.total, 3)  # more than the window of 2
        self.assertEqual([pk for pk, _ in found.ranked], [a.pk for a in self.articles[70:72]])


@skipUnless(connection.vendor == "postgresql", "PostgreSQL statement timeout")
class TimeLimitTests(TestCase):
    """A search statement over SEARCH_TIMEOUT_MS is stopped, and nothing else is."""

    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory(title="گزارش باکو", body="متن.")

    def slowly(self):
        """The search's statement, taking 0.3 s more."""
        window_sql = postgres.PostgresSearchBackend.window_sql

        def slow(backend, query, candidates):
            sql, params = window_sql(backend, query, candidates)
            return f"SELECT found.* FROM ({sql}) found, pg_sleep(0.3)", params

        return mock.patch.object(postgres.PostgresSearchBackend, "window_sql", slow)

    def test_a_search_over_the_limit_is_stopped(self):
        with (
            mock.patch.object(postgres, "SEARCH_TIMEOUT_MS", 50),
            self.slowly(),
            self.assertRaises(search.SearchTooSlow),
        ):
            find("باکو")
        # The connection goes on, without the limit.
        self.assertEqual(ids(find("باکو")), {self.article.pk})
        with connection.cursor() as cursor:
            cursor.execute("SHOW statement_timeout")
            self.assertEqual(cursor.fetchone()[0], "0")

    def test_a_search_under_the_limit_is_not(self):
        with mock.patch.object(postgres, "SEARCH_TIMEOUT_MS", 2000), self.slowly():
            self.assertEqual(ids(find("باکو")), {self.article.pk})
