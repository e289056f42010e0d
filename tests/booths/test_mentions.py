import io
import tempfile
from pathlib import Path

from django.contrib.auth.models import User
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection, transaction
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from articles import services as article_services
from articles.models import Article, Status
from booths import services as booths_services
from booths.models import Exhibitor, Mention
from booths.services import (
    exhibitor_update,
    mentions_recompute,
    mentions_recompute_for_exhibitor,
)
from tests.articles.factories import ArticleFactory
from tests.booths.factories import DistrictFactory, ExhibitorFactory

AUTOMATIC, STAFF = Mention.Source.AUTOMATIC, Mention.Source.STAFF


def mentioned(article, **filters):
    return set(
        Mention.objects.filter(article=article, **filters).values_list("exhibitor__slug", flat=True)
    )


class MentionFixturesMixin:
    @classmethod
    def setUpTestData(cls):
        cls.tehran = ExhibitorFactory(
            kind=Exhibitor.Kind.TEHRAN_MUNICIPALITY,
            name_fa="شهرداری تهران",
            name_en="Tehran Municipality",
            short_name_fa="شهرداری تهران",
            short_name_en="Tehran Municipality",
            aliases="شهرداری پایتخت",
            is_demo=False,
        )
        cls.d22 = DistrictFactory(district=22, aliases="منطقه بیست و دوم\nشهرداری منطقه 22")
        cls.d2 = DistrictFactory(district=2, aliases="منطقه دوم")
        cls.company = ExhibitorFactory(
            name_fa="داده‌پردازان کلان‌شهر",
            name_en="Kalanshahr Data Labs",
            short_name_fa="داده‌پردازان",
            short_name_en="Kalanshahr Data",
        )


class RecomputeTests(MentionFixturesMixin, TestCase):
    def test_names_match_in_every_spelling_variant(self):
        # Arabic ي/ك, a space for the ZWNJ, Latin digits: all name the same exhibitors.
        article = ArticleFactory(
            body="نماينده شهرداري منطقه 22 و شرکت داده پردازان كلان شهر در نمايشگاه بودند."
        )
        self.assertEqual(mentioned(article, source=AUTOMATIC), {self.d22.slug, self.company.slug})

    def test_one_word_alias_typed_joined_names_its_zwnj_spelling(self):
        ExhibitorFactory(slug="metropolis-lab", name_fa="آزمایشگاه", aliases="کلانشهر")
        article = ArticleFactory(body="نشست کلان‌شهرها در تهران.")
        self.assertEqual(mentioned(article, source=AUTOMATIC), {"metropolis-lab"})

    def test_no_name_runs_from_the_text_into_the_joined_forms(self):
        # The document ends «... شرکت» and then holds «زیرزمینی»: no «شرکت زیرزمینی».
        ExhibitorFactory(slug="kb-firm", name_fa="شرکت زیرزمینی", name_en="KB Firm")
        article = ArticleFactory(title="ابزار زیر‌زمینی", body="بازدید شرکت")
        self.assertTrue(article.search_document.endswith("شرکت ي زیرزمینی"))
        self.assertEqual(mentioned(article, source=AUTOMATIC), set())

    def test_persian_and_latin_digits_are_one_district(self):
        for body in ("بازدید منطقه ۲۲ از غرفه‌ها", "بازدید منطقه 22 از غرفه‌ها"):
            with self.subTest(body=body):
                self.assertEqual(mentioned(ArticleFactory(body=body)), {self.d22.slug})

    def test_title_lead_and_tags_count_too(self):
        tag = article_services.tags_from_names(["شهرداری پایتخت"])
        article = ArticleFactory(title="خبر منطقه دوم", lead="لید خبر", tags=tag, body="متن.")
        self.assertEqual(mentioned(article), {self.d2.slug, self.tehran.slug})

    def test_partial_words_and_numbers_do_not_match(self):
        article = ArticleFactory(
            body="منطقه ۲۲۰ و منطقه ۲۰۲ و شهرداری تهرانی و داده‌پردازانی و منطقه‌ای دوم"
        )
        self.assertEqual(mentioned(article), set())

    def test_longest_name_wins_where_names_overlap(self):
        # «شهرداری منطقه ۲» must not count as district 22 nor «منطقه ۲۲» as district 2.
        article = ArticleFactory(body="شهرداری منطقه ۲ و شهرداری منطقه ۲۲ گزارش دادند.")
        self.assertEqual(mentioned(article), {self.d2.slug, self.d22.slug})

    def test_text_change_removes_stale_automatic_mentions_and_keeps_staff_and_hidden(self):
        article = ArticleFactory(body="شهرداری تهران و منطقه ۲۲ و منطقه دوم")
        self.assertEqual(mentioned(article), {self.tehran.slug, self.d22.slug, self.d2.slug})
        Mention.objects.filter(article=article, exhibitor=self.d2).update(is_hidden=True)
        Mention.objects.create(article=article, exhibitor=self.company, source=STAFF)

        article_services.article_update(article=article, body="فقط منطقه ۲۲ حاضر بود.")

        rows = {
            m.exhibitor.slug: (m.source, m.is_hidden)
            for m in Mention.objects.filter(article=article).select_related("exhibitor")
        }
        self.assertEqual(
            rows,
            {
                self.d22.slug: (AUTOMATIC, False),
                self.d2.slug: (AUTOMATIC, True),  # hidden stays hidden, even when stale
                self.company.slug: (STAFF, False),  # staff rows are never removed
            },
        )

    def test_hidden_rows_do_not_come_back_visible_on_recompute(self):
        article = ArticleFactory(body="منطقه ۲۲")
        Mention.objects.filter(article=article).update(is_hidden=True)
        self.assertEqual(mentions_recompute(article=article), (0, 0))
        self.assertEqual(mentioned(article, is_hidden=True), {self.d22.slug})
        self.assertEqual(mentioned(article, is_hidden=False), set())

    def test_staff_row_for_a_name_in_the_text_is_not_duplicated(self):
        article = ArticleFactory(body="متن بی‌نام")
        Mention.objects.create(article=article, exhibitor=self.d22, source=STAFF)
        article_services.article_update(article=article, body="منطقه ۲۲")
        self.assertEqual(Mention.objects.filter(article=article).count(), 1)
        self.assertEqual(Mention.objects.get(article=article).source, STAFF)

    def test_alias_edits_recompute_the_articles_they_touch(self):
        old = ArticleFactory(body="بازدید از پایتخت دیجیتال")
        new = ArticleFactory(body="بازدید از شهر هوشمند تهران")
        self.assertEqual(mentioned(old) | mentioned(new), set())

        exhibitor_update(exhibitor=self.company, aliases="پایتخت دیجیتال")
        self.assertEqual(mentioned(old), {self.company.slug})

        exhibitor_update(exhibitor=self.company, aliases="شهر هوشمند تهران")
        self.assertEqual(mentioned(old), set())  # the old alias no longer names it
        self.assertEqual(mentioned(new), {self.company.slug})

    def test_saving_without_a_name_change_does_not_recompute(self):
        exhibitor = Exhibitor.objects.get(pk=self.company.pk)
        with CaptureQueriesContext(connection) as ctx:
            exhibitor_update(exhibitor=exhibitor, featured=True)
        self.assertFalse(any("booths_mention" in q["sql"] for q in ctx.captured_queries))

    def test_exhibitor_recompute_does_not_read_unrelated_articles(self):
        ArticleFactory(body="خبری بی‌ربط")
        named = ArticleFactory(body="داده پردازان کلان شهر")
        Mention.objects.all().delete()
        with CaptureQueriesContext(connection) as ctx:
            self.assertEqual(mentions_recompute_for_exhibitor(exhibitor=self.company), (1, 0))
        self.assertEqual(mentioned(named), {self.company.slug})
        # the candidates come from the search index: no query reads every article
        reads = [q["sql"] for q in ctx.captured_queries if "search_document" in q["sql"]]
        self.assertTrue(all("IN" in sql or "MATCH" in sql or "@@" in sql for sql in reads))

    def test_deleting_an_exhibitor_or_article_removes_its_mentions(self):
        article = ArticleFactory(body="منطقه ۲۲ و منطقه دوم")
        self.d2.delete()
        self.assertEqual(mentioned(article), {self.d22.slug})
        article.delete()
        self.assertFalse(Mention.objects.exists())


def exhibitor_reads(queries) -> int:
    return sum(1 for q in queries if "booths_exhibitor" in q["sql"])


class KeptIndexTests(TestCase):
    """Each process keeps the exhibitors' names between saved articles (an import saves
    thousands) and reads them again once an exhibitor's change commits, in this
    process or another."""

    def setUp(self):
        # Committed (as in production), so that the index is kept, not read each time.
        with self.captureOnCommitCallbacks(execute=True):
            self.company = ExhibitorFactory(
                name_fa="داده‌پردازان کلان‌شهر", name_en="Kalanshahr Data Labs"
            )

    def test_articles_reuse_the_names_until_an_exhibitor_is_saved(self):
        ArticleFactory(body="خبری درباره داده پردازان کلان شهر")
        with CaptureQueriesContext(connection) as ctx:
            second = ArticleFactory(body="باز هم داده پردازان کلان شهر")
        self.assertEqual(exhibitor_reads(ctx.captured_queries), 0)
        self.assertEqual(mentioned(second), {self.company.slug})

        with self.captureOnCommitCallbacks(execute=True):
            newcomer = ExhibitorFactory(name_fa="فن‌آوران شهر سبز", name_en="Green City Tech")
        third = ArticleFactory(body="فن آوران شهر سبز و داده پردازان کلان شهر")
        self.assertEqual(mentioned(third), {self.company.slug, newcomer.slug})

    def test_an_import_batch_writes_its_new_articles_mentions_together(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        bodies = ["داده پردازان کلان شهر در نمایشگاه", "خبری بی نام", "باز هم داده‌پردازان کلان‌شهر"]
        titles = ["خبر یکم", "خبر دوم", "خبر سوم"]
        for number, (title, body) in enumerate(zip(titles, bodies, strict=True)):
            line = f'{{"title": "{title}", "body": "{body}"}}\n'
            (folder / f"{number}.jsonl").write_text(line, encoding="utf-8")
        with CaptureQueriesContext(connection) as ctx:
            call_command("import_articles", str(folder), stdout=io.StringIO())
        inserts = [
            q
            for q in ctx.captured_queries
            if q["sql"].startswith("INSERT") and "mention" in q["sql"]
        ]
        self.assertEqual(len(inserts), 1)
        self.assertEqual(
            [mentioned(Article.objects.get(title=title)) for title in titles],
            [{self.company.slug}, set(), {self.company.slug}],
        )

    def test_an_alias_edit_committed_in_another_process_reaches_the_next_article(self):
        ArticleFactory(body="بازدید از پایتخت دیجیتال")  # the index is kept here
        # Another process (the admin while an import runs) edits the aliases: its
        # save renews the shared version of the names once it commits.
        Exhibitor.objects.filter(pk=self.company.pk).update(aliases="پایتخت دیجیتال")
        cache.set(booths_services._ALIAS_VERSION_KEY, "renewed by another process")
        after = ArticleFactory(body="بازدید از پایتخت دیجیتال")
        self.assertEqual(mentioned(after), {self.company.slug})

    def test_an_exhibitor_added_between_two_imports_is_mentioned_by_the_second(self):
        folder = Path(self.enterContext(tempfile.TemporaryDirectory()))
        line = '{{"title": "{title}", "body": "هیئت فن آوران شهر سبز از غرفه‌ها دیدن کرد."}}\n'
        (folder / "first.jsonl").write_text(line.format(title="خبر اول"), encoding="utf-8")
        call_command("import_articles", str(folder / "first.jsonl"), stdout=io.StringIO())
        with self.captureOnCommitCallbacks(execute=True):
            newcomer = ExhibitorFactory(name_fa="فن‌آوران شهر سبز", name_en="Green City Tech")
        (folder / "second.jsonl").write_text(line.format(title="خبر دوم"), encoding="utf-8")
        call_command("import_articles", str(folder / "second.jsonl"), stdout=io.StringIO())
        second = Article.objects.get(title="خبر دوم")
        self.assertEqual(mentioned(second), {newcomer.slug})
        # The first found it through the exhibitor's own recompute.
        self.assertEqual(mentioned(Article.objects.get(title="خبر اول")), {newcomer.slug})

    def test_a_rolled_back_exhibitor_is_never_matched(self):
        ArticleFactory(body="داده پردازان کلان شهر")
        with self.assertRaises(RuntimeError), transaction.atomic():
            ghost = ExhibitorFactory(name_fa="فن‌آوران شهر سبز", name_en="Green City Tech")
            inside = ArticleFactory(body="فن آوران شهر سبز")
            self.assertEqual(mentioned(inside), {ghost.slug})
            raise RuntimeError("the admin's save failed")
        after = ArticleFactory(body="فن آوران شهر سبز و داده پردازان کلان شهر")
        self.assertEqual(mentioned(after), {self.company.slug})


class OneWordNameTests(TestCase):
    def test_a_one_word_short_name_is_an_ordinary_word_until_staff_make_it_an_alias(self):
        arman = ExhibitorFactory(name_fa="شرکت آرمان شهر پایدار", short_name_fa="آرمان")
        article = ArticleFactory(title="آرمان شهر هوشمند", body="آرمان ما شهری بهتر است.")
        mentions_recompute(article=article)
        self.assertEqual(mentioned(article), set())
        exhibitor_update(exhibitor=arman, aliases="آرمان")
        self.assertEqual(mentioned(article), {arman.slug})


class MentionPagesTests(MentionFixturesMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        now = timezone.now()
        cls.older = ArticleFactory(
            title="خبر قدیمی منطقه ۲۲", body="متن.", published_at=now - timezone.timedelta(3)
        )
        cls.newer = ArticleFactory(
            title="خبر تازه",
            body="شهرداری منطقه ۲۲ و شهرداری تهران.",
            published_at=now - timezone.timedelta(1),
        )
        cls.draft = ArticleFactory(
            title="پیش‌نویس منطقه ۲۲", body="متن.", status=Status.DRAFT, published_at=None
        )
        cls.english = ArticleFactory(
            title="District 22 opens its stand",
            body="Region 22 at the exhibition.",
            language="en",
            published_at=now - timezone.timedelta(2),
        )
        cls.unpaired_en = ArticleFactory(
            title="Tehran District 22 in the press",
            body="Text.",
            language="en",
            published_at=now - timezone.timedelta(4),
        )
        article_services.article_pair(article=cls.older, other=cls.english)

    def titles(self, response):
        return [a.title for a in response.context["mentions"]]

    def test_district_page_lists_published_news_newest_first_in_its_language(self):
        response = self.client.get("/fa/districts/22/")
        # the English article is paired with «خبر قدیمی»; the unpaired one stays, marked
        self.assertEqual(
            self.titles(response),
            ["خبر تازه", "خبر قدیمی منطقه ۲۲", "Tehran District 22 in the press"],
        )
        self.assertContains(response, 'id="mentions-heading"')
        self.assertContains(response, f'href="{self.newer.get_absolute_url()}"')
        self.assertContains(response, 'lang="en" dir="ltr" hreflang="en"')
        self.assertNotContains(response, "پیش‌نویس")

    def test_english_page_prefers_the_english_pair_and_marks_persian_ones(self):
        response = self.client.get("/en/districts/22/")
        self.assertEqual(
            self.titles(response),
            ["خبر تازه", "District 22 opens its stand", "Tehran District 22 in the press"],
        )
        self.assertContains(response, "In the news")
        self.assertContains(response, '<span class="mentions__language">(Persian)</span>')

    def test_hidden_mentions_are_not_listed(self):
        Mention.objects.filter(exhibitor=self.tehran).update(is_hidden=True)
        response = self.client.get(self.tehran.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "mentions-heading")
        response = self.client.get(self.newer.get_absolute_url())
        self.assertEqual(list(response.context["mentioned_exhibitors"]), [self.d22])

    def test_article_page_lists_the_exhibitors_it_names_with_links(self):
        response = self.client.get(self.newer.get_absolute_url())
        self.assertEqual(list(response.context["mentioned_exhibitors"]), [self.tehran, self.d22])
        self.assertContains(response, 'id="mentioned-exhibitors-heading"')
        self.assertContains(response, 'href="/fa/districts/22/"')
        self.assertContains(response, f'href="{self.tehran.get_absolute_url()}"')
        html = response.content.decode()
        aside = html[html.index("<aside") : html.index("</aside>")]
        self.assertIn("شهرداری تهران", aside)

    def test_not_yet_translated_page_links_the_exhibitors_it_names(self):
        response = self.client.get(f"/en/news/{self.newer.news_code}/{self.newer.slug}/")
        self.assertContains(response, "not yet available")
        self.assertContains(response, '<a href="/en/districts/22/">District 22 Municipality</a>')
        with translation.override("en"):
            self.assertContains(response, f'href="{self.tehran.get_absolute_url()}"')

    def test_english_article_page_names_exhibitors_in_english(self):
        response = self.client.get(self.english.get_absolute_url())
        self.assertContains(response, ">District 22 Municipality</a>")


@override_settings(PAGE_CACHE_TTL=0)  # the views' own queries, not answered from the cache
class MentionQueryCountTests(MentionFixturesMixin, TestCase):
    """Pages keep their query count however many mentions there are."""

    def count(self, url):
        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)

    def test_article_and_exhibitor_pages(self):
        article = ArticleFactory(body="منطقه ۲۲ و منطقه دوم")
        urls = [article.get_absolute_url(), "/fa/districts/22/", "/en/districts/22/"]
        before = [self.count(url) for url in urls]
        # the article, related news, tags, its gallery and the mentioned exhibitors (no
        # view is counted: the test client names no browser)
        self.assertEqual(before[0], 5)
        for n in range(6):
            district = DistrictFactory(district=3 + n)
            Mention.objects.create(article=article, exhibitor=district, source=STAFF)
            ArticleFactory(body=f"منطقه ۲۲ خبر {n}")
        ArticleFactory(title="District 22", body="Region 22", language="en")
        self.assertEqual(len(self.client.get(urls[0]).context["mentioned_exhibitors"]), 8)
        self.assertEqual([self.count(url) for url in urls], before)


class MentionAdminTests(MentionFixturesMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")
        cls.article = ArticleFactory(body="منطقه ۲۲ و منطقه دوم")

    def setUp(self):
        self.client.force_login(self.admin)

    def change_data(self, rows, **fields):
        a = self.article
        data = {
            "language": a.language,
            "title": a.title,
            "slug": a.slug,
            "body": a.body,
            "status": a.status,
            "published_at_0": a.published_at.date().isoformat(),
            "published_at_1": a.published_at.time().strftime("%H:%M:%S"),
            "desk": a.desk_id,
            "exhibitor_mentions-TOTAL_FORMS": str(len(rows)),
            "exhibitor_mentions-INITIAL_FORMS": str(sum(1 for r in rows if "id" in r)),
            "images-TOTAL_FORMS": "0",
            "images-INITIAL_FORMS": "0",
        }
        for i, row in enumerate(rows):
            for key, value in row.items():
                data[f"exhibitor_mentions-{i}-{key}"] = value
            data[f"exhibitor_mentions-{i}-article"] = a.pk
        data.update(fields)
        return data

    def test_staff_add_a_mention_and_hide_a_wrong_one_and_save_recomputes(self):
        d2 = Mention.objects.get(article=self.article, exhibitor=self.d2)
        d22 = Mention.objects.get(article=self.article, exhibitor=self.d22)
        rows = [
            {"id": d2.pk, "exhibitor": self.d2.pk, "is_hidden": "on"},
            {"id": d22.pk, "exhibitor": self.d22.pk},
            {"exhibitor": self.company.pk},
        ]
        response = self.client.post(
            f"/admin/articles/article/{self.article.pk}/change/",
            self.change_data(rows, body="منطقه ۲۲ و منطقه دوم و شهرداری تهران"),
        )
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        rows = {
            m.exhibitor_id: (m.source, m.is_hidden)
            for m in Mention.objects.filter(article=self.article)
        }
        self.assertEqual(
            rows,
            {
                self.d2.pk: (AUTOMATIC, True),
                self.d22.pk: (AUTOMATIC, False),
                self.company.pk: (STAFF, False),
                self.tehran.pk: (AUTOMATIC, False),  # found in the new text on save
            },
        )

    def test_a_staff_row_for_a_name_the_new_text_adds_is_kept_as_the_only_row(self):
        # The text is final, and the mentions found, after the inline is saved: the
        # staff row exists by then and the recompute adds no second row beside it.
        rows = [
            {"id": m.pk, "exhibitor": m.exhibitor_id}
            for m in Mention.objects.filter(article=self.article).order_by("pk")
        ]
        rows.append({"exhibitor": self.tehran.pk})
        response = self.client.post(
            f"/admin/articles/article/{self.article.pk}/change/",
            self.change_data(rows, body="منطقه ۲۲ و منطقه دوم و شهرداری تهران"),
        )
        self.assertEqual(response.status_code, 302)
        tehran = Mention.objects.filter(article=self.article, exhibitor=self.tehran)
        self.assertEqual([m.source for m in tehran], [STAFF])

    def test_an_alias_added_in_the_exhibitor_admin_finds_the_news_that_use_it(self):
        article = ArticleFactory(body="بازدید از پایتخت دیجیتال")
        c = self.company
        data = {
            "kind": c.kind,
            "name_fa": c.name_fa,
            "name_en": c.name_en,
            "short_name_fa": c.short_name_fa,
            "short_name_en": c.short_name_en,
            "slug": c.slug,
            "is_demo": "on",
            "aliases": "پایتخت دیجیتال",
        }
        for prefix in ("stands", "achievements", "mentions"):
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        response = self.client.post(f"/admin/booths/exhibitor/{c.pk}/change/", data)
        self.assertEqual(response.status_code, 302, getattr(response, "context", None))
        self.assertEqual(mentioned(article), {c.slug})

    def test_article_change_page_has_the_inline(self):
        response = self.client.get(f"/admin/articles/article/{self.article.pk}/change/")
        self.assertContains(response, 'name="exhibitor_mentions-0-is_hidden"')
        self.assertContains(response, 'name="exhibitor_mentions-1-is_hidden"')
        self.assertNotContains(response, 'name="exhibitor_mentions-0-source"')  # read-only

    def test_exhibitor_change_page_lists_its_news_read_only(self):
        response = self.client.get(f"/admin/booths/exhibitor/{self.d22.pk}/change/")
        self.assertContains(response, self.article.title)
        self.assertNotContains(response, 'name="mentions-0-is_hidden"')


class SeedMentionsTests(TestCase):
    def test_seed_finds_the_exhibitors_the_corpus_article_names(self):
        call_command("seed", stdout=io.StringIO(), stderr=io.StringIO())
        article = Article.objects.get()
        # The corpus names «شهرداری تهران» and «مجمع کلانشهرها» (an alias of the Assembly);
        # «مناطق 22 گانه» and «شرکت های دانش بنیان» name no single exhibitor.
        self.assertEqual(
            mentioned(article, source=AUTOMATIC),
            {"tehran-municipality", "assembly-of-metropolises-mayors"},
        )
        call_command("seed", stdout=io.StringIO(), stderr=io.StringIO())
        self.assertEqual(Mention.objects.count(), 2)
        response = self.client.get("/fa/exhibitors/tehran-municipality/")
        self.assertEqual([a.pk for a in response.context["mentions"]], [article.pk])
