import csv
import io
import re

from django.test import TestCase, override_settings
from django.urls import reverse

from booths.models import Exhibitor, Mention, Stand
from booths.plan import LABEL_MIN_FONT, PX_PER_METRE
from exhibition.csv_safety import FORMULA_TRIGGERS
from tests.articles.factories import ArticleFactory
from tests.booths.factories import (
    AchievementFactory,
    DelegationFactory,
    DistrictFactory,
    ExhibitorFactory,
    HallFactory,
    SisterCityFactory,
    StandFactory,
)

FIXTURES = ["fixtures/20_booths_facts.json", "fixtures/30_booths_demo.json"]
CSV_PAYLOADS = [
    '=HYPERLINK("http://x","y")',
    "=cmd|' /C calc'!A0",
    "+1+1",
    "-2+3",
    "@SUM(1)",
    "\t=1",
    "\r=1",
]


def names_in_order(html, names):
    positions = {name: html.find(name) for name in names}
    missing = [name for name, at in positions.items() if at < 0]
    assert not missing, f"not on the page: {missing}"
    return sorted(names, key=positions.get)


class DirectoryTests(TestCase):
    fixtures = FIXTURES

    def get(self, lang="fa", **params):
        return self.client.get(f"/{lang}/exhibitors/", params)

    def listed_slugs(self, response):
        return [e.slug for e in response.context["object_list"]]

    def test_directory_in_both_languages_with_demo_badges(self):
        fa = self.get("fa", kind="knowledge_based_company")
        self.assertContains(fa, "هوشمندراه پویا")
        self.assertContains(fa, 'class="demo-badge"')
        self.assertContains(fa, "محتوای نمونه")
        en = self.get("en", kind="knowledge_based_company")
        self.assertContains(en, "Pouya Smart Roads")
        self.assertContains(en, "Demo content")

    def test_real_exhibitors_carry_no_demo_badge(self):
        response = self.get("en", kind="tehran_municipality")
        self.assertContains(response, "Tehran Municipality")
        self.assertNotContains(response, 'class="demo-badge"')

    def test_filters_by_kind_hall_district_and_country(self):
        kinds = {e.kind for e in self.get(kind="district_municipality").context["object_list"]}
        self.assertEqual(kinds, {"district_municipality"})
        in_c = self.get(hall="C", sort="stand").context["paginator"].object_list
        self.assertTrue(all(any(s.hall.code == "C" for s in e.stands.all()) for e in in_c))
        self.assertIn("tehran-municipality", [e.slug for e in in_c])
        self.assertEqual(self.listed_slugs(self.get(district="22")), ["district-22"])
        self.assertEqual(self.listed_slugs(self.get(country="KR")), ["seoul-delegation"])

    def test_filter_messages_write_numbers_in_the_pages_digits(self):
        response = self.get(q="x" * 300)
        self.assertContains(response, "۲۰۰")
        self.assertContains(response, "۳۰۰")
        self.assertNotContains(response, "300")

    def test_a_district_typed_in_persian_digits(self):
        self.assertEqual(self.listed_slugs(self.get(district="۲۲")), ["district-22"])
        self.assertEqual(self.client.get("/fa/districts/۶/").status_code, 200)

    def test_every_country_offered_lists_exhibitors(self):
        countries = [code for code, _name in self.get().context["form"].fields["country"].choices]
        self.assertIn("KR", countries)
        for code in filter(None, countries):
            with self.subTest(country=code):
                self.assertTrue(self.listed_slugs(self.get(country=code)))

    def test_search_survives_spelling_variants(self):
        for q in ("منطقه 22", "منطقه ۲۲", "شهرداري منطقه ۲۲", "منطقه بیست و دوم", "region 22"):
            with self.subTest(q=q):
                self.assertEqual(self.listed_slugs(self.get(q=q)), ["district-22"])

    def test_search_is_not_fooled_by_zwnj(self):
        with_zwnj = self.listed_slugs(self.get(q="داده\u200cپردازان"))
        without = self.listed_slugs(self.get(q="داده پردازان"))
        self.assertEqual(with_zwnj, ["kalanshahr-data-labs"])
        self.assertEqual(without, with_zwnj)

    def test_search_finds_compounds_typed_fully_joined(self):
        # The name is written «داده‌پردازان کلان‌شهر»; typists without ZWNJ join the parts.
        self.assertEqual(self.listed_slugs(self.get(q="دادهپردازان")), ["kalanshahr-data-labs"])
        self.assertEqual(
            set(self.listed_slugs(self.get(q="کلانشهر داده"))), {"kalanshahr-data-labs"}
        )
        self.assertEqual(self.listed_slugs(self.get(q="ایمنساز")), ["imensaz-seismic"])

    def test_a_word_is_not_split_into_two_other_words(self):
        ExhibitorFactory(name_fa="گروه شهر داریوش", slug="darius-city-group")
        self.assertNotIn("darius-city-group", self.listed_slugs(self.get(q="شهرداری")))

    def test_a_district_card_names_its_kind_and_number_as_one_phrase(self):
        # (a name that does not say it already: see the next test)
        Exhibitor.objects.filter(district=3).update(name_fa="منطقهٔ سه", name_en="Third")
        response = self.get("fa", kind="district_municipality", district="3")
        self.assertContains(response, "<span>شهرداری منطقهٔ ۳</span>", html=True)
        self.assertNotContains(response, "<span>شهرداری منطقه</span>", html=True)
        en = self.get("en", kind="district_municipality", district="3")
        self.assertContains(en, "<span>District 3 municipality</span>", html=True)

    def test_a_card_leaves_out_the_kind_its_name_already_says(self):
        def meta(lang, **filters):
            html = self.get(lang, **filters).content.decode()
            lines = re.findall(r'<p class="exhibitor-card__meta">(.*?)</p>', html, re.S)
            self.assertTrue(lines)
            return " ".join(lines)

        for lang, district, tehran, company in (
            ("fa", "شهرداری منطقهٔ ۴", "شهرداری تهران", "شرکت دانش‌بنیان"),
            ("en", "District 4 municipality", "Tehran Municipality", "Knowledge-based company"),
        ):
            with self.subTest(lang=lang):
                kind = "district_municipality"
                self.assertNotIn(district, meta(lang, kind=kind, district="4"))
                self.assertNotIn(tehran, meta(lang, kind="tehran_municipality"))
                self.assertIn(company, meta(lang, kind="knowledge_based_company"))

    def test_the_header_news_search_does_not_take_the_directory_query(self):
        response = self.get("fa", q="سئول")
        header_box = re.search(r'<input id="site-search"[^>]*>', response.content.decode())
        self.assertNotIn("value=", header_box.group(0))
        # The directory's own search box keeps it.
        self.assertContains(response, 'value="سئول"')

    def test_filters_fold_away_unless_they_need_attention(self):
        folded = self.get("fa", q="سئول").content.decode()
        self.assertIn('<details class="filters-fold">', folded)
        with_error = self.get("fa", district="99").content.decode()
        self.assertIn('<details class="filters-fold" open>', with_error)

    def test_search_without_match_says_so(self):
        response = self.get("en", q="nothing-like-this")
        self.assertContains(response, "No exhibitor matches these filters.")

    def test_invalid_filters_are_reported_not_a_500(self):
        response = self.get("en", district="99", kind="spaceship", hall="Q")
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Some filters were not understood")
        self.assertEqual(response.context["paginator"].count, Exhibitor.objects.count())

    def test_page_out_of_range_is_404(self):
        self.assertEqual(self.get(page="999").status_code, 404)
        self.assertEqual(self.get(page="abc").status_code, 404)

    def test_pagination_keeps_the_filters(self):
        response = self.get("en", sort="stand")
        self.assertContains(response, "sort=stand&amp;page=2")

    def test_sort_featured_first_and_by_stand(self):
        featured = self.get(sort="featured").context["object_list"]
        self.assertTrue(all(e.featured for e in featured[:4]))
        by_stand = self.get(sort="stand").context["object_list"]
        self.assertEqual(by_stand[0].slug, "tehran-municipality")  # stand A-1
        self.assertEqual(by_stand[1].slug, "assembly-of-metropolises-mayors")

    def test_csv_link_carries_the_filters(self):
        response = self.get("en", kind="assembly")
        self.assertContains(response, "/en/exhibitors.csv?kind=assembly")


class PersianAlphabetSortTests(TestCase):
    LETTERS = ["ب", "پ", "ج", "چ", "ز", "ژ", "ک", "گ"]

    @classmethod
    def setUpTestData(cls):
        # Created in reverse so insertion order cannot pass the test.
        for letter in reversed(cls.LETTERS):
            ExhibitorFactory(kind="other", name_fa=f"{letter}ازمون", name_en=f"{letter} test")

    def test_queryset_orders_by_the_persian_alphabet(self):
        names = [e.name_fa for e in Exhibitor.objects.ordered_by_name("fa")]
        self.assertEqual(names, [f"{letter}ازمون" for letter in self.LETTERS])

    def test_directory_lists_names_in_persian_alphabet_order(self):
        html = self.client.get("/fa/exhibitors/", {"sort": "name"}).content.decode()
        expected = [f"{letter}ازمون" for letter in self.LETTERS]
        self.assertEqual(names_in_order(html, expected), expected)


class ExhibitorPageTests(TestCase):
    fixtures = FIXTURES

    def test_exhibitor_page_shows_stands_plan_achievements_and_contact(self):
        response = self.client.get("/en/exhibitors/tehran-municipality/")
        self.assertContains(response, "<h1>Tehran Municipality</h1>", html=True)
        self.assertContains(response, "<bdi>A-1</bdi>", html=True)
        self.assertContains(response, "<bdi>C-1</bdi>", html=True)
        self.assertContains(response, 'aria-current="location"')
        # a mini-map of each hall it has stands in, linking to the stand on the full plan
        self.assertEqual(response.content.decode().count('class="plan-excerpt"'), 2)
        self.assertContains(response, "?exhibitor=tehran-municipality#stand-A-1")
        self.assertContains(response, "Achievements")
        self.assertNotContains(response, "In the news")

    def test_company_page_has_contact(self):
        response = self.client.get("/fa/exhibitors/pouya-smart-roads/")
        self.assertContains(response, "mailto:info@pouya-smart-roads.example")
        self.assertContains(response, 'class="demo-badge"')

    def test_exhibitor_page_leaves_out_the_kind_its_name_already_says(self):
        meta = r'<p class="exhibitor-card__meta">(.*?)</p>'
        for lang, kind, company in (
            ("en", "Tehran Municipality", "Knowledge-based company"),
            ("fa", "شهرداری تهران", "شرکت دانش‌بنیان"),
        ):
            with self.subTest(lang=lang):
                html = self.client.get(f"/{lang}/exhibitors/tehran-municipality/").content.decode()
                self.assertNotIn(kind, re.search(meta, html, re.S).group(1))
                html = self.client.get(f"/{lang}/exhibitors/pouya-smart-roads/").content.decode()
                self.assertIn(company, re.search(meta, html, re.S).group(1))

    def test_district_slug_redirects_to_the_district_page(self):
        response = self.client.get("/fa/exhibitors/district-22/")
        self.assertRedirects(response, "/fa/districts/22/", status_code=301)

    def test_unknown_exhibitor_is_404(self):
        self.assertEqual(self.client.get("/en/exhibitors/no-such-one/").status_code, 404)

    def test_language_switcher_points_to_the_same_exhibitor(self):
        response = self.client.get("/fa/exhibitors/pouya-smart-roads/")
        self.assertContains(response, 'href="/en/exhibitors/pouya-smart-roads/"')


class DistrictCountTests(TestCase):
    """Each tile counts its own district's achievements, whatever else the district has."""

    @classmethod
    def setUpTestData(cls):
        busy = DistrictFactory(district=5)
        AchievementFactory.create_batch(2, exhibitor=busy)
        StandFactory.create_batch(3, exhibitor=busy)  # more rows to join must not count twice
        AchievementFactory(exhibitor=DistrictFactory(district=6))
        DistrictFactory(district=7)
        AchievementFactory(exhibitor=ExhibitorFactory())  # not a district: no tile

    def tiles(self, lang):
        html = self.client.get(f"/{lang}/districts/").content.decode()
        return dict(
            re.findall(
                r'district-tile__number">([^<]+)</span>.*?district-tile__count">([^<]+)</span>',
                html,
                re.S,
            )
        )

    def test_each_district_shows_the_number_of_its_achievements(self):
        self.assertEqual(
            self.tiles("en"), {"5": "2 achievements", "6": "1 achievement", "7": "0 achievements"}
        )
        self.assertEqual(self.tiles("fa")["۵"].split()[0], "۲")


class DistrictPageTests(TestCase):
    fixtures = FIXTURES

    def test_all_22_districts_as_a_schematic_grid_with_achievement_counts(self):
        response = self.client.get("/en/districts/")
        self.assertContains(response, "Schematic")
        self.assertEqual(len(re.findall(r'class="district-tile"', response.content.decode())), 22)
        counts = {d.district: d.achievement_count for d in response.context["object_list"]}
        self.assertEqual(counts[22], Exhibitor.objects.get(district=22).achievements.count())
        self.assertEqual(counts[8], 0)
        self.assertContains(response, "0 achievements")

    def test_persian_grid_uses_persian_digits(self):
        response = self.client.get("/fa/districts/")
        self.assertContains(response, '<span class="district-tile__number">۲۲</span>', html=True)

    def test_achievement_years_are_solar_hijri_and_say_so_in_english(self):
        AchievementFactory(exhibitor=Exhibitor.objects.get(district=8), year=1401)
        self.assertContains(self.client.get("/en/districts/8/"), "1401 SH (2022–23)")
        persian_page = self.client.get("/fa/districts/8/")
        self.assertContains(persian_page, "۱۴۰۱")
        self.assertNotContains(persian_page, "SH")

    def test_a_decimal_figure_takes_the_persian_decimal_separator(self):
        AchievementFactory(
            exhibitor=Exhibitor.objects.get(district=8), figure="2.30", unit_fa="هکتار"
        )
        self.assertContains(self.client.get("/fa/districts/8/"), "۲٫۳ هکتار")
        self.assertNotContains(self.client.get("/fa/districts/8/"), "۲.۳")
        self.assertContains(self.client.get("/en/districts/8/"), "2.3")

    def test_district_page_shows_its_landmarks_and_achievements(self):
        response = self.client.get("/en/districts/22/")
        self.assertContains(response, "Chitgar Lake")
        self.assertContains(response, "District 22 of 22")
        self.assertContains(response, 'id="achievement-')

    def test_persian_page_reads_stands_in_persian(self):
        response = self.client.get("/fa/districts/22/")
        self.assertContains(response, "سالن A، ۶۴ متر مربع")
        self.assertContains(response, "دریاچه چیتگر")

    def test_numbers_outside_1_to_22_are_404(self):
        paths = ("/fa/districts/0/", "/fa/districts/23/", "/en/districts/999/", "/en/districts/x/")
        for path in paths:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)


class FloorPlanTests(TestCase):
    fixtures = FIXTURES

    def stand_links(self, html):
        return re.findall(r'<a class="plan__stand[^"]*" href="[^"]+" aria-label="([^"]+)"', html)

    def test_every_stand_is_a_link_with_an_accessible_name(self):
        response = self.client.get("/en/floor-plan/")
        html = response.content.decode()
        names = self.stand_links(html)
        self.assertEqual(len(names), sum(len(p.stands) for p in response.context["plans"]))
        self.assertIn("Stand A-1: Tehran Municipality, 128 m²", names)
        self.assertTrue(any("not yet assigned" in n for n in names))
        # the page's one script is a file (the CSP forbids inline script and style)
        self.assertNotRegex(html, r"<script(?![^>]*\bsrc=)")
        self.assertNotIn("style=", html)

    def test_every_assigned_stand_is_labelled_in_both_languages(self):
        # Delegations' 4 m stands and District 21's showed only a code (fa) or nothing (en).
        labels = {}
        for lang in ("fa", "en"):
            response = self.client.get(f"/{lang}/floor-plan/")
            plans = response.context["plans"]
            labels[lang] = {s.stand.code: s.lines for p in plans for s in p.stands}
            for plan in response.context["plans"]:
                for s in plan.stands:
                    with self.subTest(lang=lang, stand=s.stand.code):
                        if s.stand.exhibitor_id:
                            self.assertTrue(s.label)
                            self.assertGreaterEqual(float(s.font_size), LABEL_MIN_FONT)
                        else:
                            self.assertEqual(s.lines, [])
        self.assertEqual([line.text for line in labels["fa"]["B-7"]], ["هیئت", "سئول"])
        html = self.client.get("/en/floor-plan/").content.decode()
        self.assertIn(">Tehran Municipality</tspan>", html)  # 16 m wide stand: one line
        self.assertIn(">Pretoria</tspan>", html)

    def test_halls_are_drawn_at_one_scale(self):
        plans = self.client.get("/en/floor-plan/").context["plans"]
        scales = {float(p.width_px) / p.hall.width for p in plans}
        self.assertEqual(scales, {PX_PER_METRE})
        self.assertEqual({p.view_box for p in plans}, {"0 0 48 30", "0 0 36 24", "0 0 30 18"})

    def test_stand_query_highlights_it_and_shows_its_mini_map_first(self):
        response = self.client.get("/fa/floor-plan/", {"stand": "A-12"})
        self.assertEqual(response.status_code, 200)
        plan_a = response.context["plans"][0]
        self.assertEqual([s.stand.code for s in plan_a.current_stands], ["A-12"])
        self.assertEqual(plan_a.view_box, "0 0 48 30")  # the full plan stays whole
        [found] = response.context["found"]
        x, y, w, h = map(float, found.view_box.split())
        stand = found.current_stands[0].stand
        self.assertLessEqual(x, stand.x)
        self.assertGreaterEqual(x + w, stand.x + stand.width)
        self.assertLess(w, 48)
        self.assertContains(response, 'aria-current="location"')
        html = response.content.decode()
        # The mini-map comes before the halls, and links down to the stand in its hall.
        self.assertLess(html.index('class="plan-found"'), html.index('id="hall-A"'))
        self.assertIn('href="#stand-A-12"', html)
        self.assertEqual(html.count('id="stand-A-12"'), 1)

    def test_stand_codes_are_found_in_any_form(self):
        for code in ("a-12", "A-۱۲", " A-12 ", "A12", "a12", "الف-۱۲", "الف۱۲", "A-012", "A–12"):
            with self.subTest(code=code):
                response = self.client.get("/fa/floor-plan/", {"stand": code})
                self.assertEqual(response.status_code, 200)
                self.assertEqual(response.context["focus"], "A-12")
                response = self.client.get("/en/floor-plan/", {"q": code})
                self.assertEqual(response.context["focus"], "A-12")

    def test_plan_search_finds_exhibitors_cities_and_countries(self):
        for q in ("Seoul", "سئول", "South Korea", "کره جنوبی", "هیئت سئول"):
            with self.subTest(q=q):
                response = self.client.get("/en/floor-plan/", {"q": q})
                self.assertEqual(response.status_code, 200)
                codes = [s.code for s in response.context["found_stands"]]
                self.assertEqual(codes, ["B-7"])
        response = self.client.get("/fa/floor-plan/", {"q": "نیست‌چنین‌چیزی"})
        self.assertContains(response, "form-error", status_code=404)

    def test_facilities_are_drawn_with_a_legend_and_listed(self):
        response = self.client.get("/en/floor-plan/")
        html = response.content.decode()
        self.assertIn('class="plan-legend"', html)
        for name in ("Entrance", "Prayer room", "Food and drink", "Toilets", "First aid"):
            self.assertIn(f'role="img" aria-label="{name}"', html)
        response = self.client.get("/fa/floor-plan/")
        self.assertContains(response, "نمازخانه")

    def test_a_halls_facilities_read_as_a_list_not_run_together(self):
        # «Entrance Prayer room Food and drink» could be read as two or five facilities.
        en = self.client.get("/en/floor-plan/").content.decode()
        self.assertIn("<li>Entrance, </li><li>Prayer room, </li>", en)
        self.assertIn("<li>First aid</li></ul>", en)
        fa = self.client.get("/fa/floor-plan/").content.decode()
        self.assertIn("<li>ورودی، </li><li>نمازخانه، </li>", fa)

    def test_exhibitor_query_highlights_all_its_stands(self):
        response = self.client.get("/en/floor-plan/", {"exhibitor": "tehran-municipality"})
        current = [s.stand.code for p in response.context["plans"] for s in p.current_stands]
        self.assertEqual(sorted(current), ["A-1", "C-1"])

    def test_unknown_stand_or_exhibitor_is_a_clear_404(self):
        response = self.client.get("/en/floor-plan/", {"stand": "Z-99"})
        self.assertContains(
            response, "There is no stand with the code “<bdi>Z-99</bdi>”.", status_code=404
        )
        response = self.client.get("/en/floor-plan/", {"exhibitor": "nobody"})
        self.assertContains(response, "There is no exhibitor at the address", status_code=404)
        response = self.client.get("/en/floor-plan/", {"stand": "<b>" * 50})
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(response, "<b><b>", status_code=404)

    def test_list_fallback_names_every_stand(self):
        html = self.client.get("/en/floor-plan/").content.decode()
        self.assertIn('<ul class="stand-list">', html)
        self.assertIn("Pouya Smart Roads", html)


class DelegationPageTests(TestCase):
    fixtures = FIXTURES

    def test_city_and_country_are_joined_by_each_languages_comma(self):
        fa = self.client.get("/fa/exhibitors/seoul-delegation/")
        self.assertContains(fa, "سئول، کره جنوبی")
        en = self.client.get("/en/exhibitors/seoul-delegation/")
        self.assertContains(en, "Seoul, South Korea")
        directory = self.client.get("/fa/exhibitors/", {"country": "KR"})
        self.assertContains(directory, "سئول، کره جنوبی")


class SisterCityPageTests(TestCase):
    fixtures = FIXTURES

    def test_cities_years_notes_and_delegations(self):
        response = self.client.get("/en/sister-cities/")
        self.assertContains(response, "Seoul")
        self.assertContains(response, "1963 or 1977")
        self.assertContains(response, "not known")
        self.assertContains(response, 'href="/en/exhibitors/seoul-delegation/"')
        self.assertContains(response, "Memoranda of understanding")
        memoranda = [c.city_en for c in response.context["memoranda"]]
        self.assertEqual(
            sorted(memoranda), ["Baghdad", "Kabul", "Milan", "Paris", "Saint Petersburg"]
        )

    def test_persian_page_uses_persian_digits(self):
        response = self.client.get("/fa/sister-cities/")
        self.assertContains(response, "۱۹۷۲")
        self.assertContains(response, "لس‌آنجلس")


class CsvTests(TestCase):
    fixtures = FIXTURES

    def test_csv_has_a_bom_a_header_and_every_exhibitor(self):
        response = self.client.get("/fa/exhibitors.csv")
        self.assertEqual(response["Content-Type"], "text/csv; charset=utf-8")
        body = response.content.decode("utf-8")
        self.assertTrue(body.startswith("\ufeffslug,kind,name_fa,name_en"))
        lines = body.strip().splitlines()
        self.assertEqual(len(lines) - 1, Exhibitor.objects.count())
        self.assertIn("شهرداری تهران", body)
        tehran = next(line for line in lines if line.startswith("tehran-municipality,"))
        self.assertIn("A-1 C-1", tehran)
        self.assertIn("http://testserver/fa/exhibitors/tehran-municipality/", tehran)

    def test_csv_cells_a_spreadsheet_would_run_as_formulas_start_with_a_quote(self):
        # OWASP's CSV injection payloads, in the text fields an exhibitor fills in.
        exhibitors = [
            ExhibitorFactory(
                slug=f"payload-{n}",
                name_fa=payload,
                name_en=payload,
                short_name_en=payload,
                contact_phone=payload,
            )
            for n, payload in enumerate(CSV_PAYLOADS)
        ]
        body = self.client.get("/en/exhibitors.csv").content.decode("utf-8-sig")
        rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(body, newline=""))}
        for exhibitor in exhibitors:
            for column in ("name_fa", "name_en", "short_name_en", "contact_phone"):
                # As stored: saving normalizes names (a leading tab or CR goes, «=» stays).
                stored = getattr(exhibitor, column)
                with self.subTest(stored=stored, column=column):
                    self.assertTrue(stored.startswith(FORMULA_TRIGGERS))
                    self.assertEqual(rows[exhibitor.slug][column], "'" + stored)
        self.assertIn("'\t=1", {row["contact_phone"] for row in rows.values()})
        for row in rows.values():
            for cell in row.values():
                self.assertFalse(cell.startswith(FORMULA_TRIGGERS), row)

    def test_csv_applies_the_directory_filters(self):
        body = self.client.get("/en/exhibitors.csv", {"district": "22"}).content.decode()
        self.assertEqual(len(body.strip().splitlines()), 2)


class NavigationTests(TestCase):
    def test_nav_links_to_the_guide(self):
        html = self.client.get("/en/").content.decode()
        for name in ("exhibitor_list", "district_list", "floor_plan", "sister_cities"):
            self.assertIn(f'href="{reverse(f"booths:{name}")}"', html)


# The views' own queries: the page cache would answer repeated pages with none (its own
# cost is tested in tests/exhibition/test_pagecache.py).
@override_settings(PAGE_CACHE_TTL=0)
class FixedQueryCountTests(TestCase):
    """Every public page runs the same number of queries however many rows there are."""

    @classmethod
    def setUpTestData(cls):
        cls.hall = HallFactory(code="A", width=40, depth=20)
        cls.city = SisterCityFactory(country_code="KR")
        cls.article = ArticleFactory(body="خبری که هر غرفه‌دار تازه به آن افزوده می‌شود.")
        cls.add_rows(2)
        cls.district = Exhibitor.objects.districts().first()

    @classmethod
    def add_rows(cls, n):
        for _ in range(n):
            district = DistrictFactory()
            StandFactory(hall=cls.hall, exhibitor=district)
            StandFactory(hall=cls.hall, exhibitor=district)
            AchievementFactory(exhibitor=district)
            AchievementFactory(exhibitor=district)
            company = ExhibitorFactory()
            StandFactory(hall=cls.hall, exhibitor=company)
            DelegationFactory(sister_city=cls.city)
            # News that name them (found in the text), in both languages, and one more
            # exhibitor on the same article each time.
            ArticleFactory(body=f"{district.name_fa} و {company.name_fa} در نمایشگاه")
            ArticleFactory(language="en", title="News", body=f"{district.name_en} at the fair")
            Mention.objects.create(article=cls.article, exhibitor=company)

    def urls(self):
        return [
            ("/fa/exhibitors/", 5),
            # one more for a query: the sister cities whose city or country it names
            ("/en/exhibitors/?q=منطقه&sort=stand&hall=A", 6),
            ("/fa/exhibitors.csv?kind=district_municipality", 4),
            # one more query each since the news that mention them are listed, and one
            # more since their sessions in the programme are, and one more for the
            # facilities on their stands' mini-maps
            (f"/fa/exhibitors/{self.company_slug()}/", 7),
            (self.district.get_absolute_url(), 7),
            ("/en" + self.district.get_absolute_url()[3:], 7),
            # the article page lists every exhibitor it mentions in one query, and its
            # gallery in one (and counts no view: the test client names no browser,
            # tests/articles/test_pages.py)
            (self.article.get_absolute_url(), 5),
            ("/en/districts/", 1),
            # one more each for the facilities on the plan
            ("/fa/floor-plan/", 3),
            (f"/en/floor-plan/?stand={Stand.objects.first().code}", 3),
            ("/fa/exhibitors/?country=KR&sort=featured&page=1", 5),
            ("/fa/floor-plan/?exhibitor=" + self.district.slug, 4),
            ("/en/sister-cities/", 2),
        ]

    def company_slug(self):
        return Exhibitor.objects.exclude(kind="district_municipality").first().slug

    def test_query_counts_do_not_grow_with_rows(self):
        expected = {}
        for url, count in self.urls():
            expected[url] = count
            self.assertEqual(self.count_queries(url), count, url)
        self.add_rows(5)
        # the pages really list news (and the article its exhibitors) at both sizes
        self.assertTrue(self.client.get(self.district.get_absolute_url()).context["mentions"])
        article_page = self.client.get(self.article.get_absolute_url())
        self.assertEqual(len(article_page.context["mentioned_exhibitors"]), 7)
        for url, count in expected.items():
            with self.subTest(url=url), self.assertNumQueries(count):
                self.assertIn(self.client.get(url).status_code, (200,))

    def count_queries(self, url):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        return len(ctx.captured_queries)


class NoHazmOnPageViewsTests(TestCase):
    """hazm costs seconds and ~150 MB: showing the guide must never import it."""

    SCRIPT = """
import os, sys
os.environ["DJANGO_SETTINGS_MODULE"] = "exhibition.settings.test"
os.environ["DATABASE_URL"] = "sqlite://:memory:"
import django
django.setup()
from django.core.management import call_command
from django.test import Client
from django.test.utils import setup_test_environment
setup_test_environment()
call_command("migrate", verbosity=0)
call_command("loaddata", *sys.argv[1:], verbosity=0)
client = Client()
for url in ("/fa/exhibitors/?q=منطقه ۲۲", "/en/exhibitors/?sort=stand", "/fa/exhibitors.csv",
            "/fa/exhibitors/pouya-smart-roads/", "/fa/districts/", "/fa/districts/22/",
            "/fa/floor-plan/?stand=A-12", "/en/sister-cities/"):
    assert client.get(url).status_code == 200, url
assert "hazm" not in sys.modules, "a page view imported hazm"
"""

    def test_public_pages_never_import_hazm(self):
        import os
        import subprocess
        import sys

        from django.conf import settings

        result = subprocess.run(
            [sys.executable, "-c", self.SCRIPT, *FIXTURES],
            cwd=settings.BASE_DIR,
            env={**os.environ, "PYTHONPATH": str(settings.BASE_DIR)},
            capture_output=True,
            text=True,
            timeout=120,
        )
        self.assertEqual(result.returncode, 0, result.stderr[-2000:])


@override_settings(PAGE_CACHE_TTL=0)
class DirectorySearchTests(TestCase):
    fixtures = FIXTURES

    def found(self, q, lang="en"):
        response = self.client.get(f"/{lang}/exhibitors/", {"q": q})
        self.assertEqual(response.status_code, 200)
        return {e.slug for e in response.context["object_list"]}

    def test_a_stand_code_in_any_form_finds_its_exhibitor(self):
        for q in ("B-7", "b7", "B 7", "ب-۷", "ب۷"):
            with self.subTest(q=q):
                self.assertEqual(self.found(q), {"seoul-delegation"})
        at_a12 = Stand.objects.get(code="A-12").exhibitor.slug
        self.assertEqual(self.found("الف۱۲", "fa"), {at_a12})

    def test_a_country_or_sister_city_finds_its_delegation(self):
        for q in ("Korea", "South Korea", "کره", "Seoul", "سئول"):
            with self.subTest(q=q):
                self.assertEqual(self.found(q), {"seoul-delegation"})
        self.assertEqual(self.found("Cuba"), {"havana-delegation"})
        # Every word must match somewhere: a city and another country find nothing.
        self.assertEqual(self.found("Seoul Cuba"), set())
        self.assertEqual(self.found("Korea -Seoul"), set())

    def test_names_are_still_found(self):
        self.assertIn("tehran-municipality", self.found("Tehran Municipality"))
