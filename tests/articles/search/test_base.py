"""The search interface (articles.search.base) on the engine of this test run: every
behaviour here holds on PostgreSQL and SQLite alike."""

import importlib
from datetime import date
from unittest import mock

from django.contrib.auth.models import User
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import services
from articles.models import Article, Status
from articles.search import base, get_search_backend, highlight
from exhibition import persian
from tests.articles.factories import ArticleFactory, DeskFactory
from tests.articles.search import find, ids

# Each group lists spellings of one word; every spelling must find the articles written
# with every other spelling (and nothing else).
VARIANT_GROUPS = {
    "arabic ye": ["شهرداري", "شهرداری"],
    "arabic kaf": ["كارگاه", "کارگاه"],
    "zwnj, none, space; plural and singular": ["سازمان‌ها", "سازمانها", "سازمان ها", "سازمان"],
    "compound with zwnj or space": ["دانش‌بنیان", "دانش بنیان"],
    "digits": ["۱۲", "١٢", "12"],
    "diacritics": ["مُدیریّت", "مدیریت"],
    "tatweel": ["نمایشـــگاه", "نمایشگاه"],
    "plural": ["خودروها", "خودرو", "خودرو‌های"],
}


class VariantSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.groups = {
            name: {
                ArticleFactory(title=f"گزارش {spelling}", body="متن خبر.").pk
                for spelling in spellings
            }
            for name, spellings in VARIANT_GROUPS.items()
        }

    def test_every_spelling_finds_every_other_spelling_and_nothing_else(self):
        for name, spellings in VARIANT_GROUPS.items():
            for query in spellings:
                with self.subTest(group=name, query=query):
                    self.assertEqual(ids(find(query)), self.groups[name])

    def test_all_words_must_match(self):
        self.assertEqual(ids(find("گزارش كارگاه")), self.groups["arabic kaf"])
        self.assertEqual(ids(find("كارگاه شهرداري")), set())


class PhraseExclusionAndFilterTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.tech = DeskFactory(slug="technology")
        cls.adjacent = ArticleFactory(
            title="شرکت‌های دانش‌بنیان در تهران",
            body="متن.",
            desk=cls.tech,
            published_at=timezone.make_aware(timezone.datetime(2026, 3, 10, 12)),
        )
        cls.apart = ArticleFactory(
            title="بنیان دانش شهری",
            body="متن دیگر در مشهد.",
            published_at=timezone.make_aware(timezone.datetime(2026, 5, 2, 12)),
        )
        cls.draft = ArticleFactory(
            title="دانش بنیان پیش‌نویس", body="متن.", status=Status.DRAFT, published_at=None
        )
        cls.scheduled = ArticleFactory(
            title="دانش بنیان آینده",
            body="متن.",
            published_at=timezone.now() + timezone.timedelta(days=1),
        )
        cls.english = ArticleFactory(
            title="Knowledge-based firms", body="دانش بنیان", language="en"
        )

    def test_phrase_needs_adjacent_words_in_order(self):
        for q in ['"دانش بنیان"', "«دانش‌بنیان»", '"دانش  بنيان"']:
            with self.subTest(q=q):
                self.assertEqual(ids(find(q)), {self.adjacent.pk})
        self.assertEqual(ids(find("دانش بنیان")), {self.adjacent.pk, self.apart.pk})

    def test_exclusion(self):
        self.assertEqual(ids(find("دانش -تهران")), {self.apart.pk})
        self.assertEqual(ids(find('دانش -"شرکت ها"')), {self.apart.pk})

    def test_exclusion_alone_matches_nothing(self):
        self.assertEqual(ids(find("-تهران")), set())

    def test_drafts_scheduled_and_other_languages_are_not_found(self):
        self.assertNotIn(self.draft.pk, ids(find("دانش")))
        self.assertNotIn(self.scheduled.pk, ids(find("دانش")))
        self.assertEqual(ids(find("دانش", language="en")), {self.english.pk})

    def test_service_and_date_filters(self):
        self.assertEqual(ids(find("دانش", desk=self.tech)), {self.adjacent.pk})
        self.assertEqual(ids(find("دانش", date_from=date(2026, 4, 1))), {self.apart.pk})
        self.assertEqual(ids(find("دانش", date_to=date(2026, 3, 10))), {self.adjacent.pk})

    def test_better_match_ranks_first(self):
        results = list(find("دانش"))
        self.assertTrue(all(hasattr(r, "rank") for r in results))
        self.assertEqual([r.rank for r in results], sorted((r.rank for r in results), reverse=True))

    def test_edits_and_deletes_reach_the_index(self):
        services.article_update(article=self.apart, title="عنوان تازه خیابان")
        self.assertEqual(ids(find("خیابان")), {self.apart.pk})
        self.assertNotIn(self.apart.pk, ids(find("بنیان")))
        self.apart.delete()
        self.assertEqual(ids(find("خیابان")), set())

    def test_hostile_queries_do_not_break_the_database(self):
        for q in [
            "\x00",
            "\u202e\u2066",
            "' OR 1=1 --",
            '"',
            "«",
            "NEAR(",
            "a:b*",
            "!!&|",
            "x" * 10_000,
            "-",
        ]:
            with self.subTest(q=q[:20]):
                list(find(q))


class RankingTests(TestCase):
    """The one rank (articles.search.base), on the site and in the admin's search box.
    The search document is one text, so a word counts the same in the title, the lead
    or the body; more of it ranks higher; equal ranks come newest first."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()

        def article(days_ago, title, lead, body):
            published_at = now - timezone.timedelta(days=days_ago)
            return ArticleFactory(title=title, lead=lead, body=body, published_at=published_at)

        # The same nine words in each, «شورا» once: in the title, the lead or the body.
        word, other, rest = "شورا باغ کوه", "دریا جنگل دشت", "رود برف باران"
        cls.in_title = article(3, word, other, rest)
        cls.in_lead = article(2, other, word, rest)
        cls.in_body = article(1, other, rest, word)
        # The oldest, with «شورا» three times in as many words.
        cls.repeated = article(4, "شورا باغ کوه", "شورا جنگل دشت", "شورا برف باران")
        ArticleFactory(title="خبر دیگر", lead=other, body=rest)
        cls.best_first = [cls.repeated, cls.in_body, cls.in_lead, cls.in_title]

    def admin_search(self, **params):
        self.client.force_login(User.objects.create_superuser("root", password="pw-1234567"))
        response = self.client.get("/admin/articles/article/", {"q": "شورا", **params})
        return list(response.context["cl"].result_list)

    def test_more_of_the_word_first_then_newest_wherever_the_word_stands(self):
        results = list(find("شورا"))
        self.assertEqual(results, self.best_first)
        self.assertGreater(results[0].rank, results[1].rank)
        self.assertEqual(len({r.rank for r in results[1:]}), 1)

    def test_the_admin_lists_a_search_in_the_same_order_with_the_same_ranks(self):
        found = self.admin_search()
        self.assertEqual(found, self.best_first)
        self.assertEqual([a.rank for a in found], [a.rank for a in find("شورا")])

    def test_staff_sorting_by_a_column_get_that_order(self):
        # The columns are numbered after the action checkbox: 5 is the publish time.
        found = self.admin_search(o="5")
        self.assertEqual(found, [self.repeated, self.in_title, self.in_lead, self.in_body])


class RecencyWindowTests(TestCase):
    """More matches than SEARCH_CANDIDATES: only the newest are ranked, the count says
    "more than", on both engines alike."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        # Seven matches, newest first; "شورا" repeated ranks an article higher.
        bodies = ["شورا", "شورا", "شورا شورا شورا", "شورا", "شورا", "شورا شورا شورا شورا", "شورا"]
        cls.matches = [
            ArticleFactory(
                title=f"خبر {i}",
                body=f"{body} شهر.",
                published_at=now - timezone.timedelta(hours=i + 1),
            )
            for i, body in enumerate(bodies)
        ]
        ArticleFactory(title="خبر دیگر", body="بی‌ربط.")

    def setUp(self):
        patcher = mock.patch.object(base, "SEARCH_CANDIDATES", 5)
        patcher.start()
        self.addCleanup(patcher.stop)

    def test_only_the_newest_candidates_are_ranked(self):
        results = list(find("شورا"))
        newest_five = self.matches[:5]
        self.assertEqual({r.pk for r in results}, {a.pk for a in newest_five})
        # The repeated word wins inside the window; the older, even better match is out.
        self.assertEqual(results[0], self.matches[2])
        self.assertNotIn(self.matches[5], results)
        # Equal ranks keep newest first.
        self.assertEqual(results[1:], [self.matches[i] for i in (0, 1, 3, 4)])

    def test_pages_keep_the_ranking_and_skip_articles_deleted_meanwhile(self):
        results = find("شورا")
        everything = list(results)
        self.assertEqual(results[0:2] + results[2:], everything)
        self.assertEqual(results[1], everything[1])
        everything[1].delete()
        self.assertEqual(results[0:3], [everything[0], everything[2]])

    def test_fewer_ranks_than_ids_do_not_claim_more_than_the_window(self):
        # An article deleted between the two queries shortens the ranking, not the count.
        self.assertFalse(base.SearchResults([(self.matches[0].pk, 1.0)], total=2).capped)

    def test_ids_beyond_32_bits_are_ranked(self):
        big = ArticleFactory(id=2**31 + 5, title="خبر شورای بزرگ", body="شورا.")
        self.assertIn(big, list(find("شورا")))

    def test_count_stops_one_past_the_window(self):
        self.assertEqual(find("شورا").total, 6)
        self.assertTrue(find("شورا").capped)
        self.assertEqual(find("شورا -شهر").total, 0)
        with mock.patch.object(base, "SEARCH_CANDIDATES", 10):
            self.assertEqual(find("شورا").total, 7)
            self.assertFalse(find("شورا").capped)
            self.assertEqual(len(find("شورا")), 7)

    def test_page_says_more_than_the_window_in_each_language(self):
        response = self.client.get("/fa/search/", {"q": "شورا"})
        self.assertContains(response, "بیش از ۵ نتیجه")
        self.assertEqual(response.context["paginator"].count, 5)
        self.assertEqual(len(response.context["object_list"]), 5)
        english = ArticleFactory(title="Council meeting", body="Council.", language="en")
        response = self.client.get("/en/search/", {"q": "council"})
        self.assertContains(response, "1 result")
        self.assertNotContains(response, "More than")
        for i in range(5):
            ArticleFactory(title=f"Council {i}", body="Council.", language="en")
        response = self.client.get("/en/search/", {"q": "council"})
        self.assertContains(response, "More than 5 results")
        self.assertNotIn(english, response.context["object_list"])

    @override_settings(PAGE_CACHE_TTL=0)  # the view's own queries, not answered from the cache
    def test_page_query_count_does_not_grow_with_results(self):
        # A result reads only the columns it shows; one it lacks would cost a query each.
        def result():
            service = DeskFactory()
            return ArticleFactory(title="همایش", body="همایش.", kicker="روتیتر", desk=service)

        result()
        # What the backend reads about the table: now, not between the two counted requests.
        get_search_backend().forget_statistics()
        self.addCleanup(get_search_backend().forget_statistics)
        self.client.get("/fa/search/", {"q": "همایش"})
        with CaptureQueriesContext(connection) as one:
            self.client.get("/fa/search/", {"q": "همایش"})
        for _ in range(3):
            result()
        with self.assertNumQueries(len(one)):
            response = self.client.get("/fa/search/", {"q": "همایش"})
        self.assertEqual(len(response.context["object_list"]), 4)
        self.assertContains(response, "روتیتر", count=4)


class CompoundSearchTests(TestCase):
    """A compound typed fully joined («زیرزمینی») finds it written with ZWNJ
    («زیر‌زمینی»), and the ZWNJ and space spellings find the joined one, on both
    engines. A joined query is split into its parts written apart only as hazm's lexicon
    reads it: «زیرزمینی» finds «زیر زمینی», «همکاری» does not find «هم کاری». (A joined
    spelling the lexicon does not know, «دانشبنیان», is its two words: SpellingTests.)"""

    @classmethod
    def setUpTestData(cls):
        cls.zwnj = ArticleFactory(title="شرکت‌های زیر‌زمینی در تهران", body="متن خبر.")
        cls.space = ArticleFactory(title="شرکت‌های زیر زمینی در مشهد", body="متن خبر.")
        cls.joined = ArticleFactory(title="شرکت‌های زیرزمینی در تبریز", body="متن خبر.")
        cls.apart = ArticleFactory(title="زمینی زیر شهری", body="متن دیگر.")
        cls.city_zwnj = ArticleFactory(title="مجمع کلان‌شهرها", body="نشست سالانه.")
        cls.city_joined = ArticleFactory(title="مجمع کلانشهرها", body="نشست سالانه.")
        cls.city_space = ArticleFactory(title="مدیریت کلان شهر", body="نشست سالانه.")
        cls.citizen = ArticleFactory(title="گزارش", body="هر شهروند آن کشور رای داد.")
        cls.also_a_job = ArticleFactory(title="گزارش کار", body="این هم کاری است.")
        cls.compounds = {cls.zwnj.pk, cls.space.pk, cls.joined.pk}

    def test_spellings_are_stored_as_written(self):
        # hazm neither splits nor joins these, so each article really has its own spelling.
        self.assertIn("زیر\u200cزمینی", Article.objects.get(pk=self.zwnj.pk).title)
        self.assertIn("زیر زمینی", Article.objects.get(pk=self.space.pk).title)
        self.assertIn("زیرزمینی", Article.objects.get(pk=self.joined.pk).title)

    def test_joined_spelling_finds_zwnj_and_space_spellings(self):
        # «زیرزمینی» is a word of the lexicon that reads as «زیر» + «زمینی», so its
        # parts written apart count too.
        self.assertEqual(ids(find("زیرزمینی")), self.compounds)
        self.assertEqual(ids(find("زيرزمينيها")), self.compounds)  # ي and a plural too
        # hazm's word list knows this compound: «کلان شهر» is saved as «کلان‌شهر».
        self.assertEqual(
            ids(find("کلانشهر")), {self.city_zwnj.pk, self.city_joined.pk, self.city_space.pk}
        )

    def test_joined_query_is_not_split_into_two_other_words(self):
        self.assertNotIn(self.also_a_job.pk, ids(find("همکاری")))

    def test_zwnj_and_space_spellings_find_the_joined_one(self):
        for q in ["زیر‌زمینی", "زیر زمینی"]:
            with self.subTest(q=q):
                # Both words anywhere still match, as for every two-word query.
                self.assertEqual(ids(find(q)), self.compounds | {self.apart.pk})
        self.assertEqual(ids(find("مجمع کلان‌شهرها")), {self.city_zwnj.pk, self.city_joined.pk})

    def test_joined_forms_need_the_parts_next_to_each_other(self):
        self.assertNotIn(self.apart.pk, ids(find("زیرزمینی")))

    def test_prepositions_and_pronouns_are_no_compound_parts(self):
        # «شهروندان» is not «شهروند آن».
        self.assertEqual(ids(find("شهروندان")), set())
        self.assertEqual(ids(find("شهروند")), {self.citizen.pk})

    def test_phrases_are_unaffected(self):
        self.assertEqual(ids(find('"زیر زمینی"')), {self.zwnj.pk, self.space.pk})
        self.assertEqual(ids(find('"شرکت ها زیر زمینی"')), {self.zwnj.pk, self.space.pk})
        self.assertEqual(ids(find('"زمینی زیر"')), {self.apart.pk})

    def test_no_phrase_runs_from_the_text_into_the_joined_forms(self):
        # The document ends «... تهران» and then holds the joined «زیرزمینی».
        self.assertTrue(self.zwnj.search_document.endswith(f"{persian.INDEX_BREAK} زیرزمینی"))
        self.assertEqual(ids(find('"تهران زیرزمینی"')), set())
        self.assertEqual(ids(find('"در تهران"')), {self.zwnj.pk})

    def test_exclusion_of_the_joined_form_excludes_every_spelling_it_finds(self):
        self.assertEqual(ids(find("شرکت -زیرزمینی")), set())
        self.assertEqual(ids(find("شرکت -تهران")), {self.space.pk, self.joined.pk})

    def test_a_compound_is_one_lookup_in_every_spelling(self):
        # The document of «زیر زمینی» written apart also holds «زیرزمینی», so the query
        # looks one token up rather than also checking the order of two common words.
        query = persian.parse_query("زیرزمینی")
        self.assertIn(("زیر", "زمینی"), query.term_options()[0])
        self.assertEqual(query.lookup_options(), ((("زیرزمینی",),),))
        space = Article.objects.get(pk=self.space.pk).search_document
        self.assertTrue(space.endswith(f"{persian.INDEX_BREAK} زیرزمینی"))
        # «هم کاری» is not read as «همکاری» by the query, so it is not stored as it.
        also_a_job = Article.objects.get(pk=self.also_a_job.pk).search_document
        self.assertNotIn("همکاری", also_a_job)

    def test_hits_are_marked_in_every_spelling(self):
        def marked(article, q):
            return highlight(article.title, persian.parse_query(q))

        self.assertIn("<mark>زیر\u200cزمینی</mark>", marked(self.zwnj, "زیرزمینی"))
        self.assertIn("<mark>زیر</mark> <mark>زمینی</mark>", marked(self.space, "زیرزمینی"))
        self.assertIn("<mark>زیرزمینی</mark>", marked(self.joined, "زیر زمینی"))
        self.assertIn("<mark>زیرزمینی</mark>", marked(self.joined, "زیر‌زمینی"))
        self.assertEqual(
            str(marked(self.apart, "زیرزمینی")), "زمینی زیر شهری"
        )  # the parts alone are not the compound


class CliticSearchTests(TestCase):
    """A word ending in silent «ه» and its clitic («رسانه‌ای», «آمده‌اند») are two tokens,
    and the index also stores them as one (persian.phrase_tokens): a query for the pair
    looks that one rare token up instead of checking the order of two common ones, and
    finds exactly what the phrase finds, on both engines."""

    @classmethod
    def setUpTestData(cls):
        cls.spellings = {
            ArticleFactory(title=f"گزارش {spelling} شهری", body="متن خبر.").pk
            for spelling in ["رسانه‌ای", "رسانهای", "رسانه ای"]
        }
        cls.apart = ArticleFactory(title="رسانه شهری", body="ای کاش همه بیایند.")
        cls.verb = ArticleFactory(title="گزارش", body="مدیران آمده‌اند و رفته‌اند.")

    def test_every_spelling_finds_every_other_and_not_the_two_words_apart(self):
        # Typed apart, the clitic still belongs to its word: not «رسانه» and «ای» anywhere.
        for q in ["رسانه‌ای", "رسانهای", "رسانه ای", '"رسانه ای"', "«رسانه‌ای»", "رسانه ای شهری"]:
            with self.subTest(q=q):
                self.assertEqual(ids(find(q)), self.spellings)
        self.assertEqual(ids(find("آمدهاند")), {self.verb.pk})
        self.assertEqual(ids(find("رسانه‌اند")), set())

    def test_the_pair_is_looked_up_as_one_token(self):
        query = persian.parse_query("رسانه‌ای")
        self.assertEqual(query.phrases, (("رسانه", "ای"),))  # what the highlighter marks
        self.assertEqual(query.lookup_phrases(), (("رسانهای",),))
        document = Article.objects.get(pk=min(self.spellings)).search_document
        self.assertIn(f"{persian.INDEX_BREAK} رسانهای", document)

    def test_both_engines_ask_their_index_for_the_one_token(self):
        from articles.search import postgres, sqlite

        for q in ["رسانه‌ای", "رسانه ای"]:
            query = persian.parse_query(q)
            self.assertEqual(postgres.tsquery(query), "'رسانهای'")
            self.assertEqual(sqlite.fts5_match(query), '"رسانهای"')
        # A known compound: its reading apart is not asked for, the compound is.
        self.assertEqual(postgres.tsquery(persian.parse_query("زیرزمینی")), "'زیرزمینی'")

    def test_exclusion_and_a_longer_phrase_keep_the_order(self):
        self.assertEqual(ids(find('"گزارش رسانه ای"')), self.spellings)
        self.assertEqual(ids(find('"ای رسانه"')), set())
        self.assertEqual(ids(find("شهری -رسانه")), set())


class SearchDocumentRebuildTests(TestCase):
    """Migration articles 0007 brings documents stored before compounds were indexed up
    to date, so old articles are found by the joined spelling too."""

    @classmethod
    def setUpTestData(cls):
        cls.article = ArticleFactory(title="توانمند‌سازی شرکت‌های زیر‌زمینی", body="متن.")

    def test_rebuild_adds_the_joined_forms(self):
        from django.apps import apps

        migration = importlib.import_module("articles.migrations.0007_rebuild_search_documents")
        old = persian.search_key(self.article.search_document.split(persian.INDEX_BREAK)[0])
        Article.objects.filter(pk=self.article.pk).update(search_document=old)
        # Quoted, a word is matched as a token only (no split into its parts).
        self.assertEqual(ids(find('"زیرزمینی"')), set())
        migration.rebuild(apps, None)
        stored = Article.objects.get(pk=self.article.pk).search_document
        self.assertEqual(stored, self.article.search_document)
        self.assertEqual(ids(find('"زیرزمینی"')), {self.article.pk})
        self.assertEqual(ids(find('"توانمندسازی"')), {self.article.pk})


class EnglishStemmingTests(TestCase):
    """English words are found by their other forms (their Snowball stem is the key),
    the same on every engine since the keys are computed in Python."""

    @classmethod
    def setUpTestData(cls):
        cls.mayors = ArticleFactory(
            language="en", title="Mayors of sister cities meet", body="They visited Tehran."
        )
        cls.city = ArticleFactory(language="en", title="A city plans its parks", body="Text.")
        cls.persian = ArticleFactory(title="شهرداران شهرهای خواهرخوانده", body="متن.")

    def test_a_singular_finds_the_plural_and_back(self):
        self.assertEqual(ids(find("mayor", language="en")), {self.mayors.pk})
        self.assertEqual(ids(find("City", language="en")), {self.mayors.pk, self.city.pk})
        self.assertEqual(ids(find("cities", language="en")), {self.mayors.pk, self.city.pk})
        self.assertEqual(ids(find("visit", language="en")), {self.mayors.pk})

    def test_a_phrase_matches_stemmed_words_in_order(self):
        self.assertEqual(ids(find('"sister city"', language="en")), {self.mayors.pk})
        self.assertEqual(ids(find('"city sister"', language="en")), set())

    def test_persian_search_is_unchanged(self):
        self.assertEqual(ids(find("شهرداران")), {self.persian.pk})
        self.assertEqual(ids(find("شهردار")), set())  # «ان» is never stripped


class SortAndCountTests(TestCase):
    """``search(order=BY_DATE)`` and ``count``, on every engine."""

    @classmethod
    def setUpTestData(cls):
        now = timezone.now()
        cls.strong_old = ArticleFactory(
            title="موزه موزه موزه", body="موزه موزه.", published_at=now - timezone.timedelta(days=9)
        )
        cls.weak_new = ArticleFactory(
            title="موزه",
            body="متن بلندتر دربارهٔ چیز دیگر.",
            published_at=now - timezone.timedelta(hours=2),
        )
        cls.middle = ArticleFactory(
            title="موزه شهر", body="متن.", published_at=now - timezone.timedelta(days=2)
        )
        cls.english = ArticleFactory(title="Museum", body="موزه", language="en")

    def test_by_date_is_newest_first_whatever_the_rank(self):
        query = persian.parse_query("موزه")
        by_rank = find("موزه")
        self.assertEqual(by_rank[0].pk, self.strong_old.pk)
        by_date = get_search_backend().search(query, language="fa", order=base.BY_DATE)
        self.assertEqual(
            [a.pk for a in by_date], [self.weak_new.pk, self.middle.pk, self.strong_old.pk]
        )
        self.assertEqual(by_date.total, by_rank.total)

    def test_count_is_the_searchs_total_per_language_and_capped_like_it(self):
        backend = get_search_backend()
        query = persian.parse_query("موزه")
        self.assertEqual(backend.count(query, language="fa"), 3)
        self.assertEqual(backend.count(query, language="en"), 1)
        self.assertEqual(backend.count(persian.parse_query("ناموجود"), language="fa"), 0)
        self.assertEqual(backend.count(persian.parse_query("!!!"), language="fa"), 0)
        with mock.patch.object(base, "SEARCH_CANDIDATES", 1):
            self.assertEqual(backend.count(query, language="fa"), 2)
            by_date = backend.search(query, language="fa", order=base.BY_DATE)
            self.assertTrue(by_date.capped)
            self.assertEqual([a.pk for a in by_date], [self.weak_new.pk])
