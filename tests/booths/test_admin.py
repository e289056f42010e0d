from django.contrib.auth.models import User
from django.test import TestCase

from booths.models import Exhibitor, Stand

FIXTURES = ["fixtures/20_booths_facts.json", "fixtures/30_booths_demo.json"]


class ExhibitorAdminTests(TestCase):
    fixtures = FIXTURES

    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("admin", "admin@example.com", "pw")

    def setUp(self):
        self.client.force_login(self.admin)

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
