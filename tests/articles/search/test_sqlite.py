"""articles.search.sqlite: the FTS5 table and its triggers (SQLite runs only)."""

from unittest import skipUnless

from django.db import connection
from django.test import TestCase

from articles.search import get_search_backend, sqlite


@skipUnless(connection.vendor == "sqlite", "SQLite FTS5")
class IndexTests(TestCase):
    def test_sqlite_gets_the_fts5_backend(self):
        self.assertIsInstance(get_search_backend(), sqlite.SQLiteSearchBackend)
        self.assertIs(get_search_backend("default"), get_search_backend())  # made once

    def test_fts_table_and_triggers_exist(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'articles_article_fts%' "
                "AND type IN ('table', 'trigger')"
            )
            names = {row[0] for row in cursor.fetchall()}
        self.assertTrue(
            {
                "articles_article_fts",
                "articles_article_fts_ai",
                "articles_article_fts_ad",
                "articles_article_fts_au",
            }
            <= names,
            names,
        )
