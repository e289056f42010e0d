import datetime

from django.contrib.admin import AdminSite, ModelAdmin, site
from django.contrib.auth.models import User
from django.test import RequestFactory, TestCase
from django.utils import translation

from booths.admin import StandInline
from booths.models import Achievement, Exhibitor, Mention, Stand
from exhibition.admin_mixins import PersianAdminMixin
from tests.articles.factories import ArticleFactory
from tests.booths.factories import ExhibitorFactory, HallFactory

FIXTURES = ["fixtures/20_booths_facts.json", "fixtures/30_booths_demo.json"]


class SuperuserTestCase(TestCase):
    """The booths fixtures and a superuser logged in."""

    fixtures = FIXTURES

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.admin)


class ExhibitorAdminTests(SuperuserTestCase):
    def listed(self, **params):
        response = self.client.get("/admin/booths/exhibitor/", params)
        self.assertEqual(response.status_code, 200)
        return {e.slug for e in response.context["cl"].result_list}

    def test_search_uses_the_canonical_keys(self):
        for q in ("منطقه 22", "منطقه ۲۲", "شهرداري منطقه ۲۲"):
            with self.subTest(q=q):
                self.assertEqual(self.listed(q=q), {"district-22"})

    def test_filters_by_kind_district_and_demo(self):
        self.assertEqual(len(self.listed(kind__exact="district_municipality")), 22)
        self.assertEqual(self.listed(district=7), {"district-7"})
        demo = self.listed(is_demo__exact="1")
        self.assertEqual(
            demo, set(Exhibitor.objects.filter(is_demo=True).values_list("slug", flat=True))
        )

    def test_changelist_marks_demo_content(self):
        response = self.client.get(
            "/admin/booths/exhibitor/", {"kind__exact": "knowledge_based_company"}
        )
        self.assertContains(response, "column-demo_content")
        self.assertContains(response, 'alt="True"')

    def test_change_page_has_stand_and_achievement_inlines(self):
        district = Exhibitor.objects.get(district=22)
        response = self.client.get(f"/admin/booths/exhibitor/{district.pk}/change/")
        self.assertContains(response, 'name="stands-0-code"')
        self.assertContains(response, 'name="achievements-0-title_fa"')
        self.assertContains(response, 'name="name_en"')
        self.assertContains(response, 'width="240"')  # each inline stand's place on the plan

    def test_stand_page_previews_its_place_on_the_plan(self):
        stand = Stand.objects.get(code="A-12")
        response = self.client.get(f"/admin/booths/stand/{stand.pk}/change/")
        html = response.content.decode()
        self.assertIn("<svg", html)
        self.assertIn('aria-current="location"', html)
        self.assertIn("<title>Stand A-12", html.replace("غرفهٔ", "Stand"))
        self.assertNotIn("<br>", html[html.index("<svg") : html.index("</svg>")])


class StandInlineTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.com", "pw")
        cls.hall = HallFactory(code="C", width=60, depth=30)
        cls.exhibitor = ExhibitorFactory()

    def formset(self, *stands):
        request = RequestFactory().post("/")
        request.user = self.admin
        inline = StandInline(Exhibitor, site)
        data = {"stands-TOTAL_FORMS": str(len(stands)), "stands-INITIAL_FORMS": "0"}
        for i, (code, x, y) in enumerate(stands):
            data.update(
                {
                    f"stands-{i}-hall": self.hall.pk,
                    f"stands-{i}-code": code,
                    f"stands-{i}-x": x,
                    f"stands-{i}-y": y,
                    f"stands-{i}-width": 2,
                    f"stands-{i}-depth": 2,
                }
            )
        formset_class = inline.get_formset(request, self.exhibitor)
        return formset_class(data, instance=self.exhibitor, prefix="stands")

    def test_two_new_stands_on_the_same_spot_are_refused(self):
        formset = self.formset(("C-50", 28, 13), ("C-51", 28, 13))
        self.assertFalse(formset.is_valid())
        self.assertIn("C-50", str(formset.forms[1].errors["x"]))

    def test_new_stands_side_by_side_are_saved(self):
        formset = self.formset(("C-50", 28, 13), ("C-51", 30, 13))
        self.assertTrue(formset.is_valid(), formset.errors)
        formset.save()
        self.assertEqual(self.exhibitor.stands.count(), 2)


class ExhibitorMentionDatesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.com", "pw")
        cls.exhibitor = ExhibitorFactory()
        mention = Mention.objects.create(article=ArticleFactory(), exhibitor=cls.exhibitor)
        Mention.objects.filter(pk=mention.pk).update(
            created=datetime.datetime(2026, 11, 22, 11, 0, tzinfo=datetime.UTC)
        )

    def setUp(self):
        self.client.force_login(self.admin)

    def test_the_news_inline_dates_its_mentions_in_the_admins_calendar(self):
        url = f"/admin/booths/exhibitor/{self.exhibitor.pk}/change/"
        response = self.client.get(url)
        self.assertContains(response, "۱۴۰۵/۰۹/۰۱ ۱۴:۳۰")
        english = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
        self.assertEqual(english.status_code, 200)
        self.assertNotContains(english, "۱۴۰۵/۰۹/۰۱")


class PersianListDigitsTests(SuperuserTestCase):
    """The Persian change list writes its numbers as the Persian pages do: the values of
    a filter (a year, a district) and a decimal column («۴٫۵۰», not «4.50»)."""

    def test_numeric_filters_list_their_values_in_persian_digits(self):
        achievements = self.client.get("/admin/booths/achievement/")
        self.assertContains(achievements, 'href="?year=1403">۱۴۰۳</a>', html=False)
        self.assertNotContains(achievements, ">1403</a>")
        exhibitors = self.client.get("/admin/booths/exhibitor/")
        self.assertContains(exhibitors, 'href="?district=7">۷</a>', html=False)
        english = self.client.get("/admin/booths/achievement/", HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, 'href="?year=1403">1403</a>', html=False)

    def test_a_decimal_column_takes_the_persian_decimal_separator(self):
        class FigureAdmin(PersianAdminMixin, ModelAdmin):
            list_display = ("title", "figure")

        request = RequestFactory().get("/admin/booths/achievement/")
        request.user = self.admin
        figure_admin = FigureAdmin(Achievement, AdminSite())
        with translation.override("fa"):
            persian = figure_admin.changelist_view(request).render().content.decode()
        with translation.override("en"):
            english = figure_admin.changelist_view(request).render().content.decode()
        self.assertIn("۴٫۵۰", persian)
        self.assertNotIn("4.50", persian)
        self.assertIn("4.50", english)
