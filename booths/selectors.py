"""Reads that span booths and the news (``ExhibitorQuerySet`` holds booths' own): the
exhibitor page and a delegation's briefing pack (programme) share them."""

from articles.models import Article
from articles.selectors import article_counterpart

MENTIONS_SHOWN = 20


def news_mentioning(exhibitor, language):
    """Published news that mention ``exhibitor``, newest first, in one query.

    An article in the other language is replaced by its public pair in this one
    (once, even when both mention the exhibitor); without such a pair it is kept,
    and the page marks its language.
    """
    articles = (
        Article.objects.published()
        .filter(exhibitor_mentions__exhibitor=exhibitor, exhibitor_mentions__is_hidden=False)
        .select_related("paired", "paired_from")
        .order_by("-published_at", "-news_code")[: MENTIONS_SHOWN * 2]
    )
    shown, seen = [], set()
    for article in articles:
        if article.language != language:
            counterpart = article_counterpart(article, public=True)
            if counterpart is not None and counterpart.language == language:
                article = counterpart
        if article.pk not in seen:
            seen.add(article.pk)
            shown.append(article)
    return shown[:MENTIONS_SHOWN]
