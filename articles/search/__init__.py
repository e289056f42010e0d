"""Article search: one interface, one implementation per database engine, chosen once.

Layout (after Wagtail's search backends):

- ``base.py``: the interface, ``SearchBackend`` (``search`` for the public page,
  ``admin_search`` for the admin's search box, ``match`` for other apps); what the
  engines share: ``SearchResults`` (the paged ranked window), the public filters, the
  rank's definition (its module docstring), ``RESULT_ORDER``, ``NEWEST_FIRST`` and
  ``SEARCH_CANDIDATES``.
- ``postgres.py``: ``PostgresSearchBackend``, the stored tsvector column, its GIN index
  and ``ts_rank``.
- ``sqlite.py``: ``SQLiteSearchBackend``, the FTS5 table and ``bm25``.
- ``snippets.py``: ``highlight`` and ``snippet`` for the results page (no engine), and
  ``shown_query`` (the query as the page quotes it).
- ``suggest.py``: ``did_you_mean``, a near spelling for a search that finds nothing,
  looked up through the backend (``SearchBackend.count``), so the same on every engine.

``get_search_backend()`` is the only place that looks at the database's vendor. The
index itself is kept by the database (a generated column, FTS5 triggers): the
migrations, which are history, create it per engine.

The functions below are the names other code imported from ``articles.search`` before
it became a package; each asks ``get_search_backend`` for the engine. The code reads
``base.SEARCH_CANDIDATES`` at call time: that is the one to change (or patch), not the
copy re-exported here.
"""

from __future__ import annotations

from django.core.exceptions import ImproperlyConfigured
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import QuerySet

from articles.search.base import (
    BY_DATE,
    BY_RELEVANCE,
    NEWEST_FIRST,
    RESULT_ORDER,
    SEARCH_CANDIDATES,
    SearchBackend,
    SearchResults,
    SearchTooSlow,
)
from articles.search.postgres import PostgresSearchBackend
from articles.search.snippets import highlight, shown_query, snippet
from articles.search.sqlite import SQLiteSearchBackend
from exhibition import persian

__all__ = [
    "BY_DATE",
    "BY_RELEVANCE",
    "NEWEST_FIRST",
    "RESULT_ORDER",
    "SEARCH_CANDIDATES",
    "SearchBackend",
    "SearchResults",
    "SearchTooSlow",
    "get_search_backend",
    "highlight",
    "match",
    "search_articles",
    "search_queryset",
    "shown_query",
    "snippet",
]

BACKENDS: dict[str, type[SearchBackend]] = {
    backend.vendor: backend for backend in (PostgresSearchBackend, SQLiteSearchBackend)
}
_backends: dict[str, SearchBackend] = {}


def get_search_backend(alias: str = DEFAULT_DB_ALIAS) -> SearchBackend:
    """The search backend of the database ``alias``, made once per alias."""
    backend = _backends.get(alias)
    if backend is None:
        vendor = connections[alias].vendor
        if vendor not in BACKENDS:
            raise ImproperlyConfigured(f"Article search has no backend for {vendor} ({alias}).")
        backend = _backends[alias] = BACKENDS[vendor](alias)
    return backend


def search_articles(query: persian.Query, **options) -> SearchResults:
    """``SearchBackend.search`` on the default database."""
    return get_search_backend().search(query, **options)


def match(queryset: QuerySet, query: persian.Query) -> QuerySet:
    """``SearchBackend.match`` on ``queryset``'s database."""
    return get_search_backend(queryset.db).match(queryset, query)


def search_queryset(query: persian.Query, *, queryset: QuerySet) -> QuerySet:
    """``SearchBackend.admin_search`` on ``queryset``'s database."""
    return get_search_backend(queryset.db).admin_search(query, queryset=queryset)
