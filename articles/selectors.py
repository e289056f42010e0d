"""Reads that take more than one QuerySet call, for views of any app (the rules
themselves, such as what is public, are ArticleQuerySet's)."""

from articles.models import Article


def untranslated_news(*, language: str, count: int) -> list[Article]:
    """The newest public articles of the other edition that a reader of ``language``
    cannot read in it (no version in ``language``, or one that is not public yet): a
    visitor reading English still learns what happened."""
    if count <= 0:
        return []
    return list(
        Article.objects.published()
        .without_public_translation(language)
        .select_related("desk")[:count]
    )


def article_counterpart(article: Article, *, public: bool = False) -> Article | None:
    """The same story in the other language, whichever side recorded the pairing;
    with ``public``, only when that version is public (draft or scheduled: None).

    Select ``paired`` and ``paired_from`` with the article to ask without a query."""
    if article.paired_id:
        counterpart = article.paired
    else:
        try:
            counterpart = article.paired_from
        except Article.DoesNotExist:
            return None
    if public and not counterpart.is_public:
        return None
    return counterpart
