"""Article search: the one function the public search page and the admin call.

Both sides of the match are canonical tokens from ``exhibition.persian`` (the stored
``search_document`` and ``parse_query``), so spelling variants meet in the index. No
hazm here: this runs on public page views.
"""

from __future__ import annotations

import html
from datetime import date, datetime, time

from django.db import connection
from django.db.models import BooleanField, F, FloatField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles import text
from articles.models import Article, Service
from exhibition import persian

SNIPPET_WORDS = 40
# Relevance within a recency window: only the newest matches are ranked, so a word found
# in most of the archive costs as much as one found in SEARCH_CANDIDATES articles.
SEARCH_CANDIDATES = 1000


def _tsquery(query: persian.Query) -> str:
    """to_tsquery syntax; tokens are alphanumeric only (persian.search_tokens' invariant)."""
    parts = [_any_of([_ts_phrase(o) for o in options], " | ") for options in query.term_options()]
    parts += [_ts_phrase(phrase) for phrase in query.phrases]
    parts += [f"!'{t}'" for t in query.excluded]
    return " & ".join(parts)


def _ts_phrase(tokens: tuple[str, ...]) -> str:
    quoted = [f"'{t}'" for t in tokens]
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def _any_of(alternatives: list[str], operator: str) -> str:
    """A term and its compound alternatives (persian.Query.term_options)."""
    return alternatives[0] if len(alternatives) == 1 else f"({operator.join(alternatives)})"


def _fts5_match(query: persian.Query) -> str:
    """FTS5 MATCH syntax: quoted tokens, "a b" is a phrase, NOT excludes."""
    parts = [
        _any_of(['"' + " ".join(o) + '"' for o in options], " OR ")
        for options in query.term_options()
    ]
    parts += ['"' + " ".join(phrase) + '"' for phrase in query.phrases]
    expression = " AND ".join(parts)
    for token in query.excluded:
        expression = f'({expression}) NOT "{token}"'
    return expression


def _matching(queryset: QuerySet, query: persian.Query) -> QuerySet:
    """``queryset`` filtered to the articles matching ``query`` (not empty), unranked.

    On SQLite the FTS5 table is joined, so that _ranked can read bm25() from it. Raw SQL
    names no table alias on PostgreSQL: inside a subquery Django renames the table, and
    a qualified name would silently refer to the outer query.
    """
    if connection.vendor == "postgresql":
        # The stored, GIN-indexed column of migration 0003 (not modelled by Django).
        return queryset.filter(
            RawSQL(
                "search_vector @@ to_tsquery('simple'::regconfig, %s)",
                [_tsquery(query)],
                output_field=BooleanField(),
            )
        )
    # Join the FTS5 table once: bm25() is then computed in the same scan as the MATCH. A
    # correlated subquery per row re-ran the MATCH for every hit (quadratic in hits).
    table = Article._meta.db_table
    return queryset.extra(
        tables=["articles_article_fts"],
        where=[f"articles_article_fts.rowid = {table}.id", "articles_article_fts MATCH %s"],
        params=[_fts5_match(query)],
    )


def _matching_ids(queryset: QuerySet, query: persian.Query) -> QuerySet:
    """Like _matching, but usable inside a subquery (no join, no table name)."""
    if connection.vendor == "postgresql":
        return _matching(queryset, query)
    return queryset.filter(
        pk__in=RawSQL(
            "SELECT rowid FROM articles_article_fts WHERE articles_article_fts MATCH %s",
            [_fts5_match(query)],
        )
    )


def _ranked(queryset: QuerySet, query: persian.Query) -> QuerySet:
    """Annotate ``rank`` (higher is better) on a queryset already joined by _matching."""
    if connection.vendor == "postgresql":
        return queryset.annotate(
            rank=RawSQL(
                f"ts_rank({Article._meta.db_table}.search_vector, "
                "to_tsquery('simple'::regconfig, %s))",
                [_tsquery(query)],
                output_field=FloatField(),
            )
        )
    # bm25 is lower for better matches; negate it so "higher is better" on both engines.
    return queryset.annotate(
        rank=RawSQL("-bm25(articles_article_fts)", [], output_field=FloatField())
    )


def match(queryset: QuerySet, query: persian.Query) -> QuerySet:
    """Filter ``queryset`` to articles matching ``query`` and annotate ``rank`` (higher is
    better). An empty query matches nothing."""
    if query.is_empty:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())).none()
    return _ranked(_matching(queryset, query), query)


def _day_start(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def _filtered(
    queryset: QuerySet | None,
    *,
    language: str | None,
    service: Service | None,
    date_from: date | None,
    date_to: date | None,
) -> QuerySet:
    if queryset is None:
        queryset = Article.objects.published()
    if language:
        queryset = queryset.in_language(language)
    if service is not None:
        queryset = queryset.filter(service=service)
    if date_from is not None:
        queryset = queryset.filter(published_at__gte=_day_start(date_from))
    if date_to is not None:
        queryset = queryset.filter(published_at__lt=_day_start(date_to) + timezone.timedelta(1))
    return queryset


def _candidates(queryset: QuerySet, query: persian.Query) -> QuerySet:
    """The matches, newest first, as the recency index (status, language, -published_at,
    -news_code) holds them. Drafts without a time come first on both engines (PostgreSQL's
    own order for DESC; NULLS LAST would keep the index from serving the walk)."""
    return _matching_ids(queryset, query).order_by(
        F("published_at").desc(nulls_first=True), F("news_code").desc()
    )


def search_articles(
    query: persian.Query,
    *,
    language: str | None,
    service: Service | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    queryset: QuerySet | None = None,
) -> QuerySet:
    """Published articles matching ``query``, best first, each annotated with ``rank``.

    Only the newest SEARCH_CANDIDATES matches are ranked (rank, then newest first); with
    fewer matches that is every match. ``queryset`` lets the admin search drafts too; the
    public page passes nothing.
    """
    outer = Article.objects.all() if queryset is None else queryset
    queryset = _filtered(
        queryset, language=language, service=service, date_from=date_from, date_to=date_to
    )
    if query.is_empty:
        return match(queryset, query)
    newest = _candidates(queryset, query).values("pk")[:SEARCH_CANDIDATES]
    # The admin's own queryset stays the outer one (its annotations and filters).
    ranked = outer.filter(pk__in=newest)
    if connection.vendor == "sqlite":
        # bm25() needs the MATCH in the same query (it reads the FTS5 cursor).
        ranked = _matching(ranked, query)
    return _ranked(ranked, query).order_by(
        F("rank").desc(), F("published_at").desc(nulls_last=True), "-news_code"
    )


def count_matches(
    query: persian.Query,
    *,
    language: str | None,
    service: Service | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
    queryset: QuerySet | None = None,
) -> int:
    """How many articles match, counting at most SEARCH_CANDIDATES + 1: a result above
    SEARCH_CANDIDATES means "more than SEARCH_CANDIDATES" (an exact count of a common
    word is linear in the archive)."""
    if query.is_empty:
        return 0
    queryset = _filtered(
        queryset, language=language, service=service, date_from=date_from, date_to=date_to
    )
    return _candidates(queryset, query).values("pk")[: SEARCH_CANDIDATES + 1].count()


def highlight(value: str, query: persian.Query, *, words: int | None = None) -> SafeString:
    """Escape ``value`` and wrap the words whose search tokens the query asks for in
    <mark>. With ``words``, cut a window of that many words around the first hit."""
    wanted = query.marked_tokens()
    chunks = value.split()
    hits = [bool(wanted.intersection(keys)) for keys in persian.word_keys(chunks)]
    start, end, prefix, suffix = 0, len(chunks), "", ""
    if words is not None and len(chunks) > words:
        first = hits.index(True) if True in hits else 0
        start = max(0, first - words // 3)
        end = min(len(chunks), start + words)
        prefix = "… " if start else ""
        suffix = " …" if end < len(chunks) else ""
    out = [
        f"<mark>{html.escape(c)}</mark>" if hit else html.escape(c)
        for c, hit in zip(chunks[start:end], hits[start:end], strict=True)
    ]
    return mark_safe(prefix + " ".join(out) + suffix)  # noqa: S308 - every piece escaped


def snippet(article: Article, query: persian.Query) -> SafeString:
    """A window of the lead and body around the first hit, hits highlighted."""
    source = " ".join(p for p in (article.lead, text.body_text(article.body)) if p)
    return highlight(source, query, words=SNIPPET_WORDS)
