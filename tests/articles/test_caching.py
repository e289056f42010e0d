from django.core.cache import cache
from django.test import TestCase

from articles import caching
from exhibition import pagecache
from tests.articles.factories import ArticleFactory


class CachedTests(TestCase):
    def setUp(self):
        self.calls = 0

    def compute(self):
        self.calls += 1
        return self.calls

    def test_remembered_until_an_article_is_saved_or_deleted(self):
        self.assertEqual(caching.cached("x", "fa", compute=self.compute), 1)
        self.assertEqual(caching.cached("x", "fa", compute=self.compute), 1)
        self.assertEqual(caching.cached("x", "en", compute=self.compute), 2)  # its own entry
        article = ArticleFactory()
        self.assertEqual(caching.cached("x", "fa", compute=self.compute), 3)
        article.delete()
        self.assertEqual(caching.cached("x", "fa", compute=self.compute), 4)

    def test_a_lost_generation_never_brings_back_old_entries(self):
        caching.cached("x", "fa", compute=self.compute)
        cache.delete(pagecache._GENERATION_KEY)  # evicted, or the cache restarted
        self.assertEqual(caching.cached("x", "fa", compute=self.compute), 2)
