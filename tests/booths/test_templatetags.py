"""booths' template tags: the exhibitors an article names, as the article page shows them."""

import re

from django.template import Context, Template
from django.test import TestCase
from django.utils import translation

from booths.models import Mention
from tests.articles.factories import ArticleFactory
from tests.booths.factories import ExhibitorFactory


def render(article) -> str:
    return Template("{% load booths %}{% exhibitors_named_in article %}").render(
        Context({"article": article})
    )


def linked_names(html: str) -> list[str]:
    return re.findall(r'<a href="[^"]+">([^<]+)</a>', html)


class ExhibitorsNamedInTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Alphabetical order differs between the languages: آ before ی, A before Z.
        cls.water = ExhibitorFactory(name_fa="آب و فاضلاب", name_en="Zayandeh Water")
        cls.jasmine = ExhibitorFactory(name_fa="یاس", name_en="Amin Jasmine")
        cls.hidden = ExhibitorFactory(name_fa="باغ", name_en="Garden")
        cls.persian = ArticleFactory(title="خبر", body="متن کوتاه.")
        cls.english = ArticleFactory(title="News", body="Short text.", language="en")
        for article in (cls.persian, cls.english):
            for exhibitor in (cls.water, cls.jasmine, cls.hidden):
                Mention.objects.create(
                    article=article, exhibitor=exhibitor, is_hidden=exhibitor == cls.hidden
                )

    def test_linked_in_the_alphabet_of_the_article_without_hidden_mentions(self):
        with translation.override("fa"):
            html = render(self.persian)
        self.assertEqual(linked_names(html), ["آب و فاضلاب", "یاس"])
        self.assertIn(f'href="{self.water.get_absolute_url()}"', html)
        self.assertIn('id="mentioned-exhibitors-heading"', html)
        with translation.override("en"):
            self.assertEqual(linked_names(render(self.english)), ["Amin Jasmine", "Zayandeh Water"])

    def test_one_query(self):
        with self.assertNumQueries(1):
            render(self.persian)

    def test_nothing_for_an_article_that_names_no_exhibitor(self):
        self.assertEqual(render(ArticleFactory(title="خبر دیگر", body="متن.")).strip(), "")

    def test_the_article_page_shows_them_through_the_news_apps_sections(self):
        response = self.client.get(self.persian.get_absolute_url())
        html = response.content.decode()
        aside = html[html.index("<aside") : html.index("</aside>")]
        self.assertEqual(linked_names(aside)[:2], ["آب و فاضلاب", "یاس"])
