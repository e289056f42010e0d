"""Side-effecting workflows and the seam the news side matches exhibitors with.

The one write path: a model's ``save()`` fills in its own row only (normalized text,
slug, search document, sort keys). A write that touches other rows goes through a
service here: ``exhibitor_create`` / ``exhibitor_update`` validate (``full_clean``),
save, and recompute the news mentions when the names or aliases changed; the admin,
seed's imports and the test factories all use them. Halls, stands, achievements and
sister cities change nothing beyond their own rows: the admin's form validates them and
their ``save()`` is their whole write path. Articles' side is ``articles.services``
(which sends ``article_text_saved``; ``booths.apps`` recomputes that article's mentions).
"""

import uuid
from collections.abc import Iterable

from django.core.cache import cache
from django.db import connection, transaction

from articles.models import Article
from articles.search import match
from booths.models import Achievement, Amenity, CityInterest, Exhibitor, Hall, Mention, Stand
from exhibition import persian
from exhibition.pagecache import content_changed

MENTION_BATCH_SIZE = 500


def exhibitor_alias_token_sequences(*, exhibitor: Exhibitor) -> list[tuple[str, ...]]:
    """The canonical token sequences that name ``exhibitor`` in running text.

    Names and short names in both languages (of two words or more) plus every
    alias line, each
    through ``persian.search_tokens`` (the same canonical form the news text
    gets), so ي/ی, ZWNJ and digit variants match. Longest first, no repeats,
    no empty sequences.
    """
    aliases = set(exhibitor.alias_lines())
    sequences = []
    for name in exhibitor.names_and_aliases():
        tokens = tuple(persian.search_tokens(name))
        # A one-word name («آرمان», "ideal") is usually an ordinary word too: it
        # names the exhibitor only where staff listed it as an alias.
        if len(tokens) == 1 and name not in aliases:
            continue
        if tokens and tokens not in sequences:
            sequences.append(tokens)
    return sorted(sequences, key=len, reverse=True)


_ALIAS_FIELDS = ("pk", "name_fa", "name_en", "short_name_fa", "short_name_en", "aliases")
# Every saved article asks for the index (an import: once per article). It is kept in
# the process under the version of the exhibitors' names held in the shared cache
# (Redis in production), which every exhibitor save or deletion renews once it commits,
# in whichever process it happens: a kept index costs a cache read instead of reading
# every exhibitor's names. Without the shared cache (unreachable), and in a process
# whose exhibitor save is not committed yet (or was rolled back), the rows are read
# each time, as before.
_ALIAS_VERSION_KEY = "booths:exhibitor-names"
_kept_alias_index: tuple[str, dict] | None = None
# An exhibitor saved in this process whose transaction has not committed: its rows may
# still be rolled back, so no index is kept meanwhile.
_unsettled_exhibitor_save = False
# The last index built from the rows and those rows: deriving each exhibitor's token
# sequences costs more than reading the rows.
_last_alias_index: tuple[tuple, dict] | None = None


def _alias_version() -> str | None:
    """The shared version of the exhibitors' names (set when missing); None while the
    shared cache cannot be reached."""
    version = cache.get(_ALIAS_VERSION_KEY)
    if version is None:
        cache.add(_ALIAS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(_ALIAS_VERSION_KEY)
    return version


def _renew_alias_version() -> None:
    global _unsettled_exhibitor_save, _kept_alias_index
    _kept_alias_index = None
    cache.set(_ALIAS_VERSION_KEY, uuid.uuid4().hex, timeout=None)
    _unsettled_exhibitor_save = False


def exhibitor_names_changed(**kwargs) -> None:
    """An exhibitor was saved or deleted (booths.apps connects it to the signals): drop
    the kept index now, and renew the shared version once the change commits, so that
    every process reads the new names (a version renewed before the commit could be
    read by another process together with the old rows)."""
    global _unsettled_exhibitor_save, _kept_alias_index
    _kept_alias_index = None
    _unsettled_exhibitor_save = True
    transaction.on_commit(_renew_alias_version, using=kwargs.get("using"))


def _all_alias_rows() -> tuple:
    """Every exhibitor's ``_ALIAS_FIELDS`` by primary key, in plain SQL: the
    translated-fields manager made the ORM's query cost more than ten times the
    database's work."""
    meta = Exhibitor._meta
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote((meta.pk if name == "pk" else meta.get_field(name)).column) for name in _ALIAS_FIELDS
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {columns} FROM {quote(meta.db_table)} ORDER BY {quote(meta.pk.column)}"
        )
        return tuple(map(tuple, cursor.fetchall()))


def exhibitor_alias_index(*, exhibitors=None) -> dict[tuple[str, ...], list[int]]:
    """Token sequence -> ids of the exhibitors it names, for matching a whole article at once.

    At most one query (none while the kept index is current); a sequence shared by two
    exhibitors maps to both, so the caller decides what an ambiguous name means.
    Callers must not change it (it is shared while the exhibitors stay the same).
    """
    global _last_alias_index, _kept_alias_index
    version = None
    if exhibitors is None:
        # The version before the rows: a change committed in between renews it after.
        version = None if _unsettled_exhibitor_save else _alias_version()
        kept = _kept_alias_index
        if version is not None and kept is not None and kept[0] == version:
            return kept[1]
        rows = _all_alias_rows()
    else:
        rows = tuple(exhibitors.order_by("pk").values_list(*_ALIAS_FIELDS))
    last = _last_alias_index
    if last is not None and last[0] == rows:
        index = last[1]
    else:
        index = {}
        for pk, *values in rows:
            exhibitor = Exhibitor(pk=pk, **dict(zip(_ALIAS_FIELDS[1:], values, strict=True)))
            for sequence in exhibitor_alias_token_sequences(exhibitor=exhibitor):
                ids = index.setdefault(sequence, [])
                if pk not in ids:
                    ids.append(pk)
        _last_alias_index = (rows, index)
    if version is not None and not _unsettled_exhibitor_save:
        _kept_alias_index = (version, index)
    return index


AliasIndex = dict[tuple[str, ...], list[int]]


def exhibitors_named_in(tokens: list[str], index: AliasIndex) -> set[int]:
    """Ids of the exhibitors whose names occur in ``tokens`` (canonical search tokens).

    Whole tokens only, so «منطقه ۲» never matches inside «منطقه ۲۲». At each
    position the longest name wins and the scan continues after it: in
    «شهرداری منطقه ۲۲» the district is meant, not a shorter name inside it.
    """
    if not index:  # no exhibitors: nothing to scan the tokens for
        return set()
    starts = _names_by_first_token(index)
    found: set[int] = set()
    i, end = 0, len(tokens)
    while i < end:
        # Most tokens start no name: one lookup each, instead of one per name length.
        for sequence, ids in starts.get(tokens[i], ()):
            if tuple(tokens[i : i + len(sequence)]) == sequence:
                found.update(ids)
                i += len(sequence)
                break
        else:
            i += 1
    return found


_last_starts: tuple[AliasIndex, dict] | None = None


def _names_by_first_token(index: AliasIndex) -> dict[str, list[tuple[tuple[str, ...], list[int]]]]:
    """First token -> the index's sequences starting with it, longest first; kept for
    the last index (an import matches thousands of articles against the same one)."""
    global _last_starts
    if _last_starts is not None and _last_starts[0] is index:
        return _last_starts[1]
    starts: dict[str, list] = {}
    for sequence in sorted(index, key=len, reverse=True):
        starts.setdefault(sequence[0], []).append((sequence, index[sequence]))
    _last_starts = (index, starts)
    return starts


def _mentions_sync(
    documents: dict[int, str], index: AliasIndex, *, new: bool = False
) -> tuple[int, int]:
    """Bring the automatic mentions of these articles (pk -> search_document) in line
    with their text; returns (created, deleted). Staff and hidden rows stay as they are.
    ``new``: the articles were just created, so they have no mentions yet."""
    # No exhibitors (yet): no text to scan.
    found = {
        pk: exhibitors_named_in(doc.split(), index) if index else set()
        for pk, doc in documents.items()
    }
    existing: dict[int, dict[int, Mention]] = {}
    if not new:
        for mention in Mention.objects.filter(article_id__in=list(documents)).only(
            "pk", "article_id", "exhibitor_id", "source", "is_hidden"
        ):
            existing.setdefault(mention.article_id, {})[mention.exhibitor_id] = mention
    new_rows, stale = [], []
    for pk, exhibitor_ids in found.items():
        rows = existing.get(pk, {})
        new_rows += [
            Mention(article_id=pk, exhibitor_id=e, source=Mention.Source.AUTOMATIC)
            for e in sorted(exhibitor_ids - rows.keys())
        ]
        stale += [
            m.pk
            for e, m in rows.items()
            if m.source == Mention.Source.AUTOMATIC and not m.is_hidden and e not in exhibitor_ids
        ]
    if new_rows:
        # A concurrent recompute may have added the same row; the constraint keeps one.
        Mention.objects.bulk_create(new_rows, ignore_conflicts=True)
        content_changed()  # bulk_create sends no post_save
    if stale:
        Mention.objects.filter(pk__in=stale).delete()
    return len(new_rows), len(stale)


@transaction.atomic(savepoint=False)  # inside a save: all or nothing with it
def mentions_recompute(
    *, article: Article, index: AliasIndex | None = None, created: bool = False
) -> tuple[int, int]:
    """Find the exhibitors ``article`` names in its title, kicker, lead, body and tags.

    Matches on the stored ``search_document`` (``persian.search_key`` of exactly
    that text), so every spelling variant the search handles matches here too.
    ``created``: the article is new, so it has no mentions to compare with. Returns
    (created, deleted) automatic mentions.
    """
    if index is None:
        index = exhibitor_alias_index()
    return _mentions_sync({article.pk: article.search_document or ""}, index, new=created)


@transaction.atomic(savepoint=False)  # inside a save: all or nothing with it
def mentions_find_in_new(*, articles: Iterable[Article], index: AliasIndex | None = None) -> int:
    """``mentions_recompute`` for articles just created together (an import's batch):
    their mentions in one statement. Returns how many were created."""
    if index is None:
        index = exhibitor_alias_index()
    documents = {article.pk: article.search_document or "" for article in articles}
    return _mentions_sync(documents, index, new=True)[0]


def _recompute_articles(articles, index: AliasIndex) -> tuple[int, int]:
    created = deleted = 0
    batch: dict[int, str] = {}
    for pk, document in articles.values_list("pk", "search_document").iterator(
        chunk_size=MENTION_BATCH_SIZE
    ):
        batch[pk] = document
        if len(batch) == MENTION_BATCH_SIZE:
            c, d = _mentions_sync(batch, index)
            created, deleted, batch = created + c, deleted + d, {}
    if batch:
        c, d = _mentions_sync(batch, index)
        created, deleted = created + c, deleted + d
    return created, deleted


def _articles_naming(sequences: Iterable[tuple[str, ...]]) -> set[int]:
    """Ids of articles whose text contains any of the sequences, through the search index
    (the archive may hold 100k articles: they are never all loaded)."""
    ids: set[int] = set()
    for sequence in sequences:
        query = (
            persian.Query(terms=sequence)
            if len(sequence) == 1
            else persian.Query(phrases=(sequence,))
        )
        ids.update(match(Article.objects.all(), query).values_list("pk", flat=True))
    return ids


@transaction.atomic
def mentions_recompute_for_exhibitor(*, exhibitor: Exhibitor) -> tuple[int, int]:
    """Recompute the articles an exhibitor's names or aliases touch, after they change:
    those naming it now (search index) and those it was found in before (its automatic
    mentions, which may be stale under the old names). Returns (created, deleted)."""
    candidates = _articles_naming(exhibitor_alias_token_sequences(exhibitor=exhibitor))
    candidates.update(
        exhibitor.mentions.filter(source=Mention.Source.AUTOMATIC).values_list(
            "article_id", flat=True
        )
    )
    if not candidates:
        return 0, 0
    return _recompute_articles(Article.objects.filter(pk__in=candidates), exhibitor_alias_index())


@transaction.atomic
def mentions_recompute_all() -> tuple[int, int]:
    """Every article, in batches (after loaddata, which skips every save path)."""
    return _recompute_articles(Article.objects.order_by("pk"), exhibitor_alias_index())


# Filled in by save() from the names; blank until then.
_DERIVED_FIELDS = ("search_document", "name_sort_fa", "name_sort_en")


def _exhibitor_save(exhibitor: Exhibitor) -> Exhibitor:
    exhibitor.full_clean(exclude=_DERIVED_FIELDS)
    saved = exhibitor.saved_names_signature
    exhibitor.save()
    if exhibitor.names_signature() != saved:
        # Names and aliases decide which news mention this exhibitor: when they change,
        # so may the mentions (also where the old names matched).
        mentions_recompute_for_exhibitor(exhibitor=exhibitor)
    return exhibitor


@transaction.atomic
def exhibitor_create(*, exhibitor: Exhibitor | None = None, **fields) -> Exhibitor:
    """Validate and save a new exhibitor (built from ``fields``, or ``exhibitor``: an
    unsaved one, as the admin's form fills it), then find the news that name it.
    Invalid data raises ValidationError and nothing is written."""
    if exhibitor is None:
        exhibitor = Exhibitor(**fields)
    else:
        for name, value in fields.items():
            setattr(exhibitor, name, value)
    return _exhibitor_save(exhibitor)


@transaction.atomic
def exhibitor_update(*, exhibitor: Exhibitor, **fields) -> Exhibitor:
    """Set ``fields``, validate and save; when the names or aliases changed, recompute
    the mentions of the articles they touch. Invalid data raises ValidationError and
    nothing is written."""
    for name, value in fields.items():
        setattr(exhibitor, name, value)
    return _exhibitor_save(exhibitor)


def demo_content_counts() -> dict[str, int]:
    """What ``demo_content_delete`` would remove, by kind of row."""
    demo_exhibitors = Exhibitor.objects.filter(is_demo=True)
    return {
        "achievements": Achievement.objects.filter(is_demo=True).count()
        + Achievement.objects.filter(is_demo=False, exhibitor__in=demo_exhibitors).count(),
        "stands": Stand.objects.filter(is_demo=True).count(),
        "amenities": Amenity.objects.filter(is_demo=True).count(),
        "exhibitors": demo_exhibitors.count(),
        "halls": _deletable_demo_halls().count(),
        "interests": CityInterest.objects.filter(is_demo=True).count(),
    }


def _deletable_demo_halls():
    # A demo hall that still holds a real stand or facility stays, so none loses its hall.
    return (
        Hall.objects.filter(is_demo=True)
        .exclude(stands__is_demo=False)
        .exclude(amenities__is_demo=False)
    )


@transaction.atomic
def demo_content_delete() -> dict[str, int]:
    """Delete every row marked as demo content, all or nothing; returns the counts."""
    counts = demo_content_counts()
    Achievement.objects.filter(is_demo=True).delete()
    Stand.objects.filter(is_demo=True).delete()
    Amenity.objects.filter(is_demo=True).delete()
    # Their remaining (non-demo) achievements go with them by cascade; counted above.
    Exhibitor.objects.filter(is_demo=True).delete()
    _deletable_demo_halls().delete()
    CityInterest.objects.filter(is_demo=True).delete()
    return counts
