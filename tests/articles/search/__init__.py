from articles.search import get_search_backend
from exhibition import persian


def ids(queryset):
    return {article.pk for article in queryset}


def find(q, **filters):
    """The public search, as the search page runs it (Persian unless told)."""
    filters.setdefault("language", "fa")
    return get_search_backend().search(persian.parse_query(q), **filters)
