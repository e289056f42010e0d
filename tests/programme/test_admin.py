import re

from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import TestCase

from programme.models import Session
from tests.booths.factories import HallFactory
from tests.programme.factories import SessionFactory, SessionSpeakerFactory, tehran


class SessionAdminTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("staff", "s@example.com", "pw")
        hall = HallFactory(code="A")
        cls.first = SessionFactory(
            title_en="First day", title_fa="روز نخست", start=tehran(2027, 1, 16, 10), hall=hall
        )
        cls.second = SessionFactory(
            title_en="Second day", title_fa="روز دوم", start=tehran(2027, 1, 17, 0, 30), hall=hall
        )
        SessionSpeakerFactory(session=cls.second, speaker__name_fa="سخنران ویژه")

    def setUp(self):
        self.client.force_login(self.user)

    def test_list_filters_by_tehran_day(self):
        url = f"/{settings.ADMIN_PATH}programme/session/"
        response = self.client.get(url, {"day": "2027-01-17"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["cl"].result_list), [self.second])
        self.assertContains(response, "2027-01-16")  # the filter offers both days
        response = self.client.get(url, {"day": "not-a-day"})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(list(response.context["cl"].result_list), [])

    def test_search_by_speaker_and_add_page(self):
        base = f"/{settings.ADMIN_PATH}programme/session/"
        response = self.client.get(base, {"q": "سخنران ویژه"})
        self.assertEqual(list(response.context["cl"].result_list), [self.second])
        self.assertEqual(self.client.get(f"{base}add/").status_code, 200)
        self.assertEqual(self.client.get(f"{base}{self.first.pk}/change/").status_code, 200)


class SessionAdminInlineNameTests(TestCase):
    """A tabular inline's row has no <label>: each field carries its column's name, so a
    screen reader says what it is (axe: "Form elements must have labels")."""

    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("staff", "s@example.com", "pw")
        cls.session = SessionFactory()
        SessionSpeakerFactory(session=cls.session)
        cls.base = f"/{settings.ADMIN_PATH}programme/session/"

    def setUp(self):
        self.client.force_login(self.user)

    def names(self, url, language):
        """The aria-label of each inline row's named fields, by the field's name."""
        html = self.client.get(url, headers={"accept-language": language}).content.decode()
        tags = re.findall(r"<(?:select|input)\b[^>]*>", html)
        names = {}
        for tag in tags:
            name = re.search(r'name="((?:session_speakers|themes)-\w+-\w+)"', tag)
            label = re.search(r'aria-label="([^"]*)"', tag)
            if name and 'type="hidden"' not in tag:
                names[name.group(1)] = label and label.group(1)
        return names

    def test_the_add_page_s_rows_name_their_fields_in_the_admin_s_language(self):
        english = self.names(f"{self.base}add/", "en")
        self.assertEqual(english["session_speakers-0-speaker"], "Speaker")
        self.assertEqual(english["session_speakers-0-order"], "Order")
        self.assertEqual(english["themes-0-theme"], "Theme")
        # The row "Add another" copies is named too.
        self.assertEqual(english["themes-__prefix__-theme"], "Theme")
        persian = self.names(f"{self.base}add/", "fa")
        self.assertEqual(persian["themes-0-theme"], "موضوع")

    def test_an_autocomplete_field_s_select_carries_its_name_for_select2(self):
        html = self.client.get(f"{self.base}add/", headers={"accept-language": "en"})
        tag = re.search(r'<select name="sister_cities"[^>]*>', html.content.decode()).group()
        self.assertIn('aria-label="Sister cities"', tag)

    def test_a_saved_row_s_delete_box_is_named(self):
        names = self.names(f"{self.base}{self.session.pk}/change/", "en")
        self.assertEqual(names["session_speakers-0-DELETE"], "Delete")
        self.assertEqual(names["session_speakers-0-speaker"], "Speaker")


class SessionAdminCalendarTests(TestCase):
    """A session's start and end typed in Jalali in the Persian admin, in Gregorian in
    the English one; the list and its day filter read the admin's calendar."""

    @classmethod
    def setUpTestData(cls):
        cls.user = get_user_model().objects.create_superuser("staff", "s@example.com", "pw")
        cls.session = SessionFactory(title_fa="روز نخست", start=tehran(2027, 1, 16, 10))
        cls.base = f"/{settings.ADMIN_PATH}programme/session/"

    def setUp(self):
        self.client.force_login(self.user)

    def post(self, headers=None, **times):
        data = {
            "title_fa": "نشست شهرهای هوشمند",
            "title_en": "Smart cities",
            "kind": Session.Kind.PANEL,
            "languages": Session.Languages.BOTH,
            "session_speakers-TOTAL_FORMS": "0",
            "session_speakers-INITIAL_FORMS": "0",
            "themes-TOTAL_FORMS": "0",
            "themes-INITIAL_FORMS": "0",
            **times,
        }
        return self.client.post(f"{self.base}add/", data, **(headers or {}))

    def test_persian_staff_type_the_start_and_end_in_jalali(self):
        form = self.client.get(f"{self.base}add/")
        self.assertContains(form, 'name="start"')
        self.assertContains(form, "data-jalali-picker")
        response = self.post(start="۱۴۰۵/۱۰/۲۶ ۱۰:۰۰", end="1405/10/26 11:30")
        self.assertEqual(response.status_code, 302)
        session = Session.objects.get(title_en="Smart cities")
        self.assertEqual(session.start, tehran(2027, 1, 16, 10))
        self.assertEqual(session.end, tehran(2027, 1, 16, 11, 30))

    def test_a_start_that_is_no_time_is_a_form_error(self):
        response = self.post(start="۱۴۰۵/۱۰/۳۲ ۱۰:۰۰", end="1405/10/26 11:30")
        self.assertEqual(response.status_code, 200)
        self.assertIn("start", response.context["adminform"].form.errors)
        self.assertFalse(Session.objects.filter(title_en="Smart cities").exists())

    def test_english_staff_keep_gregorian_widgets(self):
        english = {"HTTP_ACCEPT_LANGUAGE": "en"}
        self.assertContains(self.client.get(f"{self.base}add/", **english), 'name="start_0"')
        response = self.post(
            english,
            start_0="2027-01-16",
            start_1="10:00",
            end_0="2027-01-16",
            end_1="11:30",
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            Session.objects.get(title_en="Smart cities").end, tehran(2027, 1, 16, 11, 30)
        )

    def test_the_list_and_its_day_filter_read_jalali_in_persian(self):
        response = self.client.get(self.base)
        self.assertContains(response, "۱۴۰۵/۱۰/۲۶")  # the day column and the filter
        self.assertContains(response, '<td class="field-start_time">۱۰:۰۰</td>')
        self.assertContains(response, "?day=2027-01-16")  # the address stays ISO
        english = self.client.get(self.base, HTTP_ACCEPT_LANGUAGE="en")
        self.assertContains(english, '<td class="field-start_time">10:00</td>')
        self.assertNotContains(english, "۱۴۰۵")

    def test_titles_read_in_their_own_direction_in_the_english_admin(self):
        form = self.client.get(f"{self.base}add/", HTTP_ACCEPT_LANGUAGE="en")
        fields = form.context["adminform"].form
        self.assertEqual(fields["title_fa"].field.widget.attrs["dir"], "rtl")
        self.assertEqual(fields["title_en"].field.widget.attrs["dir"], "ltr")
