"""Every stored key the text pipeline computes, recomputed from the live code
(``manage.py rebuild_text_keys``).

Saving a row builds its keys, so they only go stale when ``exhibition.persian`` changes
how a key is made (a new folding, a new compound rule, a new alphabet order). Then this
rebuilds them, in batches, writing only the rows whose key differs, without re-saving
(no normalization, no signals): articles' search documents (their search indexes follow
the column), exhibitors' search documents and sort keys, and last the automatic
mentions, which are found from both. Running it twice changes nothing the second time.
"""

from __future__ import annotations

from dataclasses import dataclass

from articles import text
from articles.models import Article
from booths.models import Exhibitor
from booths.services import mentions_recompute_all

BATCH_SIZE = 500


@dataclass(frozen=True)
class Rebuilt:
    """How many rows were read, and how many of them had a stale key and were written."""

    checked: int
    changed: int


def _write_in_batches(rows, compute, fields: list[str], *, batch_size: int) -> Rebuilt:
    """``compute(row)`` gives the row's fresh keys (one per field); rows whose keys differ
    are written ``batch_size`` at a time."""
    checked, changed, batch = 0, 0, []
    for row in rows.iterator(chunk_size=batch_size):
        checked += 1
        fresh = compute(row)
        if any(getattr(row, field) != value for field, value in zip(fields, fresh, strict=True)):
            for field, value in zip(fields, fresh, strict=True):
                setattr(row, field, value)
            batch.append(row)
        if len(batch) == batch_size:
            type(row).objects.bulk_update(batch, fields)
            changed, batch = changed + len(batch), []
    if batch:
        type(batch[0]).objects.bulk_update(batch, fields)
        changed += len(batch)
    return Rebuilt(checked, changed)


def article_search_documents_rebuild(*, batch_size: int = BATCH_SIZE) -> Rebuilt:
    """Each article's search document, as ``articles.text.search_document`` builds it on
    save (title, kicker, lead, body and every name of its tags)."""
    articles = (
        Article.objects.only("pk", "title", "kicker", "lead", "body", "search_document")
        .prefetch_related("tags")
        .order_by("pk")
    )

    def compute(article):
        return (text.article_search_document(article),)

    return _write_in_batches(articles, compute, ["search_document"], batch_size=batch_size)


def exhibitor_text_keys_rebuild(*, batch_size: int = BATCH_SIZE) -> Rebuilt:
    """Each exhibitor's search document (names and aliases) and its two sort keys."""

    def compute(exhibitor):
        return (exhibitor.build_search_document(), *exhibitor.build_sort_keys())

    fields = ["search_document", "name_sort_fa", "name_sort_en"]
    exhibitors = Exhibitor.objects.order_by("pk")
    return _write_in_batches(exhibitors, compute, fields, batch_size=batch_size)


@dataclass(frozen=True)
class TextKeysReport:
    articles: Rebuilt
    exhibitors: Rebuilt
    mentions_created: int
    mentions_deleted: int


def text_keys_rebuild(*, batch_size: int = BATCH_SIZE) -> TextKeysReport:
    """Every stored key, mentions last (they are found from both search documents)."""
    articles = article_search_documents_rebuild(batch_size=batch_size)
    exhibitors = exhibitor_text_keys_rebuild(batch_size=batch_size)
    created, deleted = mentions_recompute_all()
    return TextKeysReport(articles, exhibitors, created, deleted)
