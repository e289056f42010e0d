"""articles.search.snippets: what the results page shows of each match."""

from django.test import TestCase

from articles.models import Article
from articles.search import highlight, snippet
from exhibition import persian
from tests.articles.factories import ArticleFactory


class HighlightTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory(
            title="عنوان",
            lead="",
            body="مقدمه " * 50 + "همکاری شهرداری‌ها، و سازمانها <script>x</script> پایان.",
        )

    def test_hits_are_marked_whatever_the_query_spelling(self):
        html = snippet(self.article, persian.parse_query("شهرداريها سازمان"))
        self.assertIn("<mark>شهرداری‌ها،</mark>", html)
        self.assertIn("<mark>سازمانها</mark>", html)
        self.assertTrue(html.startswith("… "))

    def test_snippet_is_escaped(self):
        html = snippet(self.article, persian.parse_query("پایان"))
        self.assertNotIn("<script>", html)
        self.assertIn("<mark>پایان.</mark>", html)

    def test_highlight_escapes_hostile_text(self):
        html = highlight('<img src=x onerror="1"> تهران', persian.parse_query("تهران"))
        self.assertEqual(html, "&lt;img src=x onerror=&quot;1&quot;&gt; <mark>تهران</mark>")

    def test_stored_body_is_unchanged_by_search(self):
        before = Article.objects.get(pk=self.article.pk).body
        snippet(self.article, persian.parse_query("پایان"))
        self.assertEqual(Article.objects.get(pk=self.article.pk).body, before)
