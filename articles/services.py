"""Side-effecting workflows for articles. Views, admin, importer and seed call these.

The one write path: ``Article.save()`` fills in its own row only (normalized text, slug,
search document). Whatever else a write touches happens here, in ``article_create`` and
``article_update``: validation (``full_clean``), the news code, the tags, the search
document once the tags are saved, the pair's «needs review» flag when the source text
changed, the ``article_text_saved`` signal (booths recomputes the mentions), and once
the transaction commits, the renditions of its image (pages never make them). A bare
``save()`` outside these is for the row's own columns (``article_publish``) or tests.
An import's batch fills its new articles' rows as ``save()`` would (``Article.fill_row``)
and inserts them together, then does the same follow-ups for them together
(``_insert_pending``; ``articles_created`` instead of ``article_text_saved``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from simple_history.utils import get_change_reason_from_object

from articles import images, text
from articles.fingerprints import IMPORTED_FIELDS, article_fingerprint
from articles.models import (
    Article,
    ArticleDailyViews,
    ArticleImage,
    Desk,
    NewsCodeCounter,
    Status,
    Tag,
)
from articles.signals import article_text_saved, articles_created
from exhibition import display, persian
from exhibition.pagecache import content_changed

COUNTER_PK = 1


def allocate_news_code(at_least: int | None = None) -> int:
    """The next news code from the counter row, in one UPDATE that also locks the row
    for the transaction; with ``at_least`` (an imported code) the counter is moved past
    it instead."""
    counter = NewsCodeCounter.objects.filter(pk=COUNTER_PK)
    if at_least is not None:
        batch = _import_batch.get()
        moved = None if batch is None else batch.counter_at_least
        if moved is not None and at_least <= moved:  # moved past it in this transaction
            return at_least
        if not counter.update(last=Greatest(F("last"), Value(at_least))):
            with transaction.atomic():
                NewsCodeCounter.objects.get_or_create(pk=COUNTER_PK)
                counter.update(last=Greatest(F("last"), Value(at_least)))
        return at_least
    batch = _import_batch.get()
    if batch is not None and batch.next_code <= batch.reserved_last:
        batch.next_code += 1
        return batch.next_code - 1
    return _advance_counter(1)


def _advance_counter(by: int) -> int:
    """Add ``by`` to the counter in one UPDATE that locks its row for the transaction;
    the new last code."""
    counter = NewsCodeCounter.objects.filter(pk=COUNTER_PK)
    if connection.features.can_return_columns_from_insert:  # i.e. RETURNING works
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {quote(NewsCodeCounter._meta.db_table)} SET {quote('last')} = "
                f"{quote('last')} + %s WHERE {quote('id')} = %s RETURNING {quote('last')}",
                [by, COUNTER_PK],
            )
            row = cursor.fetchone()
        if row is not None:
            return row[0]
    with transaction.atomic():
        NewsCodeCounter.objects.get_or_create(pk=COUNTER_PK)
        counter.update(last=F("last") + by)
        return counter.values_list("last", flat=True).get()


def tags_from_names(names: Iterable[str]) -> list[Tag]:
    tags = []
    for name in names:
        name = persian.normalize(name)
        if not name:
            continue
        slug = persian.slugify(name, max_length=120) or "tag"
        tag, _created = Tag.objects.get_or_create(slug=slug, defaults={"name": name})
        tags.append(tag)
    return tags


def _refresh_search_document(article: Article) -> None:
    """Recompute the stored search document from the saved tags (when a caller's
    ``save_related`` set them after the row was saved)."""
    document = text.article_search_document(article)
    if document != article.search_document:
        article.search_document = document
        Article.objects.filter(pk=article.pk).update(search_document=document)


def _validate_pair(article: Article) -> None:
    article.clean_pair()


def _validate_new_text(article: Article) -> None:
    """What an article created or updated must pass (the admin's form has checked the
    same). The CHECK constraints repeat what field choices and Article.clean() validate
    (and the database enforces them); Django would check each one with a query."""
    _validate_pair(article)
    exclude = ["news_code"] if article.slug else ["news_code", "slug"]  # save fills the slug
    article.full_clean(exclude=exclude, validate_constraints=False)


def _before_save(article: Article) -> None:
    if article.language != settings.LANGUAGE_CODE:
        # A translation saved in full has been looked at again.
        article.translation_outdated = False
    images.strip_upload(article)  # a new upload: upright, without EXIF


def _save_text(
    article: Article,
    *,
    tags: list[Tag] | None,
    save_related: Callable[[], None] | None,
    created: bool,
    imported_tag_slugs: Iterable[str] | None = None,
    insert_with_batch: bool = False,
) -> None:
    """Save a validated article with everything that follows from its text (with
    ``insert_with_batch``, a new one's row and what follows it are written when the
    import's batch flushes: ``_insert_pending``)."""
    saved = article.saved_text
    _before_save(article)
    batch = _import_batch.get()
    if (
        insert_with_batch
        and batch is not None
        and created
        and save_related is None
        # The ids come back from the INSERT (PostgreSQL; SQLite from 3.35 on).
        and connection.features.can_return_rows_from_bulk_insert
    ):
        search_tag_names = None if tags is None else text.all_tag_names(tags)
        article.fill_row(search_tag_names=search_tag_names, imported_tag_slugs=imported_tag_slugs)
        batch.pending.append((article, list(dict.fromkeys(tags or ()))))
        return
    _insert_pending(batch)  # rows saved before this one are inserted before it
    if batch is not None:
        article.skip_history_when_saving = True  # recorded below, as it is saved
    try:
        if tags is None:
            article.save(imported_tag_slugs=imported_tag_slugs)
        else:
            article.save(
                search_tag_names=text.all_tag_names(tags), imported_tag_slugs=imported_tag_slugs
            )
    finally:
        if batch is not None:
            del article.skip_history_when_saving
    if batch is not None:
        batch.revisions.append(_revision(article, created=created))
    if tags is not None:
        if not created:
            article.tags.set(tags)
        elif tags:  # a new article has no tag rows to compare with
            article.tags.add(*tags)
    _make_renditions_on_commit(article, "image")
    if save_related is not None:
        save_related()
        _refresh_search_document(article)
    if article.text_changed(since=saved):
        article_source_changed(article=article)
    article_text_saved.send(sender=Article, article=article, created=created)


# --- an import's batch: one transaction for several files -----------------------------------


@dataclass
class _ImportBatch:
    # Revisions built as each article was saved, inserted together at the end.
    revisions: list
    # The counter has been moved past these imported news codes in this transaction.
    counter_at_least: int | None
    # News codes reserved for the batch's new articles: next_code..reserved_last.
    next_code: int = 1
    reserved_last: int = 0
    # Keys (news codes, source URLs, content hashes) of the batch's records that no
    # stored article had when the batch began: those records need no lookup.
    absent: set = field(default_factory=set)
    # New articles (with their tags) validated and filled in, not inserted yet: one
    # INSERT for them all when the batch ends, or before anything that could read them.
    pending: list = field(default_factory=list)
    # Media files the batch's records wrote (images' stripped copies): the caller
    # deletes them if its transaction is rolled back, as no transaction does.
    new_files: list = field(default_factory=list)


_import_batch: ContextVar[_ImportBatch | None] = ContextVar("import_batch", default=None)
_historical_article = None


def _revision(article: Article, *, created: bool):
    """The revision django-simple-history records when ``article`` is saved, built as it
    does (the same fields, time, reason; the importer has no request, so no user unless
    the caller set ``_history_user``), without its per-save manager class."""
    global _historical_article
    if _historical_article is None:
        _historical_article = Article.history.model
    model = _historical_article
    return model(
        history_date=getattr(article, "_history_date", None) or timezone.now(),
        history_type="+" if created else "~",
        history_user=getattr(article, "_history_user", None),
        history_change_reason=get_change_reason_from_object(article),
        **{field.attname: getattr(article, field.attname) for field in model.tracked_fields},
    )


def _insert_pending(batch: _ImportBatch | None) -> None:
    """Insert the batch's pending new articles with one statement (its RETURNING gives
    their ids), then what each save would have written after its row, together: the
    tag links, the revisions (with the batch's), the renditions once it commits, and
    ``articles_created`` (booths writes their mentions)."""
    if batch is None or not batch.pending:
        return
    pending, batch.pending = batch.pending, []
    articles = [article for article, _tags in pending]
    Article.objects.bulk_create(articles)
    links = Article.tags.through
    links.objects.bulk_create(
        [links(article_id=article.pk, tag_id=tag.pk) for article, tags in pending for tag in tags]
    )
    for article in articles:
        article.row_saved()
        batch.revisions.append(_revision(article, created=True))
        _make_renditions_on_commit(article, "image")
    content_changed()  # bulk_create sends no post_save, nor the tags' m2m_changed
    articles_created.send(sender=Article, articles=articles)


def _absent(field_name: str, values: set) -> set:
    values.discard("")
    if not values:
        return set()
    stored = Article.objects.filter(**{f"{field_name}__in": values})
    return {(field_name, v) for v in values - set(stored.values_list(field_name, flat=True))}


@contextlib.contextmanager
def article_import_batch(*, records: Iterable = ()) -> Iterator[list[str]]:
    """For ``article_import`` calls of ``records`` (parsed, one file's or several) inside
    the caller's transaction: what each record would cost a statement for, once for
    them all. At the start the news code counter is moved past the records' imported
    codes and codes are reserved for those without one, under the counter's row lock
    as before (codes left unused are given back at the end: no gaps); which records'
    keys are stored already is asked once per key; each saved article still gets its
    revision, built as it is saved, and the revisions are inserted together when the
    block ends without an error (an error inserts none: the caller's transaction is
    rolled back with them).

    New articles are inserted together, with one statement, when the block ends or
    before any later statement that could read them (``_insert_pending``); until then
    their ``pk`` is None. Yields the list of media files its records write (images'
    stripped copies): if the caller's transaction is rolled back, the caller deletes
    them."""
    records = list(records)
    batch = _ImportBatch(revisions=[], counter_at_least=None)
    codes = {r.news_code for r in records if r.news_code is not None}
    if codes:
        batch.counter_at_least = allocate_news_code(at_least=max(codes))
    uncoded = [r for r in records if r.news_code is None]
    if len(uncoded) > 1:
        batch.reserved_last = _advance_counter(len(uncoded))
        batch.next_code = batch.reserved_last - len(uncoded) + 1
    if len(records) > 1:
        batch.absent = (
            _absent("news_code", codes)
            | _absent("source_url", {r.source_url for r in uncoded if r.source_url})
            | _absent("content_hash", {r.content_hash for r in uncoded if r.content_hash})
        )
    token = _import_batch.set(batch)
    try:
        yield batch.new_files
        _insert_pending(batch)
    finally:
        _import_batch.reset(token)
    if batch.next_code <= batch.reserved_last:  # give back what no new article took
        NewsCodeCounter.objects.filter(pk=COUNTER_PK, last=batch.reserved_last).update(
            last=batch.next_code - 1
        )
    if batch.revisions and getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        type(batch.revisions[0]).objects.bulk_create(batch.revisions)


def _make_renditions_on_commit(obj, field_name: str) -> None:
    """Once the save commits, make the missing renditions of ``obj``'s image (a page
    never makes them: a gallery's first view could outlast the worker's timeout). Then
    a new page generation: a page cached meanwhile showed the original."""
    field = obj._meta.get_field(field_name)
    file = getattr(obj, field_name)
    if not file:
        return
    stored = field.attr_class(obj, field, file.name)  # as saved, whatever obj becomes
    width, height = getattr(obj, field.width_field), getattr(obj, field.height_field)

    def make():
        if images.make_renditions(stored, width, height):
            content_changed()

    transaction.on_commit(make, robust=True)


# No savepoint of its own (nor in article_update, article_import): inside a caller's
# transaction a failure spoils that whole transaction, which is what the importer wants
# (one file, all or nothing), and a savepoint costs a round trip each way per article.
@transaction.atomic(savepoint=False)
def article_create(
    *,
    article: Article | None = None,
    tags: Iterable[Tag] = (),
    news_code: int | None = None,
    save_related: Callable[[], None] | None = None,
    imported_tag_slugs: Iterable[str] | None = None,
    insert_with_batch: bool = False,
    **fields,
) -> Article:
    """Validate and save a new article (built from ``fields``, or ``article``: an unsaved
    one, as the admin's form fills it) with the next news code, or ``news_code`` (an
    imported one; the counter moves past it). ``imported_tag_slugs``: saved by an import,
    whose fingerprint the row keeps (``articles.fingerprints``).

    ``save_related``: saves rows that need the article's primary key (the admin's tags
    and inlines); called after the row is saved, before the text is final (search
    document, ``article_text_saved``).

    ``insert_with_batch`` (inside ``article_import_batch``): validated and filled in
    now, inserted with the batch's other new articles later; its ``pk`` is None until
    then."""
    if article is None:
        article = Article(**fields)
    else:
        for name, value in fields.items():
            setattr(article, name, value)
    if news_code is not None:
        article.news_code = allocate_news_code(at_least=news_code)
    _validate_new_text(article)
    if not article.news_code:
        article.news_code = allocate_news_code()
    _save_text(
        article,
        tags=list(tags),
        save_related=save_related,
        created=True,
        imported_tag_slugs=imported_tag_slugs,
        insert_with_batch=insert_with_batch,
    )
    return article


@transaction.atomic(savepoint=False)
def article_update(
    *,
    article: Article,
    tags: Iterable[Tag] | None = None,
    save_related: Callable[[], None] | None = None,
    **fields,
) -> Article:
    """Set ``fields``, validate and save; ``tags``, when given, replace the article's.
    Invalid data raises ValidationError and nothing is written. ``save_related``: as
    for ``article_create``."""
    for name, value in fields.items():
        setattr(article, name, value)
    _validate_new_text(article)
    _save_text(
        article,
        tags=None if tags is None else list(tags),
        save_related=save_related,
        created=False,
    )
    return article


def article_publish(*, article: Article, at: datetime | None = None) -> Article:
    """Publish now, or at ``at`` (a future time schedules it).

    Publishing what is already public without a time changes nothing: re-dating it
    would move an old story to the top of the news.
    """
    if at is None and article.is_public:
        return article
    article.status = Status.PUBLISHED
    article.published_at = at or timezone.now()
    article.save(update_fields=["status", "published_at", "updated_at"])
    return article


def article_schedule(*, article: Article, at: datetime) -> Article:
    if at <= timezone.now():
        raise ValidationError({"published_at": _("A scheduled time must be in the future.")})
    return article_publish(article=article, at=at)


def article_unpublish(*, article: Article) -> Article:
    article.status = Status.DRAFT
    article.save(update_fields=["status", "updated_at"])
    return article


# --- gallery ----------------------------------------------------------------------------------


@transaction.atomic
def article_image_save(*, article_image: ArticleImage, **fields) -> ArticleImage:
    """Set ``fields`` on a gallery image (new or stored), validate and save it; a new
    upload is stored upright and without EXIF, and its renditions are made once the
    save commits. Saving it empties the page cache (articles.apps watches every model
    of the app)."""
    for name, value in fields.items():
        setattr(article_image, name, value)
    # Cleaned like the article's caption and credits: no bidi controls or invisibles.
    for name in ("alt_fa", "alt_en", "caption", "credit"):
        setattr(article_image, name, persian.clean(getattr(article_image, name) or ""))
    article_image.full_clean(validate_constraints=False)
    images.strip_upload(article_image)
    article_image.save()
    _make_renditions_on_commit(article_image, "image")
    return article_image


def article_image_delete(*, article_image: ArticleImage) -> None:
    """Take an image out of its article's gallery (the stored file and its renditions
    stay: a restored revision or a cached page may still point at them)."""
    article_image.delete()


# --- review: draft -> review -> published (publishing is article_publish/_schedule) ---------


def _log_change(*, article: Article, by, message: str) -> None:
    """The step in the article's admin history («History»), whoever made it."""
    from django.contrib.admin.models import CHANGE, LogEntry

    LogEntry.objects.log_actions(
        user_id=by.pk,
        queryset=[article],
        action_flag=CHANGE,
        change_message=message,
        single_object=True,
    )


def _require(by, *perms: str) -> None:
    # The admin offers each action only to those allowed; this covers every other caller.
    if not any(by.has_perm(perm) for perm in perms):
        raise PermissionDenied(_("You may not do this with articles."))


def _move(
    *, article: Article, by, allowed_from: str, to: str, refusals: dict[str, str], reason: str = ""
) -> None:
    # The stored status, under a row lock: two editors acting on the same article at
    # once see each other's step, not the page they loaded.
    stored = (
        Article.objects.select_for_update()
        .filter(pk=article.pk)
        .values_list("status", flat=True)
        .first()
    )
    if stored is None:
        raise ValidationError(_("This article no longer exists."))
    if stored != allowed_from:
        raise ValidationError(refusals[stored] % {"title": display.quoted(article.title)})
    article.status = to
    try:
        article.full_clean(exclude=["news_code", "slug"], validate_constraints=False)
    except ValidationError:
        article.status = stored  # the caller's copy stays as the database has it
        raise
    # The revision this save records says why (the history page shows it).
    article._change_reason = reason or None
    article.save(update_fields=["status", "updated_at"])


@transaction.atomic
def article_submit_for_review(*, article: Article, by) -> Article:
    """A reporter hands a draft to the editors: it joins their queue."""
    _require(by, "articles.submit_article", "articles.publish_article")
    _move(
        article=article,
        by=by,
        allowed_from=Status.DRAFT,
        to=Status.IN_REVIEW,
        reason=_("Submitted for review."),
        refusals={
            Status.IN_REVIEW: _("%(title)s is already waiting for review."),
            Status.PUBLISHED: _(
                "%(title)s is published; only a draft can be submitted for review."
            ),
        },
    )
    _log_change(article=article, by=by, message=_("Submitted for review."))
    return article


@transaction.atomic
def article_return_to_draft(*, article: Article, by, note: str = "") -> Article:
    """An editor sends an article in review back to its reporter, saying why."""
    _require(by, "articles.publish_article")
    note = note.strip()
    message = _("Returned to draft: %(note)s") % {"note": note} if note else _("Returned to draft.")
    _move(
        article=article,
        by=by,
        allowed_from=Status.IN_REVIEW,
        to=Status.DRAFT,
        reason=message,
        refusals={
            Status.DRAFT: _(
                "%(title)s is a draft already; only an article in review can be returned."
            ),
            Status.PUBLISHED: _("%(title)s is published; unpublish it instead."),
        },
    )
    _log_change(article=article, by=by, message=message)
    return article


def article_record_view(*, article: Article | None = None, article_pk: int | None = None) -> None:
    """One more view: the article's total and today's count (Tehran time) together,
    each added in the database so concurrent readers don't lose any."""
    pk = article.pk if article is not None else article_pk
    day = timezone.localdate()
    with transaction.atomic():
        # Also locks the article's row: a deletion racing this waits, and a count for
        # an article that is gone adds no daily row.
        if not Article.objects.filter(pk=pk).update(view_count=F("view_count") + 1):
            return
        today = ArticleDailyViews.objects.filter(article_id=pk, date=day)
        if today.update(views=F("views") + 1):
            return
        # The day's first view. Not bulk_create(update_conflicts=True): its update
        # can only copy the new row's value (1), not add to the stored count.
        try:
            with transaction.atomic():  # a savepoint: the loser of a race carries on
                ArticleDailyViews.objects.create(article_id=pk, date=day, views=1)
        except IntegrityError:
            today.update(views=F("views") + 1)


VISIT_SECONDS = 24 * 60 * 60
# One address counts at most this many visitors of one article a day. A visitor is an
# address and a browser, and the browser's name is the visitor's to choose: without a
# cap, a script that changes its User-Agent counts as new readers without end. High
# enough for a hall's Wi-Fi, where many phones share one address.
VISITORS_PER_ADDRESS = 50


def _visit_mark(kind: str, *parts) -> str:
    """A cache key that cannot be turned back into the address or linked across days."""
    digest = salted_hmac("articles.visit", " ".join(map(str, parts))).hexdigest()
    return f"articles:{kind}:{digest}"


def article_record_visit(*, article_pk: int, visitor: str, address: str = "") -> bool:
    """Count a view unless ``visitor`` (address and browser) saw the article today, or
    ``address`` already brought VISITORS_PER_ADDRESS of its visitors to it today.

    No session and nothing stored about the visitor but marks in the cache for a day,
    named by keyed hashes of the date, the visitor and the article: the marks of one
    day cannot be linked to another's, nor turned back into an address. Added
    atomically, so reloads racing each other count once. While the cache cannot be
    reached nothing is counted (rather than every reload).
    """
    day = timezone.localdate().isoformat()
    if not cache.add(_visit_mark("seen", day, article_pk, visitor), 1, VISIT_SECONDS):
        return False
    if address:
        per_address = _visit_mark("seen-from", day, article_pk, address)
        cache.add(per_address, 0, VISIT_SECONDS)
        try:
            visitors = cache.incr(per_address)
        except ValueError:  # expired (or the cache was lost) since the add: a fresh day
            visitors = 1
        if visitors > VISITORS_PER_ADDRESS:
            return False
    article_record_view(article_pk=article_pk)
    return True


def article_source_changed(*, article: Article) -> None:
    """A source-language article's title, lead or body changed: its translation needs
    review (cleared when the translation is saved again)."""
    if article.language != settings.LANGUAGE_CODE:
        return
    Article.objects.filter(Q(paired=article) | Q(paired_from=article)).exclude(
        language=article.language
    ).update(translation_outdated=True)


def article_pair(*, article: Article, other: Article | None) -> None:
    """Pair two articles in different languages (both sides point at each other)."""
    with transaction.atomic():
        if article.paired_id and article.paired_id != getattr(other, "pk", None):
            Article.objects.filter(pk=article.paired_id).update(paired=None)
        if other is None:
            article.paired = None
            Article.objects.filter(pk=article.pk).update(paired=None)
            content_changed()
            return
        if other.language == article.language:
            raise ValidationError(
                {"paired": _("The paired article must be in the other language.")}
            )
        Article.objects.filter(paired__in=[article, other]).update(paired=None)
        Article.objects.filter(pk=article.pk).update(paired=other)
        Article.objects.filter(pk=other.pk).update(paired=article)
        article.paired, other.paired = other, article
        content_changed()  # update() sends no signal; the language switch links the pair


# --- import ---------------------------------------------------------------------------------

COMPARED_FIELDS = (
    *IMPORTED_FIELDS,
    "slug",
    "image",
    "image_alt_fa",
    "image_alt_en",
    "status",
    "published_at",
    "view_count",
    "desk_id",
)


@dataclass
class ImportOutcome:
    # "created", "updated", "unchanged", or "kept": staff edited the article since its
    # import (or it predates the fingerprint and differs), so the source was not applied.
    action: str
    article: Article
    dropped_paragraphs: list[str]
    edited_at: datetime | None = None
    untracked: bool = False  # "kept" an article imported before fingerprints were kept
    # Created published with no time of its own: it got ``now`` (the caller's default).
    dated_by_default: bool = False


def _remember_import(article: Article, tag_slugs: Iterable[str]) -> None:
    article.imported_fingerprint = article_fingerprint(article=article, tag_slugs=tag_slugs)
    Article.objects.filter(pk=article.pk).update(imported_fingerprint=article.imported_fingerprint)


def _named(model, names: dict, *, max_length: int):
    slug = names["slug"] or persian.slugify(names["name_fa"], max_length=max_length)
    if not slug:
        raise ValidationError(_("A service or tag name gives an empty slug."))
    # Lengths and the slug's characters: SQLite would store what PostgreSQL refuses.
    model(slug=slug, name_fa=names["name_fa"] or slug, name_en=names["name_en"]).full_clean(
        validate_unique=False, validate_constraints=False
    )
    obj, _created = model.objects.get_or_create(
        slug=slug, defaults={"name_fa": names["name_fa"] or slug, "name_en": names["name_en"]}
    )
    return obj


def _first_pk(field: str, value) -> int | None:
    """The primary key of the first article (in the model's order) with ``field`` equal
    to ``value``. The query is the ORM's own, compiled once per field and database: the
    importer asks once per file, and compiling it cost more than running it."""
    key = (connection.vendor, field)
    sql = _FIRST_PK_SQL.get(key)
    if sql is None:
        queryset = Article.objects.filter(**{field: value}).values_list("pk", flat=True)[:1]
        sql, params = queryset.query.sql_with_params()
        if list(params) != [value]:  # e.g. a lookup Django would rewrite: stay with the ORM
            return queryset.first()
        _FIRST_PK_SQL[key] = sql
    with connection.cursor() as cursor:
        cursor.execute(sql, [value])
        row = cursor.fetchone()
    return None if row is None else row[0]


_FIRST_PK_SQL: dict[tuple[str, str], str] = {}


def _find_existing(parsed) -> Article | None:
    # The key first, the row only when there is one: most imported articles are new.
    batch = _import_batch.get()
    absent = set() if batch is None else batch.absent
    keys = [("news_code", parsed.news_code)]
    if parsed.news_code is None:
        keys = [("source_url", parsed.source_url), ("content_hash", parsed.content_hash)]
    keys = [(name, value) for name, value in keys if value]
    # Not stored when the batch began; once looked up they may be (this record's
    # article), so a later record with the same key asks the database.
    unknown = [key for key in keys if key not in absent]
    absent.difference_update(keys)
    absent.difference_update(
        (name, getattr(parsed, name))
        for name in ("news_code", "source_url", "content_hash")
        if getattr(parsed, name)
    )
    if unknown:
        _insert_pending(batch)  # the key may be a pending article's
    pk = None
    for name, value in unknown:
        pk = _first_pk(name, value)
        if pk is not None:
            break
    return None if pk is None else Article.objects.get(pk=pk)


def _store_copy(article: Article, copied: bool) -> None:
    """Write the image's stripped copy (``copied``) now rather than as the row is saved,
    so that the import's batch knows the file: if its transaction is rolled back (a
    failed file, a batch redone file by file), the caller deletes it."""
    batch = _import_batch.get()
    if not copied or batch is None:  # outside a batch, the save writes it
        return
    image = article.image
    image.save(image.name, image.file, save=False)  # what saving the row would do
    batch.new_files.append(article.image.name)


def _snapshot(article: Article) -> tuple:
    values = [getattr(article, name) for name in COMPARED_FIELDS]
    return tuple(
        getattr(v, "name", v) if name == "image" else v
        for name, v in zip(COMPARED_FIELDS, values, strict=True)
    )


@transaction.atomic(savepoint=False)
def article_import(
    *, parsed, draft: bool = False, now: datetime | None = None, force: bool = False
) -> ImportOutcome:
    """Create or update one article from an importer record; an identical re-import
    changes nothing. Imported articles are published (at ``now``, when the source has
    no time; the outcome says so) unless ``draft``.

    An article staff edited after its import is kept as it is (action "kept"), however
    its source changed; ``force`` takes the source's text over the edits."""
    now = now or timezone.now()
    dated_by_default = False
    existing = _find_existing(parsed)
    article = existing or Article(language=parsed.language)
    before = _snapshot(article) if existing else None
    before_tags = sorted(article.tags.values_list("slug", flat=True)) if existing else None
    if existing:
        stored_fingerprint = article_fingerprint(article=existing, tag_slugs=before_tags)
        # None: imported before fingerprints were kept (or made by staff): unknown.
        edited = (
            existing.imported_fingerprint != stored_fingerprint
            if existing.imported_fingerprint
            else None
        )

    for name in IMPORTED_FIELDS:
        setattr(article, name, getattr(parsed, name))
    if parsed.slug:
        article.slug = parsed.slug
    copied = False
    if parsed.image:
        # Stripped of EXIF (GPS) and turned upright, as an upload: a copy when needed.
        image = images.imported_image(
            parsed.image, stored=article.image.name if existing and article.image else ""
        )
        copied = not isinstance(image, str)  # a new file, written when the article is saved
        article.image = image
        # Required with an image: a record without them keeps what is stored, and a new
        # article gets its caption or title (what a reader saw beside the image).
        fallback = (parsed.image_caption or parsed.title)[:300]
        for name in ("image_alt_fa", "image_alt_en"):
            setattr(article, name, getattr(parsed, name) or getattr(article, name) or fallback)
    if parsed.view_count is not None:
        article.view_count = parsed.view_count
    if parsed.desk:
        article.desk = _named(Desk, parsed.desk, max_length=100)
    if draft:
        article.status = Status.DRAFT
        article.published_at = parsed.published_at or (article.published_at if existing else None)
    elif parsed.status or not existing:
        article.status = parsed.status or Status.PUBLISHED
        article.published_at = parsed.published_at or (
            now if article.status == Status.PUBLISHED else None
        )
    elif parsed.published_at:
        article.published_at = parsed.published_at
    tags = [_named(Tag, names, max_length=120) for names in parsed.tags]
    tag_slugs = sorted(t.slug for t in tags)

    if existing:
        text.normalize_article(article)
        unchanged = (
            _snapshot(article) == before
            and before_tags == tag_slugs
            and parsed.translation_outdated in (None, article.translation_outdated)
        )
        if unchanged:
            if edited is not False:  # it is what this source gives: that is the baseline
                _remember_import(article, tag_slugs)
            action = "unchanged"
        elif edited is not False and not force:
            # The stored text is staff's (or may be): keep it, and say so.
            article.refresh_from_db()
            return ImportOutcome(
                "kept",
                article,
                parsed.dropped_paragraphs,
                article.updated_at,
                untracked=edited is None,
            )
        else:
            _store_copy(article, copied)
            article_update(article=article, tags=tags)  # validates as a new one would
            _remember_import(article, tag_slugs)
            action = "updated"
    else:
        _store_copy(article, copied)
        article = article_create(
            news_code=parsed.news_code,
            tags=tags,
            # Inserted with the batch's others unless something below needs its row.
            insert_with_batch=parsed.paired_news_code is None
            and parsed.translation_outdated is None,
            **{
                name: getattr(article, name)
                for name in (*COMPARED_FIELDS, "slug")
                if name not in ("desk_id",)
            },
            desk=article.desk,
            imported_tag_slugs=tag_slugs,  # its fingerprint, in the same write
        )
        action = "created"
        dated_by_default = parsed.published_at is None and article.status == Status.PUBLISHED

    if parsed.paired_news_code is not None and article.paired_id is None:
        other = Article.objects.filter(news_code=parsed.paired_news_code).first()
        if other is not None:
            article_pair(article=article, other=other)
    if parsed.translation_outdated is not None:
        # Set last: saving a translation (and pairing) would otherwise decide it.
        article.translation_outdated = parsed.translation_outdated
        Article.objects.filter(pk=article.pk).update(
            translation_outdated=parsed.translation_outdated
        )
    return ImportOutcome(
        action,
        article,
        parsed.dropped_paragraphs,
        dated_by_default=action == "created" and dated_by_default,
    )
