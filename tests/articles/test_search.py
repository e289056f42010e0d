import importlib
from datetime import date
from unittest import mock, skipUnless

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles import search, services
from articles.models import Article, Status
from articles.search import highlight, match, search_articles, snippet
from exhibition import persian
from tests.articles.factories import ArticleFactory, ServiceFactory

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


def ids(queryset):
    return {article.pk for article in queryset}


def find(q, **filters):
    filters.setdefault("language", "fa")
    return search_articles(persian.parse_query(q), **filters)


class VariantSearchTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.groups = {
            name: {ArticleFactory(title=f"گزارش {spelling}", body="متن خبر.").pk
                   for spelling in spellings}
            for name, spellings in VARIANT_GROUPS.items()
        }  # fmt: skip

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
        cls.tech = ServiceFactory(slug="technology")
        cls.adjacent = ArticleFactory(
            title="شرکت‌های دانش‌بنیان در تهران", body="متن.", service=cls.tech,
            published_at=timezone.make_aware(timezone.datetime(2026, 3, 10, 12)),
        )  # fmt: skip
        cls.apart = ArticleFactory(
            title="بنیان دانش شهری", body="متن دیگر در مشهد.",
            published_at=timezone.make_aware(timezone.datetime(2026, 5, 2, 12)),
        )  # fmt: skip
        cls.draft = ArticleFactory(
            title="دانش بنیان پیش‌نویس", body="متن.", status=Status.DRAFT, published_at=None
        )
        cls.scheduled = ArticleFactory(
            title="دانش بنیان آینده", body="متن.",
            published_at=timezone.now() + timezone.timedelta(days=1),
        )  # fmt: skip
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
        self.assertEqual(ids(find("دانش", service=self.tech)), {self.adjacent.pk})
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
        for q in ["\x00", "\u202e\u2066", "' OR 1=1 --", '"', "«", "NEAR(", "a:b*", "!!&|",
                  "x" * 10_000, "-"]:  # fmt: skip
            with self.subTest(q=q[:20]):
                list(find(q))

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL plan")
    def test_postgres_plan_uses_the_gin_index(self):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        # With a handful of rows the planner prefers the status/language index for the full
        # page query; the text match alone shows the GIN index serves it.
        plan = match(Article.objects.all(), persian.parse_query("دانش بنیان")).explain()
        self.assertIn("articles_article_search_gin", plan)

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL storage")
    def test_postgres_keeps_the_tsvector_in_the_row(self):
        # Out of line (TOAST), every match check and rank would fetch it again.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attstorage FROM pg_attribute WHERE attname = 'search_vector' "
                "AND attrelid = 'articles_article'::regclass"
            )
            self.assertEqual(cursor.fetchone()[0], "m")

    @skipUnless(connection.vendor == "postgresql", "PostgreSQL index options")
    def test_postgres_keeps_the_gin_pending_list_short(self):
        # Every search reads the whole pending list: 4 MB by default, 256 kB here.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reloptions FROM pg_class WHERE relname = 'articles_article_search_gin'"
            )
            self.assertIn("gin_pending_list_limit=256", cursor.fetchone()[0])

    @skipUnless(connection.vendor == "sqlite", "SQLite FTS5")
    def test_sqlite_fts_table_and_triggers_exist(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE name LIKE 'articles_article_fts%' "
                "AND type IN ('table', 'trigger')"
            )
            names = {row[0] for row in cursor.fetchall()}
        self.assertTrue(
            {"articles_article_fts", "articles_article_fts_ai", "articles_article_fts_ad",
             "articles_article_fts_au"} <= names, names
        )  # fmt: skip


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
        patcher = mock.patch.object(search, "SEARCH_CANDIDATES", 5)
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
        self.assertFalse(search.SearchResults([(self.matches[0].pk, 1.0)], total=2).capped)

    def test_ids_beyond_32_bits_are_ranked(self):
        big = ArticleFactory(id=2**31 + 5, title="خبر شورای بزرگ", body="شورا.")
        self.assertIn(big, list(find("شورا")))

    def test_count_stops_one_past_the_window(self):
        self.assertEqual(find("شورا").total, 6)
        self.assertTrue(find("شورا").capped)
        self.assertEqual(find("شورا -شهر").total, 0)
        with mock.patch.object(search, "SEARCH_CANDIDATES", 10):
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

    def test_page_query_count_does_not_grow_with_results(self):
        # A result reads only the columns it shows; one it lacks would cost a query each.
        def result():
            service = ServiceFactory()
            return ArticleFactory(title="همایش", body="همایش.", kicker="روتیتر", service=service)

        result()
        search.forget_lexeme_shares()  # read now, not between the two counted requests
        self.addCleanup(search.forget_lexeme_shares)
        self.client.get("/fa/search/", {"q": "همایش"})
        with CaptureQueriesContext(connection) as one:
            self.client.get("/fa/search/", {"q": "همایش"})
        for _ in range(3):
            result()
        with self.assertNumQueries(len(one)):
            response = self.client.get("/fa/search/", {"q": "همایش"})
        self.assertEqual(len(response.context["object_list"]), 4)
        self.assertContains(response, "روتیتر", count=4)


@skipUnless(connection.vendor == "postgresql", "PostgreSQL statistics")
class CommonWordTests(TestCase):
    """A word in most articles is checked in each match, not looked up in the index,
    when the query has a rarer one; the results are those of the full query."""

    @classmethod
    def setUpTestData(cls):
        cls.phrase = [ArticleFactory(title=f"خبر {i}", body="هیئتی از شهر باکو آمد.")
                      for i in range(3)]  # fmt: skip
        cls.apart = ArticleFactory(title="خبر باکو", body="از باکو و شهر دیگر.")
        cls.common = [
            ArticleFactory(title=f"خبر {i}", body="گزارش کوتاه از شهر.") for i in range(40)
        ]

    def setUp(self):
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Article._meta.db_table}")
        search.forget_lexeme_shares()
        self.addCleanup(search.forget_lexeme_shares)

    def looked_up(self, q):
        """The tsquery the GIN index is asked for, and whether the full query is then
        checked on each row."""
        matching = search._matching(Article.objects.all(), persian.parse_query(q))
        sql, params = matching.query.sql_with_params()
        return params[0], "ts_match_vq" in sql

    def test_statistics_know_the_common_words(self):
        shares = search.lexeme_shares()
        self.assertGreater(shares["شهر"], search.COMMON_LEXEME_SHARE)
        self.assertLess(shares.get("باکو", 0), search.COMMON_LEXEME_SHARE)

    def test_phrase_with_common_words_looks_up_only_the_rare_one(self):
        self.assertEqual(ids(find('"از شهر باکو"')), {a.pk for a in self.phrase})
        self.assertEqual(ids(find("شهر باکو")), {a.pk for a in [*self.phrase, self.apart]})
        self.assertEqual(ids(find('"از شهر باکو" -آمد')), set())
        self.assertEqual(self.looked_up('"از شهر باکو"'), ("'باکو'", True))
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")
        plan = match(Article.objects.all(), persian.parse_query('"از شهر باکو"')).explain()
        self.assertIn("articles_article_search_gin", plan)
        self.assertNotIn("شهر", "".join(line for line in plan.splitlines() if "Index Cond" in line))

    def test_only_common_words_are_looked_up_as_before(self):
        self.assertEqual(len(find("گزارش شهر")), 40)
        self.assertEqual(
            self.looked_up("گزارش شهر"), (search._tsquery(persian.parse_query("گزارش شهر")), False)
        )

    def test_results_are_those_of_the_whole_query(self):
        ArticleFactory(title="دانش‌بنیان باکو", body="شرکت دانش بنیان از شهر باکو.")
        ArticleFactory(title="ایروان و باکو", body="از شهر ایروان تا شهر باکو.")
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {Article._meta.db_table}")
        search.forget_lexeme_shares()
        # An alternative group (the compound and its parts), two rare words, a character
        # PostgreSQL's parser drops (never the whole lookup: it would match nothing).
        for q in ("دانش بنیان شهر باکو", "شهر ایروان باکو", '"از شهر" باکو -ایروان', "شهر \u09f4"):
            with self.subTest(q=q):
                found = ids(find(q))
                with mock.patch.object(search, "lexeme_shares", return_value={}):
                    self.assertEqual(found, ids(find(q)))
                self.assertTrue(found)

    def test_without_statistics_the_whole_query_is_looked_up(self):
        with mock.patch.object(search, "lexeme_shares", return_value={}):
            self.assertEqual(ids(find('"از شهر باکو"')), {a.pk for a in self.phrase})
            self.assertEqual(
                self.looked_up('"از شهر باکو"'), ("('از' <-> 'شهر' <-> 'باکو')", False)
            )


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
        self.assertEqual(ids(find("کلانشهر")), {self.city_zwnj.pk, self.city_joined.pk,
                                                self.city_space.pk})  # fmt: skip

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

    def test_exclusion_of_the_joined_form_excludes_zwnj_and_joined_spellings(self):
        self.assertEqual(ids(find("شرکت -زیرزمینی")), {self.space.pk})

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
