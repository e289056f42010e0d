from django.contrib.auth.models import User
from django.test import TestCase
from django.utils import translation

from booths.models import Exhibitor
from tests.admin_forms import posted_form
from tests.booths.factories import ExhibitorFactory


class ExhibitorRevisionTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.admin = User.objects.create_superuser("root", password="pw-123456789")

    def setUp(self):
        self.exhibitor = ExhibitorFactory(
            name_fa="شرکت دانش‌بنیان شهر هوشمند",
            name_en="Smart City Company",
            short_name_fa="شهر هوشمند",
            short_name_en="Smart City",
        )
        self.client.force_login(self.admin)

    def test_a_revision_holds_both_languages(self):
        revision = self.exhibitor.history.get()
        self.assertEqual(revision.name_fa, "شرکت دانش‌بنیان شهر هوشمند")
        self.assertEqual(revision.name_en, "Smart City Company")
        # the untranslated column, which reads the active language, is not kept
        self.assertFalse(hasattr(revision, "name_sort_fa"))
        self.assertNotIn("name", [field.name for field in type(revision)._meta.fields])

    def test_edits_from_the_admin_name_the_staff_member_and_show_the_words_changed(self):
        change_url = f"/admin/booths/exhibitor/{self.exhibitor.pk}/change/"
        context = self.client.get(change_url).context
        data = posted_form(context["adminform"].form)
        for inline in context["inline_admin_formsets"]:  # stands, achievements, mentions
            prefix = inline.formset.prefix
            data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
        data["name_fa"] = "شرکت دانش‌بنیان شهر پایدار"
        response = self.client.post(change_url, data)
        self.assertEqual(response.status_code, 302, response.content[:2000])
        latest = self.exhibitor.history.first()
        self.assertEqual(latest.history_user, self.admin)
        page = self.client.get(f"/admin/booths/exhibitor/{self.exhibitor.pk}/history/")
        self.assertContains(page, "شرکت دانش‌بنیان شهر <del>هوشمند</del> <ins>پایدار</ins>")

    def test_restoring_in_the_english_admin_brings_back_each_language_as_it_was(self):
        first = self.exhibitor.history.get()
        self.exhibitor.name_fa = "نام تازه"
        self.exhibitor.name_en = "New Name"
        self.exhibitor.save()
        url = f"/admin/booths/exhibitor/{self.exhibitor.pk}/history/{first.history_id}/"
        with translation.override("en"):
            page = self.client.get(url, HTTP_ACCEPT_LANGUAGE="en")
            response = self.client.post(url, posted_form(page.context["adminform"].form))
        self.assertEqual(response.status_code, 302)
        exhibitor = Exhibitor.objects.get(pk=self.exhibitor.pk)
        self.assertEqual(exhibitor.name_fa, "شرکت دانش‌بنیان شهر هوشمند")
        self.assertEqual(exhibitor.name_en, "Smart City Company")
        self.assertEqual(exhibitor.history.count(), 3)
        self.assertEqual(exhibitor.history.first().history_user, self.admin)
