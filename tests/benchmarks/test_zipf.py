"""The realistic benchmark corpus (benchmarks/zipf.py): words spread as in a real archive,
articles shaped like news, text stored as the site would store it, queries per band.
No database: the search documents come from articles.text.search_document directly."""

import random
import statistics

from django.test import SimpleTestCase

from articles import text
from benchmarks import common, zipf
from exhibition import persian

ARTICLES = 1200  # enough for a rare band: df < 0.1 % is a single article here


class ZipfCorpusTests(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.corpus = zipf.ZipfCorpus()
        cls.articles = [cls.corpus.article(n) for n in range(1, ARTICLES + 1)]
        cls.documents = [
            text.search_document(
                title=a["title"],
                kicker="",
                lead=a["lead"],
                body_html=zipf.body_html(a["paragraphs"]),
                tag_names=[],
            )
            for a in cls.articles
        ]
        cls.df = zipf.document_frequencies(cls.documents)

    def test_vocabulary_is_tens_of_thousands_of_lexicon_words(self):
        self.assertEqual(len(self.corpus.content), zipf.VOCABULARY)
        self.assertEqual(len(set(self.corpus.content)), zipf.VOCABULARY)
        words, _verbs = zipf.read_lexicon()
        lexicon = {w for w, _c, _t in words}
        self.assertTrue(set(self.corpus.content) <= lexicon)

    def test_articles_are_shaped_like_news(self):
        for article in self.articles[:200]:
            title_words = article["title"].split()[:-1]  # the last is the (number)
            self.assertGreaterEqual(len(title_words), zipf.TITLE_WORDS[0] - 2)
            self.assertLessEqual(len(title_words), zipf.TITLE_WORDS[1] * 2)
            body = sum(len(p.split()) for p in article["paragraphs"])
            self.assertGreaterEqual(body, zipf.BODY_WORDS[0])
            self.assertLess(body, zipf.BODY_WORDS[1] + 150)  # the last paragraph overshoots

    def test_rare_words_are_rare_and_common_words_common(self):
        bands = {band: 0 for band in zipf.BANDS}
        for count in self.df.values():
            band = zipf.band_of(count, ARTICLES)
            if band is not None:
                bands[band] += 1
        for band, keys in bands.items():
            with self.subTest(band=band):
                self.assertGreater(keys, 20)
        # Most keys are in a handful of articles, as in a real archive (the old corpus
        # had nearly every word in 60-100 % of them).
        self.assertGreater(bands["rare"] + bands["mid"], 20 * bands["common"])

        def df_of(word):
            tokens = persian.search_tokens(self.corpus.normalize(word))
            return self.df.get(tokens[0], 0) if len(tokens) == 1 else None

        head = [d for d in map(df_of, self.corpus.content[:50]) if d is not None]
        tail = [d for d in map(df_of, self.corpus.content[-2000:]) if d is not None]
        self.assertGreater(statistics.median(head), 0.2 * ARTICLES)
        self.assertLessEqual(statistics.median(tail), 1)  # most appear once or never
        # A few tail words share a common word's key (a plural, a stem): not more.
        self.assertLessEqual(sorted(tail)[int(0.9 * len(tail))], 3)

    def test_an_article_depends_only_on_the_seed_and_its_number(self):
        other = zipf.ZipfCorpus()
        self.assertEqual(other.article(700), self.articles[699])
        self.assertEqual(other.article(3), self.articles[2])
        self.assertNotEqual(zipf.ZipfCorpus(seed=17).article(3), self.articles[2])

    def test_stored_text_is_what_saving_would_store(self):
        # Each spelling is normalized on its own: the article's text must be a fixpoint
        # of the whole-text normalization Article.save() runs.
        for article in self.articles[:60]:
            for piece in (article["title"], article["lead"], *article["paragraphs"]):
                self.assertEqual(persian.normalize(piece), piece)

    def test_arabic_letters_are_stored_as_persian(self):
        # Why the articles need not be typed with Arabic ي/ك: saving folds them.
        sample = random.Random(1).sample(self.corpus.content, 300)
        for word in sample:
            arabic = word.translate(str.maketrans(common._ARABIC_LOOKALIKES))
            self.assertEqual(persian.normalize(arabic), persian.normalize(word))

    def test_the_variants_of_real_pages_are_in_the_text(self):
        words = {w for a in self.articles for p in a["paragraphs"] for w in p.split()}
        text_ = " ".join(p for a in self.articles for p in a["paragraphs"])
        self.assertTrue(any(w.endswith("ه\u200cای") for w in words))  # clitic, ZWNJ kept
        self.assertTrue(any(w.endswith("های") and w[:-2] + "\u200cای" in words for w in words))
        self.assertTrue(any("\u200c" in w for w in words))
        # Numbers typed in any digits, glued or not, are stored as saving stores them.
        self.assertTrue(any(f"منطقه {d}" in text_ for d in persian.PERSIAN_DIGITS))
        self.assertFalse(any(c in text_ for c in persian.LATIN_DIGITS))
        informal = [
            w
            for w in self.corpus._hamza_words
            if any(v in words for v in self.corpus._informal_spellings(w))
        ]
        self.assertTrue(informal)
        vav = [w for w in words if self.corpus.vav_parts(w)]
        self.assertTrue(vav)

    def test_queries_fall_in_their_bands(self):
        queries = zipf.choose_queries(self.corpus, self.df, ARTICLES, per_kind=6)
        self.assertEqual(set(queries.by_kind), set(zipf.KINDS))
        for kind, kind_queries in queries.by_kind.items():
            with self.subTest(kind=kind):
                self.assertTrue(kind_queries)
        for band, (low, high) in zipf.BANDS.items():
            for q in queries.by_kind[band]:
                with self.subTest(band=band, q=q):
                    (df,) = zipf.query_df(q, self.df)
                    self.assertGreaterEqual(df, 1)
                    self.assertGreaterEqual(df / ARTICLES, low)
                    self.assertLess(df / ARTICLES, high)
        # Phrases are taken from the text, so each of their words is in some article.
        for q in queries.by_kind["phrase"] + queries.by_kind["two-word"]:
            with self.subTest(q=q):
                self.assertTrue(all(zipf.query_df(q, self.df)))
        for q in queries.by_kind["variant"]:
            with self.subTest(q=q):
                self.assertIn(q, queries.standard)
                self.assertNotEqual(q, queries.standard[q])
        again = zipf.choose_queries(zipf.ZipfCorpus(), self.df, ARTICLES, per_kind=6)
        self.assertEqual(again.by_kind, queries.by_kind)
