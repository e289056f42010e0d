"""SQLite: the FTS5 table ``articles_article_fts`` over ``search_document`` (migration
0002), matched with FTS5's MATCH syntax and ranked with ``bm25``.

Triggers keep the FTS5 table in step with the article table, so the backend has no
index to maintain.
"""

from __future__ import annotations

import json

from django.db.models import F, FloatField, QuerySet
from django.db.models.expressions import RawSQL

from articles.models import Article
from articles.search import base
from exhibition import persian

FTS_TABLE = "articles_article_fts"
# The rank (base's module docstring): bm25 is lower for better matches; negated so that
# higher is better, as on every engine.
RANK_SQL = f"-bm25({FTS_TABLE})"


def fts5_match(query: persian.Query) -> str:
    """FTS5 MATCH syntax: quoted tokens, "a b" is a phrase, NOT excludes."""
    parts = [
        _any_of(['"' + " ".join(o) + '"' for o in options], " OR ")
        for options in query.lookup_options()
    ]
    parts += ['"' + " ".join(phrase) + '"' for phrase in query.lookup_phrases()]
    expression = " AND ".join(parts)
    for token in query.excluded:
        expression = f'({expression}) NOT "{token}"'
    return expression


def _any_of(alternatives: list[str], operator: str) -> str:
    """A term and its compound alternatives (persian.Query.term_options)."""
    return alternatives[0] if len(alternatives) == 1 else f"({operator.join(alternatives)})"


class SQLiteSearchBackend(base.SearchBackend):
    vendor = "sqlite"
    explain_prefix = "EXPLAIN QUERY PLAN "

    def filter(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        # "id + 0": looked up by primary key, every match's row would be read (wide rows,
        # overflow pages) and sorted; tested in the set instead, the newest-first walk
        # down the recency index stops after the window.
        return queryset.alias(unindexed_id=F("pk") + 0).filter(
            unindexed_id__in=RawSQL(
                f"SELECT rowid FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s", [fts5_match(query)]
            )
        )

    def rank(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        # bm25() reads the FTS5 cursor, so the MATCH is joined into the same query: bm25
        # is then computed in the same scan as the MATCH. A correlated subquery per row
        # re-ran the MATCH for every hit (quadratic in hits).
        table = Article._meta.db_table
        joined = queryset.extra(
            tables=[FTS_TABLE],
            where=[f"{FTS_TABLE}.rowid = {table}.id", f"{FTS_TABLE} MATCH %s"],
            params=[fts5_match(query)],
        )
        return joined.annotate(rank=RawSQL(RANK_SQL, [], output_field=FloatField()))

    def _match(self, queryset: QuerySet, query: persian.Query) -> QuerySet:
        # rank's join is the match itself: filtering first would run the MATCH twice.
        return self.rank(queryset, query)

    def candidates_query(self, query: persian.Query, **filters) -> QuerySet:
        """The candidates' ids."""
        return self._newest_ids(query, **filters)

    def rank_sql(self, query: persian.Query, ids: list[int]) -> tuple[str, list]:
        """SQL and parameters giving (id, rank) for the articles ``ids``, from the FTS5
        table alone (one parameter for all the ids: binding a thousand placeholders costs
        more than the lookups)."""
        return (
            f"SELECT rowid, {RANK_SQL} FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s "
            "AND +rowid IN (SELECT value FROM json_each(%s))",
            [fts5_match(query), json.dumps(ids)],
        )

    def ranks(self, query: persian.Query, ids: list[int]) -> dict[int, float]:
        if not ids:
            return {}
        with self.connection.cursor() as cursor:
            cursor.execute(*self.rank_sql(query, ids))
            return dict(cursor.fetchall())

    def rank_candidates(self, query: persian.Query, candidates: QuerySet) -> base.SearchResults:
        newest = list(candidates)
        window = newest[: base.SEARCH_CANDIDATES]
        ranked = base.best_first(window, self.ranks(query, window))
        return base.SearchResults(ranked, total=len(newest), using=self.alias)

    def statements(self, query: persian.Query, **filters) -> list[tuple[str, tuple[str, list]]]:
        candidates = self.candidates_query(query, **filters)
        ids = list(candidates)[: base.SEARCH_CANDIDATES]
        return [
            ("candidates", candidates.query.sql_with_params()),
            ("ranks", self.rank_sql(query, ids)),
        ]
