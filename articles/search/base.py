"""The search interface every database engine implements, and what the engines share.

A backend answers three callers: the public search page (``search``), the admin's
search box (``admin_search``) and the exhibitor-mentions matching (``match``). Both
sides of a match are canonical tokens from ``exhibition.persian`` (the stored
``search_document`` and ``parse_query``), so spelling variants meet in the index. No
hazm here: this runs on public page views.

The rank, defined once for every engine and caller:

- ``rank`` is the engine's relevance of the article's whole search document (title,
  kicker, lead, body and tag names as one text) to the query, higher is better. Each
  engine writes its score in one place, used by its public search and its admin search:
  ``postgres.rank_sql`` (``ts_rank``: how often the query's words occur) and
  ``sqlite.RANK_SQL`` (``bm25`` negated: that, and shorter documents first). Where in
  the article a word stands does not weigh: the document has no fields.
- Results come in ``RESULT_ORDER``: rank, then newest first (``NEWEST_FIRST``).
- Only the newest ``SEARCH_CANDIDATES`` matches are ranked.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Mapping, Sequence
from datetime import date, datetime, time
from typing import Any

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import F, FloatField, QuerySet, Value
from django.db.models.expressions import OrderBy
from django.utils import timezone

from articles.models import Article, Desk
from exhibition import persian

# Relevance within a recency window: only the newest matches are ranked, so a word found
# in most of the archive costs as much as one found in SEARCH_CANDIDATES articles. Read
# at call time (``base.SEARCH_CANDIDATES``), so that one setting governs every engine.
SEARCH_CANDIDATES = 1000
# What a result shows (articles/includes/article_item.html and its snippet): fewer
# columns cost less to send, convert and turn into models.
RESULT_FIELDS = (
    "news_code",
    "language",
    "kicker",
    "title",
    "slug",
    "lead",
    "body",
    "published_at",
    "desk",
)
# The recency index's order (article_recency_idx). Drafts without a time come first on
# both engines: PostgreSQL's own order for DESC; NULLS LAST would keep the index from
# serving the walk.
NEWEST_FIRST = (F("published_at").desc(nulls_first=True), F("news_code").desc())
# The order of search results, on the site and in the admin: best first, and at equal
# rank newest first.
RESULT_ORDER = (F("rank").desc(), *NEWEST_FIRST)
# The public search's two orders (the page's ?sort=): RESULT_ORDER, or newest first.
BY_RELEVANCE = "relevance"
BY_DATE = "date"


class SearchTooSlow(Exception):
    """The database stopped a search that took too long (an engine's own limit): a
    phrase made only of words found in almost every article has its order checked in
    each of them. The search page asks for a less common word instead."""


def order_sql(order: Sequence[OrderBy], columns: Mapping[str, str] | None = None) -> str:
    """``order`` (OrderBy of F) as the list after ORDER BY, for a statement the ORM does
    not build; ``columns`` gives the SQL for a field where it is not the field's name."""
    columns = columns or {}
    parts = []
    for item in order:
        part = columns.get(item.expression.name, item.expression.name)
        part += " DESC" if item.descending else " ASC"
        if item.nulls_first:
            part += " NULLS FIRST"
        elif item.nulls_last:
            part += " NULLS LAST"
        parts.append(part)
    return ", ".join(parts)


def best_first(newest_first: list[int], ranks: Mapping[int, float]) -> list[tuple[int, float]]:
    """RESULT_ORDER for ids already in NEWEST_FIRST order: a stable sort by rank keeps
    equal ranks newest first. Ids without a rank (deleted meanwhile) are left out."""
    ranked = sorted((pk for pk in newest_first if pk in ranks), key=ranks.__getitem__, reverse=True)
    return [(pk, ranks[pk]) for pk in ranked]


class SearchResults(Sequence):
    """The ranked window of one search: article ids best first, fetched a page at a time
    (a Paginator slices it). ``total`` counts the matches up to ``window`` + 1 (the
    SEARCH_CANDIDATES of the search), so ``capped`` means "more than ``window``"."""

    model = Article  # what ListView names its template and context after

    def __init__(
        self, ranked: list[tuple[int, float]], total: int, *, using: str = DEFAULT_DB_ALIAS
    ):
        self.ranked = ranked
        self.total = total
        self.window = SEARCH_CANDIDATES
        self.using = using

    @property
    def capped(self) -> bool:
        return self.total > self.window

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._fetch(self.ranked[index])
        return self._fetch([self.ranked[index]])[0]

    def _fetch(self, window: list[tuple[int, float]]) -> list[Article]:
        articles = (
            Article.objects.using(self.using)
            .select_related("desk")
            .only(*RESULT_FIELDS)
            .order_by()
            .in_bulk([pk for pk, _ in window])
        )
        page = []
        for pk, rank in window:
            if pk in articles:  # deleted since the ranking query: skip it
                articles[pk].rank = rank
                page.append(articles[pk])
        return page

    def __iter__(self):
        return iter(self[:])


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


class SearchBackend(ABC):
    """Article search on one database (``alias``). ``get_search_backend`` makes one per
    alias, from the connection's vendor; it holds no connection (connections are per
    thread), only the alias."""

    vendor: str  # the Django connection vendor this backend serves
    explain_prefix: str  # how this engine shows a statement's plan (benchmarks)

    def __init__(self, alias: str = DEFAULT_DB_ALIAS):
        self.alias = alias

    @property
    def connection(self):
        return connections[self.alias]

    # What each engine implements.

    @abstractmethod
    def filter(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        """``queryset`` narrowed to the articles matching ``query`` (not empty), unranked,
        usable inside a subquery (no join, no table name)."""

    @abstractmethod
    def rank(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        """``queryset``, whose rows match ``query``, annotated with ``rank`` (the module
        docstring's score; higher is better)."""

    @abstractmethod
    def candidates_query(self, query: persian.Query, **filters) -> Any:
        """The newest SEARCH_CANDIDATES + 1 published matches (``filters``: ``search``'s
        own), newest first, in the shape ``rank_candidates`` reads (the engine's own: a
        QuerySet, or SQL and its parameters)."""

    @abstractmethod
    def rank_candidates(self, query: persian.Query, candidates: Any) -> SearchResults:
        """The newest SEARCH_CANDIDATES of ``candidates`` in RESULT_ORDER, and how many
        candidates there were."""

    @abstractmethod
    def statements(self, query: persian.Query, **filters) -> list[tuple[str, tuple[str, list]]]:
        """(label, (SQL, parameters)) of each statement ``search`` runs, for plans."""

    def forget_statistics(self) -> None:  # noqa: B027 - an engine may remember nothing
        """Drop what the backend remembers about the table's contents (if anything), so
        that the next search reads it again."""

    # What every engine shares.

    def match(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        """Filter ``queryset`` to articles matching ``query`` and annotate ``rank``. An
        empty query matches nothing."""
        if query.is_empty:
            return queryset.annotate(rank=Value(0.0, output_field=FloatField())).none()
        return self._match(queryset, query)

    def _match(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        return self.rank(self.filter(queryset, query), query)

    def newest_matches(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        """The matches, newest first, as the recency index holds them."""
        return self.filter(queryset, query).order_by(*NEWEST_FIRST)

    def published(
        self,
        *,
        language: str | None,
        desk: Desk | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
    ) -> QuerySet:
        """The articles the public search looks in."""
        queryset = Article.objects.db_manager(self.alias).published()
        if language:
            queryset = queryset.in_language(language)
        if desk is not None:
            queryset = queryset.filter(desk=desk)
        if date_from is not None:
            queryset = queryset.filter(published_at__gte=_day_start(date_from))
        if date_to is not None:
            queryset = queryset.filter(published_at__lt=_day_start(date_to) + timezone.timedelta(1))
        return queryset

    def search(
        self,
        query: persian.Query,
        *,
        language: str | None,
        desk: Desk | None = None,
        date_from: date | None = None,
        date_to: date | None = None,
        order: str = BY_RELEVANCE,
    ) -> SearchResults:
        """The public search: published articles matching ``query``, in RESULT_ORDER
        (``order`` BY_RELEVANCE) or newest first (BY_DATE).

        The newest SEARCH_CANDIDATES + 1 matches (a walk down the recency index for a
        common word, the text index for a rare one) give the count; the newest
        SEARCH_CANDIDATES of them are ranked. A page then fetches only its own rows.
        By date, the walk itself is the order: nothing is ranked.
        """
        if query.is_empty:
            return SearchResults([], 0, using=self.alias)
        filters = {
            "language": language,
            "desk": desk,
            "date_from": date_from,
            "date_to": date_to,
        }
        if order == BY_DATE:
            newest = self.newest_ids(query, **filters)
            ranked = [(pk, 0.0) for pk in newest[:SEARCH_CANDIDATES]]
            return SearchResults(ranked, total=len(newest), using=self.alias)
        return self.rank_candidates(query, self.candidates_query(query, **filters))

    def newest_ids(self, query: persian.Query, **filters) -> list[int]:
        """The ids of the newest SEARCH_CANDIDATES + 1 published matches, newest first."""
        return list(self._newest_ids(query, **filters))

    def _newest_ids(self, query: persian.Query, **filters) -> QuerySet:
        """The ids of the newest SEARCH_CANDIDATES + 1 published matches, newest first."""
        candidates = self.newest_matches(self.published(**filters), query)
        return candidates.values_list("pk", flat=True)[: SEARCH_CANDIDATES + 1]

    def count(self, query: persian.Query, **filters) -> int:
        """How many published articles ``search`` (same ``filters``) would find, counted
        up to SEARCH_CANDIDATES + 1 like ``SearchResults.total``: one cheap statement,
        for a count shown beside other results (the other edition, a spelling)."""
        if query.is_empty:
            return 0
        return self._newest_ids(query, **filters).count()

    def admin_search(self, query: persian.Query, *, queryset: QuerySet) -> QuerySet:
        """The admin's search: ``queryset`` (drafts too) narrowed to the newest
        SEARCH_CANDIDATES matches, annotated with ``rank``, in RESULT_ORDER."""
        if query.is_empty:
            return self.match(queryset, query)
        newest = self.newest_matches(queryset, query).values("pk")[:SEARCH_CANDIDATES]
        return self.rank(queryset.filter(pk__in=newest), query).order_by(*RESULT_ORDER)
