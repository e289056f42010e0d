"""Article search: the one function the public search page and the admin call.

Both sides of the match are canonical tokens from ``exhibition.persian`` (the stored
``search_document`` and ``parse_query``), so spelling variants meet in the index. No
hazm here: this runs on public page views.
"""

from __future__ import annotations

import html
import json
from collections.abc import Sequence
from datetime import date, datetime, time
from time import monotonic

from django.db import connection
from django.db.models import BooleanField, CharField, F, FloatField, QuerySet, Value
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
# A search key found in at least this share of the articles (PostgreSQL's statistics) is
# not looked up in the GIN index when the query has a rarer one: see _rare_tsquery.
COMMON_LEXEME_SHARE = 0.2
LEXEME_SHARES_TTL = 600  # seconds
# What a result shows (articles/includes/article_item.html and its snippet): fewer
# columns cost less to send, convert and turn into models.
RESULT_FIELDS = ("news_code", "language", "kicker", "title", "slug", "lead", "body",
                 "published_at", "service")  # fmt: skip
# The recency index's order (article_recency_idx). Drafts without a time come first on
# both engines: PostgreSQL's own order for DESC; NULLS LAST would keep the index from
# serving the walk.
NEWEST_FIRST = (F("published_at").desc(nulls_first=True), F("news_code").desc())
# A query string (persian.search_tokens: alphanumeric tokens only) as a tsquery.
TSQUERY_SQL = "to_tsquery('simple'::regconfig, %s)"


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


def lexeme_shares() -> dict[str, float]:
    """PostgreSQL's estimate (from ANALYZE) of the share of articles holding each of the
    most common search keys; read again every LEXEME_SHARES_TTL seconds."""
    global _lexeme_shares, _lexeme_shares_read_at
    if monotonic() - _lexeme_shares_read_at >= LEXEME_SHARES_TTL:
        with connection.cursor() as cursor:
            # The frequencies end with summary figures (minimum, maximum): zip stops there.
            cursor.execute(
                "SELECT most_common_elems::text::text[], most_common_elem_freqs FROM pg_stats "
                "WHERE schemaname = current_schema() AND tablename = %s "
                "AND attname = 'search_vector'",
                [Article._meta.db_table],
            )
            row = cursor.fetchone()
        _lexeme_shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
        _lexeme_shares_read_at = monotonic()
    return _lexeme_shares


def forget_lexeme_shares() -> None:
    global _lexeme_shares_read_at
    _lexeme_shares_read_at = float("-inf")


_lexeme_shares: dict[str, float] = {}
_lexeme_shares_read_at = float("-inf")


def _rare_tsquery(query: persian.Query) -> str | None:
    """The part of ``query`` worth looking up in the GIN index when some of its words are
    in most articles and others are not: the rarer words, ANDed, without phrase order.
    A common word's posting list costs more to read than checking the word in each row
    the rare ones find. None when every word is rare, or every word common."""
    shares = lexeme_shares()
    # What a match must contain: one option of each term, every word of each phrase.
    required = [*query.term_options(), *(((t,),) for phrase in query.phrases for t in phrase)]
    # A token PostgreSQL's parser would drop (an isalnum() character that is neither a
    # letter nor a decimal digit, such as «৴») must not become the whole lookup.
    words = "".join(t for options in required for option in options for t in option)
    if not shares or not all(c.isalpha() or c.isdecimal() for c in words):
        return None

    def share(options) -> float:
        """At most: the sum over the options of the share of each option's rarest word."""
        return sum(min(shares.get(t, 0.0) for t in option) for option in options)

    rare = [options for options in required if share(options) < COMMON_LEXEME_SHARE]
    if not rare or len(rare) == len(required):
        return None
    return " & ".join(
        _any_of([_any_of([f"'{t}'" for t in option], " & ") for option in options], " | ")
        for options in rare
    )


def _matching(queryset: QuerySet, query: persian.Query) -> QuerySet:
    """``queryset`` filtered to the articles matching ``query`` (not empty), unranked.

    On SQLite the FTS5 table is joined, so that _ranked can read bm25() from it. Raw SQL
    names no table alias on PostgreSQL: inside a subquery Django renames the table, and
    a qualified name would silently refer to the outer query.
    """
    if connection.vendor == "postgresql":
        # The stored, GIN-indexed column of migration 0003 (not modelled by Django).
        sql, params = f"search_vector @@ {TSQUERY_SQL}", [_tsquery(query)]
        if rare := _rare_tsquery(query):
            # ts_match_vq is @@ as a function: checked on each row, not looked up.
            sql = f"search_vector @@ {TSQUERY_SQL} AND ts_match_vq(search_vector, {TSQUERY_SQL})"
            params = [rare, *params]
        return queryset.filter(RawSQL(sql, params, output_field=BooleanField()))
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
    # "id + 0": looked up by primary key, every match's row would be read (wide rows,
    # overflow pages) and sorted; tested in the set instead, the newest-first walk down
    # the recency index stops after the window.
    return queryset.alias(unindexed_id=F("pk") + 0).filter(
        unindexed_id__in=RawSQL(
            "SELECT rowid FROM articles_article_fts WHERE articles_article_fts MATCH %s",
            [_fts5_match(query)],
        )
    )


def _ts_rank_sql(table: str) -> str:
    return f"ts_rank({table}.search_vector, {TSQUERY_SQL})"


def _ranked(queryset: QuerySet, query: persian.Query) -> QuerySet:
    """Annotate ``rank`` (higher is better) on a queryset already joined by _matching."""
    if connection.vendor == "postgresql":
        return queryset.annotate(
            rank=RawSQL(
                _ts_rank_sql(Article._meta.db_table), [_tsquery(query)], output_field=FloatField()
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
    *,
    language: str | None,
    service: Service | None,
    date_from: date | None,
    date_to: date | None,
) -> QuerySet:
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
    """The matches, newest first, as the recency index holds them."""
    return _matching_ids(queryset, query).order_by(*NEWEST_FIRST)


class SearchResults(Sequence):
    """The ranked window of one search: article ids best first, fetched a page at a time
    (a Paginator slices it). ``total`` counts the matches up to SEARCH_CANDIDATES + 1, so
    ``capped`` means "more than SEARCH_CANDIDATES"."""

    model = Article  # what ListView names its template and context after

    def __init__(self, ranked: list[tuple[int, float]], total: int):
        self.ranked = ranked
        self.total = total

    @property
    def capped(self) -> bool:
        return self.total > SEARCH_CANDIDATES

    def __len__(self) -> int:
        return len(self.ranked)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return self._fetch(self.ranked[index])
        return self._fetch([self.ranked[index]])[0]

    @staticmethod
    def _fetch(window: list[tuple[int, float]]) -> list[Article]:
        articles = (
            Article.objects.select_related("service")
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


def search_articles(
    query: persian.Query,
    *,
    language: str | None,
    service: Service | None = None,
    date_from: date | None = None,
    date_to: date | None = None,
) -> SearchResults:
    """Published articles matching ``query``, best first (rank, then newest first).

    The newest SEARCH_CANDIDATES + 1 matches (a walk down the recency index for a common
    word, the GIN index for a rare one) give the count; the newest SEARCH_CANDIDATES of
    them are ranked. A page then fetches only its own rows.
    """
    if query.is_empty:
        return SearchResults([], 0)
    filters = {"language": language, "service": service, "date_from": date_from,
               "date_to": date_to}  # fmt: skip
    candidates = candidates_query(query, **filters)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(*window_sql(query, candidates))
            rows = cursor.fetchall()
        return SearchResults([(pk, rank) for pk, rank, _total in rows],
                             total=rows[0][2] if rows else 0)  # fmt: skip
    newest = list(candidates)
    window = newest[:SEARCH_CANDIDATES]
    ranks = _ranks(query, window)
    # A stable sort of the newest-first window: equal ranks stay newest first.
    ranked = sorted((pk for pk in window if pk in ranks), key=ranks.__getitem__, reverse=True)
    return SearchResults([(pk, ranks[pk]) for pk in ranked], total=len(newest))


def candidates_query(query: persian.Query, **filters) -> QuerySet:
    """The newest SEARCH_CANDIDATES + 1 published matches, newest first: their ids on
    SQLite, (id, published_at, news_code, row address) on PostgreSQL; ``filters`` are
    search_articles' own."""
    candidates = _candidates(_filtered(**filters), query)
    if connection.vendor == "postgresql":
        address = RawSQL("ctid", [], output_field=CharField())  # unqualified: see _matching
        return candidates.annotate(address=address).values_list(
            "pk", "published_at", "news_code", "address"
        )[: SEARCH_CANDIDATES + 1]
    return candidates.values_list("pk", flat=True)[: SEARCH_CANDIDATES + 1]


def window_sql(query: persian.Query, candidates: QuerySet) -> tuple[str, list]:
    """PostgreSQL: SQL and parameters giving (id, rank, number of candidates) for the
    newest SEARCH_CANDIDATES of ``candidates`` (candidates_query), best first and, at
    equal rank, newest first. One statement: a round trip to the server costs more than
    the sorting.

    The window's rows are read again for ranking by their address in the table (ctid),
    which the walk gave. Ranked during the walk, a rare word would rank every match, not
    just the newest; read again by primary key, each row would cost an index lookup.
    """
    sql, params = candidates.query.sql_with_params()
    order = "published_at DESC NULLS FIRST, news_code DESC"
    return (
        f"WITH candidates (id, published_at, news_code, address) AS MATERIALIZED ({sql}), "
        f"newest AS (SELECT * FROM candidates ORDER BY {order} LIMIT {int(SEARCH_CANDIDATES)}) "
        f"SELECT newest.id, {_ts_rank_sql('article')} AS rank, (SELECT count(*) FROM candidates) "
        f"FROM newest JOIN {Article._meta.db_table} article ON article.ctid = newest.address "
        "ORDER BY rank DESC, newest.published_at DESC NULLS FIRST, newest.news_code DESC",
        [*params, _tsquery(query)],
    )


def rank_sql(query: persian.Query, ids: list[int]) -> tuple[str, list]:
    """SQLite: SQL and parameters giving (id, rank) for the articles ``ids``, from the
    FTS5 table alone (one parameter for all the ids: binding a thousand placeholders
    costs more than the lookups)."""
    # bm25 is lower for better matches; negated, as in _ranked.
    return (
        "SELECT rowid, -bm25(articles_article_fts) FROM articles_article_fts "
        "WHERE articles_article_fts MATCH %s AND +rowid IN (SELECT value FROM json_each(%s))",
        [_fts5_match(query), json.dumps(ids)],
    )


def _ranks(query: persian.Query, ids: list[int]) -> dict[int, float]:
    if not ids:
        return {}
    with connection.cursor() as cursor:
        cursor.execute(*rank_sql(query, ids))
        return dict(cursor.fetchall())


def search_queryset(query: persian.Query, *, queryset: QuerySet) -> QuerySet:
    """The admin's search: ``queryset`` (drafts too) narrowed to the newest
    SEARCH_CANDIDATES matches, each annotated with ``rank``; the admin sorts them."""
    if query.is_empty:
        return match(queryset, query)
    newest = _candidates(queryset, query).values("pk")[:SEARCH_CANDIDATES]
    ranked = queryset.filter(pk__in=newest)
    if connection.vendor == "sqlite":
        # bm25() needs the MATCH in the same query (it reads the FTS5 cursor).
        ranked = _matching(ranked, query)
    return _ranked(ranked, query)


def highlight(value: str, query: persian.Query, *, words: int | None = None) -> SafeString:
    """Escape ``value`` and wrap the words whose search tokens the query asks for in
    <mark>. With ``words``, cut a window of that many words around the first hit."""
    wanted = query.marked_tokens()
    chunks = value.split()
    # Keys are costly per word (a body has a thousand): read them only up to the window.
    keys = persian.iter_word_keys(chunks)
    hits: list[bool] = []
    start, end, prefix, suffix = 0, len(chunks), "", ""
    if words is not None and len(chunks) > words:
        for word_keys in keys:
            hits.append(bool(wanted.intersection(word_keys)))
            if hits[-1]:
                break
        first = len(hits) - 1 if hits and hits[-1] else 0
        start = max(0, first - words // 3)
        end = min(len(chunks), start + words)
        prefix = "… " if start else ""
        suffix = " …" if end < len(chunks) else ""
    for word_keys in keys:
        if len(hits) >= end:
            break
        hits.append(bool(wanted.intersection(word_keys)))
    out = [
        f"<mark>{html.escape(c)}</mark>" if hit else html.escape(c)
        for c, hit in zip(chunks[start:end], hits[start:end], strict=True)
    ]
    return mark_safe(prefix + " ".join(out) + suffix)  # noqa: S308 - every piece escaped


def snippet(article: Article, query: persian.Query) -> SafeString:
    """A window of the lead and body around the first hit, hits highlighted."""
    source = " ".join(p for p in (article.lead, text.body_text(article.body)) if p)
    return highlight(source, query, words=SNIPPET_WORDS)
