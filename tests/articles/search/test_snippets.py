"""articles.search.snippets: what the results page shows of each match."""

from django.test import TestCase

from articles.models import Article
from articles.search import highlight, shown_query, snippet
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

    def test_conjunctions_one_letter_words_and_stop_words_are_never_marked(self):
        text = "شهرداری تهران و مشهد در نمایشگاه، و ب هم"
        html = highlight(text, persian.parse_query("شهرداری و مشهد در ب"))
        self.assertEqual(html, "<mark>شهرداری</mark> تهران و <mark>مشهد</mark> در نمایشگاه، و ب هم")
        html = highlight("شهر و روستا", persian.parse_query('"شهر و روستا"'))
        self.assertEqual(html, "<mark>شهر</mark> و <mark>روستا</mark>")
        html = highlight("The mayors of Tehran", persian.parse_query("the mayor of tehran"))
        self.assertEqual(html, "The <mark>mayors</mark> of <mark>Tehran</mark>")


class ShownQueryTests(TestCase):
    def test_a_query_that_is_one_quoted_phrase_loses_its_own_quotes(self):
        for typed in ['"امضای ۱۲"', "«امضای ۱۲»", "“امضای ۱۲”", ' " امضای ۱۲ " ']:
            with self.subTest(typed=typed):
                self.assertEqual(shown_query(typed), "امضای ۱۲")

    def test_other_queries_are_shown_as_typed(self):
        for typed in ['"امضای" ۱۲', '-"امضای ۱۲"', "امضای ۱۲", '"امضای ۱۲']:
            with self.subTest(typed=typed):
                self.assertEqual(shown_query(typed), typed.strip())
