"""RSS and Atom per language (the URL's prefix) and per service.

Titles, leads and summaries are plain text on the site (shown escaped), so the feeds
carry them as text too: a lead reading «<img src=x onerror=…>» must reach a feed reader
as those characters, not as markup it would run.
"""

import html

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.text import Truncator
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import text
from articles.models import Article, Desk

FEED_ITEMS = 30
DESCRIPTION_WORDS = 60


class TextRssFeed(Rss201rev2Feed):
    """RSS readers read <description> as HTML: the text is escaped as HTML once more."""

    def add_item_elements(self, handler, item):
        if item["description"] is not None:
            item = {**item, "description": html.escape(item["description"], quote=False)}
        super().add_item_elements(handler, item)


class TextAtom1Feed(Atom1Feed):
    """Atom says what a summary is: ``type="text"`` (Django writes ``type="html"``)."""

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, {**item, "description": None})
        if item["description"] is not None:
            handler.addQuickElement("summary", item["description"], {"type": "text"})


class LatestRssFeed(Feed):
    feed_type = TextRssFeed

    def get_object(self, request, *args, **kwargs):
        return None

    def title(self, obj):
        name = _("Sister Cities Exhibition news")
        return f"{name}: {obj.name}" if obj else name

    def link(self, obj):
        return obj.get_absolute_url() if obj else reverse("articles:list")

    def description(self, obj):
        return _("The latest news of the Sister Cities and Urban Governance Exhibition.")

    @property
    def language(self):
        return get_language()  # the URL's language prefix

    def items(self, obj):
        articles = Article.objects.public(get_language())
        if obj is not None:
            articles = articles.filter(desk=obj)
        return articles.for_listing()[:FEED_ITEMS]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.lead or Truncator(text.body_text(item.body)).words(DESCRIPTION_WORDS)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.desk.name] if item.desk else []


class LatestAtomFeed(LatestRssFeed):
    feed_type = TextAtom1Feed

    def subtitle(self, obj):
        return self.description(obj)


class DeskRssFeed(LatestRssFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Desk, slug=slug)


class DeskAtomFeed(DeskRssFeed):
    feed_type = TextAtom1Feed

    def subtitle(self, obj):
        return self.description(obj)
