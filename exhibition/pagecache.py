"""The anonymous visitor's pages, kept whole in the shared cache.

One number, the content generation, names everything cached: saving or deleting any
article, service, tag, exhibitor, stand, hall, district achievement or sister city,
a translation saved in Rosetta, and a scheduled article's time arriving each start a
new generation, and pages of older generations are never read again (they expire).
The generation is the time of that change, so it doubles as every page's
Last-Modified.

Only views wrapped in ``public_page`` (exhibition/urls.py, articles/urls.py,
booths/urls.py) are stored, only for GET by a visitor who is not logged in (no session
cookie, or one whose session has no user: a made-up cookie gets the cached page too),
only 200 responses that set no cookie. A logged-in request (staff) is never answered
from the cache and its response is never stored; an authenticated user's response is
marked ``private, no-store`` so no proxy keeps it either.
"""

from __future__ import annotations

import functools
import hashlib
import logging
import time
from functools import wraps
from importlib import import_module
from pathlib import Path

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.middleware.gzip import GZipMiddleware
from django.utils import translation
from django.utils.cache import add_never_cache_headers, patch_cache_control, patch_vary_headers
from django.utils.http import http_date

from exhibition.cache import recovered

logger = logging.getLogger(__name__)

_GENERATION_KEY = "content:generation"
_NO_SCHEDULED_CHANGE = 0
# Headers the middleware decides afresh for every answer, cached or not.
_FRESH_HEADERS = {"cache-control", "expires", "last-modified", "etag", "age"}

# Callables returning the next moment public content changes by itself (a scheduled
# article's time), as a datetime or None; each app registers its own in ready().
_scheduled_changes = []


def register_scheduled_change(next_change) -> None:
    if next_change not in _scheduled_changes:
        _scheduled_changes.append(next_change)


# Callables ``(request, pk)`` told that a page marked ``counts_view_of = pk`` was served,
# from the cache or not (articles counts its views); each app registers its own in ready().
_view_counters = []


def register_view_counter(counter) -> None:
    if counter not in _view_counters:
        _view_counters.append(counter)


# --- the content generation ------------------------------------------------------


def _bump() -> None:
    cache.set(_GENERATION_KEY, time.time_ns(), None)


def content_changed(**kwargs) -> None:
    """A post_save / post_delete / m2m_changed receiver (also called by services that
    change rows with update()): every cached page and aggregate may be stale.

    Bumped at once, and again when the transaction commits: a page rendered meanwhile
    from the not yet committed rows' old state must not live on under the new number.
    """
    _bump()
    connection = transaction.get_connection()
    if connection.in_atomic_block and not any(
        entry[1] is _bump for entry in connection.run_on_commit
    ):
        transaction.on_commit(_bump)


def _cache_recovered(**kwargs) -> None:
    # A change saved while the cache was unreachable could not start a new generation.
    _bump()


recovered.connect(_cache_recovered, dispatch_uid="pagecache-recovered")


def watch(*models) -> None:
    """Start a new generation whenever one of ``models`` (or its many-to-many links)
    is saved or deleted."""
    for model in models:
        uid = f"content-{model._meta.label}"
        post_save.connect(content_changed, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(content_changed, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            m2m_changed.connect(
                content_changed, sender=field.remote_field.through, dispatch_uid=f"{uid}-{field}"
            )


def _next_scheduled_change(generation: int) -> int:
    """Unix time of the next scheduled change, or 0: asked once per generation."""
    key = f"content:next-change:{generation}"
    moment = cache.get(key)
    if moment is None:
        moments = [m for next_change in _scheduled_changes if (m := next_change())]
        moment = int(min(moments).timestamp()) + 1 if moments else _NO_SCHEDULED_CHANGE
        cache.set(key, moment, settings.PAGE_CACHE_TTL * 10)
    return moment


def content_generation() -> int | None:
    """The current generation; None while the cache cannot be reached (then nothing
    is cached)."""
    generation = cache.get(_GENERATION_KEY)
    if generation is None:  # evicted or never set: a new one never names old entries
        cache.add(_GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(_GENERATION_KEY)
    return generation


def content_state() -> tuple[int | None, int]:
    """(generation, next scheduled change or 0), starting a new generation first when
    a scheduled article has become public: whoever notices first does."""
    generation = content_generation()
    if generation is None:
        return None, _NO_SCHEDULED_CHANGE
    next_change = _next_scheduled_change(generation)
    if next_change and time.time() >= next_change:
        _bump()
        return content_state()
    return generation, next_change


# --- marking views -----------------------------------------------------------------


def public_page(view=None, *, ttl: int | None = None, searched_by: tuple[str, ...] = ()):
    """Wrap a view whose anonymous answer is the same for everyone: it may be cached
    here (``ttl`` seconds at most, PAGE_CACHE_TTL by default) and by browsers and
    proxies (PAGE_MAX_AGE seconds). ``searched_by`` names the query parameters that
    carry free text (the floor plan's ``q``): an answer to one is kept no longer than
    search results (PAGE_CACHE_SEARCH_TTL), as its addresses are as endless."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            response = view(request, *args, **kwargs)
            response.public_page_ttl = ttl or settings.PAGE_CACHE_TTL
            if any(request.GET.get(name, "").strip() for name in searched_by):
                response.public_page_ttl = min(
                    response.public_page_ttl, settings.PAGE_CACHE_SEARCH_TTL
                )
            return response

        return wrapper

    return decorator(view) if view is not None else decorator


# --- the middleware -----------------------------------------------------------------


def _is_anonymous_request(request) -> bool:
    """No session cookie, or one whose session has no logged-in user: a stale or
    made-up cookie must not make every request skip the cache. Read only for a page
    the cache holds; a session that cannot be read counts as logged in (the page is
    rendered, and says what it can)."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if not session_key:
        return True
    try:
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        return SESSION_KEY not in session
    except DatabaseError:
        return False


def _is_authenticated(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user is not None and user.is_authenticated)


@functools.cache
def release() -> str:
    """Names the deployed code: a deploy that changes a template, the code, a catalog or
    the static files' manifest (a page names its CSS by hash) must not serve pages the
    old release rendered. The newest modification time among them, read once per
    process."""
    roots = [
        Path(settings.BASE_DIR) / name
        for name in ("templates", "exhibition", "articles", "booths", "programme")
    ]
    roots += [Path(path) for path in settings.LOCALE_PATHS]
    newest = 0
    for root in roots:
        for path in root.rglob("*"):
            if path.suffix in {".py", ".html", ".txt", ".xml", ".mo"}:
                newest = max(newest, path.stat().st_mtime_ns)
    manifest = Path(settings.STATIC_ROOT or ".") / "staticfiles.json"
    if manifest.exists():
        newest = max(newest, manifest.stat().st_mtime_ns)
    return format(newest, "x")


def _page_key(request, generation: int) -> str | None:
    try:
        address = request.build_absolute_uri()  # scheme and host: feeds hold absolute URLs
    except Exception:  # DisallowedHost: let the stack inside answer it
        return None
    language = translation.get_language_from_request(request, check_path=True)
    digest = hashlib.sha256(f"{language} {address}".encode()).hexdigest()[:40]
    return f"page:{release()}:{generation}:{digest}"


# The query string names the public pages read (search and filters, paging, the floor
# plan's focus, the most viewed period). A request with any other name, or a very long
# query, is answered but not stored: a made-up parameter per request would otherwise fill
# the shared cache with copies of one page and push out what is worth keeping.
STORED_QUERY_NAMES = frozenset(
    {
        "q",
        "page",
        "sort",
        "date_from",
        "date_to",
        "service",
        "tag",
        "kind",
        "hall",
        "district",
        "country",
        "stand",
        "exhibitor",
        "period",
    }
)
MAX_STORED_QUERY_LENGTH = 500


def _storable_query(request) -> bool:
    query = request.META.get("QUERY_STRING", "")
    if len(query) > MAX_STORED_QUERY_LENGTH:
        return False
    return all(name in STORED_QUERY_NAMES for name in request.GET)


def _shareable(request, response) -> bool:
    """The same for every anonymous visitor: no cookie set, no CSRF token in it."""
    return (
        response.status_code == 200
        and _storable_query(request)
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and "private" not in response.get("Cache-Control", "")
        and not _is_authenticated(request)
    )


class PageCacheMiddleware:
    """Answers anonymous GET/HEAD requests for public pages from the cache; stores the
    answers it may; sets Cache-Control, Vary and Last-Modified; counts article views
    whether the page came from the cache or not.

    Outside SessionMiddleware, so that it sees every cookie the inner layers set, and
    inside CatalogReloadMiddleware, so that a translation saved in another worker has
    already started a new generation. Django's own cache middleware keys on the Cookie
    header (a page per visitor with a cookie) and would store staff pages, hence this.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        release()  # at start, not on a visitor's request

    def __call__(self, request):
        generation, next_change = None, _NO_SCHEDULED_CHANGE
        key = None
        enabled = settings.PAGE_CACHE_TTL > 0
        if enabled and request.method in ("GET", "HEAD"):
            try:
                generation, next_change = content_state()
            except DatabaseError:  # the page will say what it can (healthz: 503)
                generation = None
            if generation is not None:
                key = _page_key(request, generation)
        entry = cache.get(key) if key else None
        if entry is not None and not _is_anonymous_request(request):
            entry = None  # a logged-in visitor's page is theirs: rendered, never stored
        if entry is not None:
            content, headers, ttl, article_pk = entry
            # (release() changes with this code, so the entry has this shape)
            response = HttpResponse(content)
            for name, value in headers:
                response.headers[name] = value
            response.public_page_ttl = ttl
            response.counts_view_of = article_pk
        else:
            response = self.get_response(request)

        if article_pk := getattr(response, "counts_view_of", None):
            for counter in _view_counters:
                counter(request, article_pk)

        if _is_authenticated(request):
            add_never_cache_headers(response)
            return response
        ttl = getattr(response, "public_page_ttl", None)
        if ttl is None or generation is None:
            return response
        if next_change:  # the page changes by itself then
            ttl = max(1, min(ttl, next_change - int(time.time())))
        if entry is None:
            if not _shareable(request, response):
                return response
            if request.method == "GET" and key is not None:
                headers = [(k, v) for k, v in response.items() if k.lower() not in _FRESH_HEADERS]
                article_pk = getattr(response, "counts_view_of", None)
                cache.set(key, (response.content, headers, ttl, article_pk), ttl)
        patch_cache_control(response, public=True, max_age=min(settings.PAGE_MAX_AGE, ttl))
        # A proxy must not hand the anonymous page to a visitor who may be logged in.
        patch_vary_headers(response, ("Cookie",))
        response.headers["Last-Modified"] = http_date(generation // 1_000_000_000)
        return response


class PublicGZipMiddleware(GZipMiddleware):
    """Compresses only pages marked public for everyone (PageCacheMiddleware's
    ``Cache-Control: public``): they hold no secret, so BREACH has nothing to guess.
    Pages with a CSRF token or a session (admin, Rosetta) go uncompressed."""

    def process_response(self, request, response):
        if "public" not in response.get("Cache-Control", ""):
            return response
        return super().process_response(request, response)
