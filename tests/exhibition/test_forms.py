"""One label style on every public form (exhibition/forms.py): sentence case, no colon,
the same words for the same thing."""

import re
from html import unescape

from django import forms
from django.test import SimpleTestCase, TestCase
from django.utils import translation

from exhibition.forms import PublicForm
from tests.articles.factories import DeskFactory

FIXTURES = ["fixtures/20_booths_facts.json", "fixtures/30_booths_demo.json"]
PUBLIC_FORM_PAGES = (
    "/{lang}/search/",
    "/{lang}/exhibitors/",
    "/{lang}/floor-plan/",
    "/{lang}/my-plan/?session=1",
)


def texts(pattern: str, html: str) -> list[str]:
    """The visible text of each match of ``pattern``'s first group, tags removed."""
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", "", found)).split())
        for found in re.findall(pattern, html, re.S)
    ]


class PublicFormTests(SimpleTestCase):
    def test_a_label_has_no_colon_in_either_language(self):
        class Form(PublicForm):
            sort = forms.CharField(label="Sort by")

        for lang in ("fa", "en"):
            with self.subTest(lang=lang), translation.override(lang):
                self.assertEqual(Form()["sort"].label_tag(), '<label for="id_sort">Sort by</label>')


class PublicFormPageTests(TestCase):
    fixtures = FIXTURES

    @classmethod
    def setUpTestData(cls):
        DeskFactory()

    def pages(self):
        for lang in ("fa", "en"):
            for path in PUBLIC_FORM_PAGES:
                url = path.format(lang=lang)
                with self.subTest(url=url):
                    response = self.client.get(url)
                    self.assertEqual(response.status_code, 200)
                    yield lang, response.content.decode()

    def test_labels_are_names_without_a_colon(self):
        for _lang, html in self.pages():
            labels = texts(r"<label\b[^>]*>(.*?)</label>", html)
            self.assertTrue(labels)
            self.assertEqual([t for t in labels if ":" in t or t != t.strip()], [])
            self.assertEqual([t for t in labels if t[:1].islower()], [])  # sentence case

    def test_an_empty_choice_says_all(self):
        for lang, html in self.pages():
            empty = texts(r'<option value=""[^>]*>(.*?)</option>', html)
            word = "همهٔ " if lang == "fa" else "All "
            self.assertEqual([t for t in empty if not t.startswith(word)], [])

    def test_the_same_field_has_the_same_label_on_every_form(self):
        with translation.override("en"):
            news = self.client.get("/en/search/").content.decode()
            directory = self.client.get("/en/exhibitors/").content.decode()
        for label in ("Sort by",):
            self.assertIn(f">{label}</label>", news)
            self.assertIn(f">{label}</label>", directory)
        # A search box says what it searches.
        self.assertIn(">Search the news</label>", news)
        self.assertIn(">Search the exhibitors</label>", directory)

    def test_the_directory_says_what_to_type_beside_the_box_not_inside_it(self):
        html = self.client.get("/en/exhibitors/").content.decode()
        box = re.search(r'<input[^>]*id="id_q"[^>]*>', html).group()
        self.assertNotIn("placeholder", box)
        self.assertIn('aria-describedby="id_q_help"', box)
        self.assertIn('id="id_q_help">A name, a stand (A-12), a city or a country.</p>', html)
