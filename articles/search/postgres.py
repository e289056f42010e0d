"""PostgreSQL: the stored, GIN-indexed ``search_vector`` tsvector (migrations 0003, 0006,
0008; not modelled by Django), matched with a tsquery and ranked with ``ts_rank``.

The table keeps the column up to date by itself (a generated column), so the backend
has no index to maintain.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from time import monotonic

import psycopg
from django.db import OperationalError, transaction
from django.db.models import BooleanField, CharField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from articles.models import Article, Status
from articles.search import base
from exhibition import persian

# A search key found in at least this share of the articles (PostgreSQL's statistics) is
# not looked up in the GIN index when the query has a rarer one: see _rare_tsquery.
COMMON_LEXEME_SHARE = 0.2
STATISTICS_TTL = 600  # seconds
# The newest slice (slice_bound) is sized to hold this many times the candidates by the
# statistics: a word a little rarer lately than over the whole archive still fills the
# window in the slice alone.
SLICE_MARGIN = 2.0
# What a slice costs against the whole archive, counted in rows read: each match's row
# (to sort by date) and, for a slice, an entry of the recency index per article in it.
# A slice is taken when it should read SLICE_PAYS times less. Fitted to where a slice
# began to pay at 300,000 articles of benchmarks/search.py's corpus: for a word in
# 3.8 % of them, not yet for one in 3.3 % (its 60,000 index entries cost more than the
# 8,000 rows it spared).
INDEX_ENTRY_COST = 0.05
SLICE_PAYS = 2.0
# A query string (persian.search_tokens: alphanumeric tokens only) as a tsquery.
TSQUERY_SQL = "to_tsquery('simple'::regconfig, %s)"
# window_sql's two orders, compiled once: the newest candidates, then the results.
NEWEST_FIRST_SQL = base.order_sql(base.NEWEST_FIRST)
RESULT_ORDER_SQL = base.order_sql(
    base.RESULT_ORDER, {"published_at": "newest.published_at", "news_code": "newest.news_code"}
)


def tsquery(query: persian.Query) -> str:
    """to_tsquery syntax; tokens are alphanumeric only (persian.search_tokens' invariant)."""
    parts = [_any_of([_ts_phrase(o) for o in options], " | ") for options in query.lookup_options()]
    parts += [_ts_phrase(phrase) for phrase in query.lookup_phrases()]
    parts += [f"!'{t}'" for t in query.excluded]
    return " & ".join(parts)


def _ts_phrase(tokens: tuple[str, ...]) -> str:
    quoted = [f"'{t}'" for t in tokens]
    return quoted[0] if len(quoted) == 1 else "(" + " <-> ".join(quoted) + ")"


def _any_of(alternatives: list[str], operator: str) -> str:
    """A term and its compound alternatives (persian.Query.term_options)."""
    return alternatives[0] if len(alternatives) == 1 else f"({operator.join(alternatives)})"


def rank_sql(table: str) -> str:
    """The rank (base's module docstring) of ``table``'s row; one parameter, the
    tsquery. ts_rank with its default weights and no length normalization."""
    return f"ts_rank({table}.search_vector, {TSQUERY_SQL})"


@dataclass(frozen=True)
class TableStatistics:
    """What PostgreSQL's statistics (ANALYZE) say about the articles table."""

    rows: float = 0.0
    # The share of articles holding each of the most common search keys.
    lexeme_shares: dict[str, float] = field(default_factory=dict)
    # The share of articles with each of the most common values, per column.
    value_shares: dict[str, dict[str, float]] = field(default_factory=dict)
    # Publish times splitting the articles that have one into equal parts, oldest first.
    published_at_bounds: list[datetime] = field(default_factory=list)

    def value_share(self, column: str, value: str) -> float:
        return self.value_shares.get(column, {}).get(value, 0.0)


# A public search statement running longer than this is stopped (base.SearchTooSlow).
# Searches take milliseconds; a phrase of words in almost every article is checked in
# each of them (seconds at 300,000 articles), and would hold a connection meanwhile.
SEARCH_TIMEOUT_MS = 1500

# One row per column: (column, its most common values or elements as text, their shares,
# the publish-time histogram); every text[] cast succeeds on every column.
STATISTICS_SQL = """
SELECT s.attname,
       CASE WHEN s.attname = 'search_vector' THEN s.most_common_elems::text::text[]
            ELSE s.most_common_vals::text::text[] END,
       CASE WHEN s.attname = 'search_vector' THEN s.most_common_elem_freqs
            ELSE s.most_common_freqs END,
       CASE WHEN s.attname = 'published_at' THEN s.histogram_bounds::text::timestamptz[] END,
       (SELECT c.reltuples FROM pg_class c WHERE c.oid = %s::regclass)
FROM pg_stats s
WHERE s.schemaname = current_schema() AND s.tablename = %s
  AND s.attname IN ('search_vector', 'published_at', 'status', 'language')
"""


class PostgresSearchBackend(base.SearchBackend):
    vendor = "postgresql"
    explain_prefix = "EXPLAIN ANALYZE "

    def __init__(self, alias: str):
        super().__init__(alias)
        self._statistics = TableStatistics()
        self._statistics_read_at = float("-inf")

    def statistics(self) -> TableStatistics:
        """PostgreSQL's statistics of the articles table, read again every
        STATISTICS_TTL seconds."""
        if monotonic() - self._statistics_read_at >= STATISTICS_TTL:
            table = Article._meta.db_table
            with self.connection.cursor() as cursor:
                cursor.execute(STATISTICS_SQL, [table, table])
                rows = cursor.fetchall()
            lexemes, values, bounds = {}, {}, []
            for column, common, shares, histogram, _rows in rows:
                # Element shares end with summary figures (minimum, maximum): zip stops
                # there.
                found = dict(zip(common or [], shares or [], strict=False))
                if column == "search_vector":
                    lexemes = found
                else:
                    values[column] = found
                bounds = histogram or bounds
            self._statistics = TableStatistics(
                rows=max(rows[0][4] or 0.0, 0.0) if rows else 0.0,  # -1: never analyzed
                lexeme_shares=lexemes,
                value_shares=values,
                published_at_bounds=bounds,
            )
            self._statistics_read_at = monotonic()
        return self._statistics

    def lexeme_shares(self) -> dict[str, float]:
        """PostgreSQL's estimate of the share of articles holding each of the most
        common search keys."""
        return self.statistics().lexeme_shares

    def forget_statistics(self) -> None:
        self._statistics_read_at = float("-inf")

    def match_share(self, query: persian.Query) -> float:
        """About the share of articles matching ``query``, by the statistics, erring low:
        a term's share is that of its likeliest one-word option, a multi-word option or a
        word not among the most common counts as none, words are independent."""
        if query.lookup_phrases():
            return 0.0
        shares = self.lexeme_shares()
        share = 1.0
        for options in query.lookup_options():
            share *= max(shares.get(o[0], 0.0) if len(o) == 1 else 0.0 for o in options)
        for token in query.excluded:
            share *= 1.0 - shares.get(token, 0.0)
        return share

    def slice_bound(
        self, query: persian.Query, *, language: str | None, desk=None, date_from=None, date_to=None
    ) -> datetime | None:
        """A publish time after which the published articles should hold SLICE_MARGIN
        times the SEARCH_CANDIDATES + 1 matches of ``query``, by the statistics; None
        when the slice would not cost much less than the whole archive (a rare query, one
        narrowed by a desk or dates, statistics missing).

        A common word's matches are too many to read them all to sort them newest first:
        in a slice, the text index and the recency index find its newest matches
        together, and their cost no longer grows with the size of the archive.
        """
        statistics = self.statistics()
        if desk is not None or date_from or date_to or not statistics.published_at_bounds:
            return None
        # The share of the articles the search looks in (the recency index holds them
        # together: only their entries are read), and of those that match.
        searched = statistics.value_share("status", Status.PUBLISHED)
        if language:
            searched *= statistics.value_share("language", language)
        share = self.match_share(query) * searched
        if not share or not statistics.rows:
            return None
        matches = share * statistics.rows
        in_slice = SLICE_MARGIN * (base.SEARCH_CANDIDATES + 1)
        slice_rows = in_slice / share  # the articles in it, of every status and language
        if SLICE_PAYS * (in_slice + INDEX_ENTRY_COST * slice_rows * searched) > matches:
            return None
        bounds = statistics.published_at_bounds
        return bounds[int((1.0 - slice_rows / statistics.rows) * (len(bounds) - 1))]

    def _rare_tsquery(self, query: persian.Query) -> str | None:
        """The part of ``query`` worth looking up in the GIN index when some of its words
        are in most articles and others are not: the rarer words, ANDed, without phrase
        order. A common word's posting list costs more to read than checking the word in
        each row the rare ones find. None when every word is rare, or every word common."""
        shares = self.lexeme_shares()
        # What a match must contain: one option of each term, every word of each phrase.
        required = [
            *query.lookup_options(),
            *(((t,),) for phrase in query.lookup_phrases() for t in phrase),
        ]
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

    def filter(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        # Raw SQL names no table alias: inside a subquery Django renames the table, and a
        # qualified name would silently refer to the outer query.
        sql, params = f"search_vector @@ {TSQUERY_SQL}", [tsquery(query)]
        if rare := self._rare_tsquery(query):
            # ts_match_vq is @@ as a function: checked on each row, not looked up.
            sql = f"search_vector @@ {TSQUERY_SQL} AND ts_match_vq(search_vector, {TSQUERY_SQL})"
            params = [rare, *params]
        return queryset.filter(RawSQL(sql, params, output_field=BooleanField()))

    def rank(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        return queryset.annotate(
            rank=RawSQL(
                rank_sql(Article._meta.db_table), [tsquery(query)], output_field=FloatField()
            )
        )

    def candidates_query(self, query: persian.Query, **filters) -> tuple[str, list]:
        """SQL and parameters giving (id, published_at, news_code, row address) of the
        newest SEARCH_CANDIDATES + 1 published matches (``filters``: ``search``'s own).

        With a slice_bound, the matches in the newest slice first; the older ones only
        when the slice holds too few, and only as many as are missing. The candidates are
        the same either way: every match in the slice is newer than every match after it.
        """
        limit = base.SEARCH_CANDIDATES + 1
        matches = self.newest_matches(self.published(**filters), query)
        address = RawSQL("ctid", [], output_field=CharField())  # unqualified: see filter
        matches = matches.annotate(address=address).values_list(
            "pk", "published_at", "news_code", "address"
        )
        bound = self.slice_bound(query, **filters)
        if bound is None:
            return matches[:limit].query.sql_with_params()
        newer_matches = matches.filter(published_at__gte=bound)
        newer, newer_params = newer_matches[:limit].query.sql_with_params()
        older, older_params = matches.filter(published_at__lt=bound).query.sql_with_params()
        return (
            f"WITH newer AS MATERIALIZED ({newer}) SELECT * FROM newer UNION ALL "
            f"({older} LIMIT {limit} - (SELECT count(*) FROM newer))",
            [*newer_params, *older_params],
        )

    def window_sql(self, query: persian.Query, candidates: tuple[str, list]) -> tuple[str, list]:
        """SQL and parameters giving (id, rank, number of candidates) for the newest
        SEARCH_CANDIDATES of ``candidates`` (candidates_query), in RESULT_ORDER. One
        statement: a round trip to the server costs more than the sorting.

        The window's rows are read again for ranking by their address in the table
        (ctid), which the walk gave. Ranked during the walk, a rare word would rank every
        match, not just the newest; read again by primary key, each row would cost an
        index lookup.
        """
        sql, params = candidates
        return (
            f"WITH candidates (id, published_at, news_code, address) AS MATERIALIZED ({sql}), "
            f"newest AS (SELECT * FROM candidates ORDER BY {NEWEST_FIRST_SQL} "
            f"LIMIT {int(base.SEARCH_CANDIDATES)}) "
            f"SELECT newest.id, {rank_sql('article')} AS rank, "
            "(SELECT count(*) FROM candidates) "
            f"FROM newest JOIN {Article._meta.db_table} article ON article.ctid = newest.address "
            f"ORDER BY {RESULT_ORDER_SQL}",
            [*params, tsquery(query)],
        )

    @contextmanager
    def time_limited(self) -> Iterator:
        """A cursor whose statements are stopped after SEARCH_TIMEOUT_MS, raising
        base.SearchTooSlow (the limit is the transaction's own, so it ends with it)."""
        outer = self.connection.in_atomic_block
        try:
            with transaction.atomic(using=self.alias), self.connection.cursor() as cursor:
                cursor.execute(
                    "SELECT current_setting('statement_timeout'), "
                    "set_config('statement_timeout', %s, true)",
                    [f"{SEARCH_TIMEOUT_MS}ms"],
                )
                previous = cursor.fetchone()[0]
                yield cursor
                if outer:  # a savepoint: the limit would last as long as the transaction
                    cursor.execute("SELECT set_config('statement_timeout', %s, true)", [previous])
        except OperationalError as error:
            if isinstance(error.__cause__, psycopg.errors.QueryCanceled):
                raise base.SearchTooSlow from error
            raise

    def rank_candidates(
        self, query: persian.Query, candidates: tuple[str, list]
    ) -> base.SearchResults:
        with self.time_limited() as cursor:
            cursor.execute(*self.window_sql(query, candidates))
            rows = cursor.fetchall()
        return base.SearchResults(
            [(pk, rank) for pk, rank, _total in rows],
            total=rows[0][2] if rows else 0,
            using=self.alias,
        )

    def newest_ids(self, query: persian.Query, **filters) -> list[int]:
        sql, params = self.candidates_query(query, **filters)
        with self.time_limited() as cursor:
            cursor.execute(
                f"SELECT id FROM ({sql}) candidates (id, published_at, news_code, address) "
                f"ORDER BY {NEWEST_FIRST_SQL}",
                params,
            )
            return [pk for (pk,) in cursor.fetchall()]

    def count(self, query: persian.Query, **filters) -> int:
        if query.is_empty:
            return 0
        sql, params = self.candidates_query(query, **filters)
        with self.time_limited() as cursor:
            cursor.execute(f"SELECT count(*) FROM ({sql}) candidates", params)
            return cursor.fetchone()[0]

    def statements(self, query: persian.Query, **filters) -> list[tuple[str, tuple[str, list]]]:
        candidates = self.candidates_query(query, **filters)
        return [("candidates, ranks and count", self.window_sql(query, candidates))]
