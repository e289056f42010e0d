"""PostgreSQL: the stored, GIN-indexed ``search_vector`` tsvector (migrations 0003, 0006,
0008; not modelled by Django), matched with a tsquery and ranked with ``ts_rank``.

The table keeps the column up to date by itself (a generated column), so the backend
has no index to maintain.
"""

from __future__ import annotations

from time import monotonic

from django.db.models import BooleanField, CharField, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from articles.models import Article
from articles.search import base
from exhibition import persian

# A search key found in at least this share of the articles (PostgreSQL's statistics) is
# not looked up in the GIN index when the query has a rarer one: see _rare_tsquery.
COMMON_LEXEME_SHARE = 0.2
LEXEME_SHARES_TTL = 600  # seconds
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


class PostgresSearchBackend(base.SearchBackend):
    vendor = "postgresql"
    explain_prefix = "EXPLAIN ANALYZE "

    def __init__(self, alias: str):
        super().__init__(alias)
        self._lexeme_shares: dict[str, float] = {}
        self._lexeme_shares_read_at = float("-inf")

    def lexeme_shares(self) -> dict[str, float]:
        """PostgreSQL's estimate (from ANALYZE) of the share of articles holding each of
        the most common search keys; read again every LEXEME_SHARES_TTL seconds."""
        if monotonic() - self._lexeme_shares_read_at >= LEXEME_SHARES_TTL:
            with self.connection.cursor() as cursor:
                # The frequencies end with summary figures (minimum, maximum): zip stops
                # there.
                cursor.execute(
                    "SELECT most_common_elems::text::text[], most_common_elem_freqs "
                    "FROM pg_stats WHERE schemaname = current_schema() AND tablename = %s "
                    "AND attname = 'search_vector'",
                    [Article._meta.db_table],
                )
                row = cursor.fetchone()
            self._lexeme_shares = dict(zip(row[0], row[1], strict=False)) if row and row[0] else {}
            self._lexeme_shares_read_at = monotonic()
        return self._lexeme_shares

    def forget_statistics(self) -> None:
        self._lexeme_shares_read_at = float("-inf")

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

    def candidates_query(self, query: persian.Query, **filters) -> QuerySet:
        """(id, published_at, news_code, row address) of each candidate."""
        candidates = self.newest_matches(self.published(**filters), query)
        address = RawSQL("ctid", [], output_field=CharField())  # unqualified: see filter
        return candidates.annotate(address=address).values_list(
            "pk", "published_at", "news_code", "address"
        )[: base.SEARCH_CANDIDATES + 1]

    def window_sql(self, query: persian.Query, candidates: QuerySet) -> tuple[str, list]:
        """SQL and parameters giving (id, rank, number of candidates) for the newest
        SEARCH_CANDIDATES of ``candidates`` (candidates_query), in RESULT_ORDER. One
        statement: a round trip to the server costs more than the sorting.

        The window's rows are read again for ranking by their address in the table
        (ctid), which the walk gave. Ranked during the walk, a rare word would rank every
        match, not just the newest; read again by primary key, each row would cost an
        index lookup.
        """
        sql, params = candidates.query.sql_with_params()
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

    def rank_candidates(self, query: persian.Query, candidates: QuerySet) -> base.SearchResults:
        with self.connection.cursor() as cursor:
            cursor.execute(*self.window_sql(query, candidates))
            rows = cursor.fetchall()
        return base.SearchResults(
            [(pk, rank) for pk, rank, _total in rows],
            total=rows[0][2] if rows else 0,
            using=self.alias,
        )

    def statements(self, query: persian.Query, **filters) -> list[tuple[str, tuple[str, list]]]:
        candidates = self.candidates_query(query, **filters)
        return [("candidates, ranks and count", self.window_sql(query, candidates))]
