import json
import logging
import sys
import time

from django.conf import settings
from django.core.cache import cache
from django.db import Error as DatabaseError
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe
from django.views.generic import TemplateView

from articles.models import Article
from articles.selectors import untranslated_news
from booths.models import Exhibitor
from exhibition import offline
from exhibition.middleware import RejectedRequest, unavailable_response

logger = logging.getLogger(__name__)


HOME_NEWS_COUNT = 4
HOME_FEATURED_COUNT = 6


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        language = get_language()
        context["latest_news"] = list(
            Article.objects.public(language).for_listing()[:HOME_NEWS_COUNT]
        )
        # A thin edition (English, before translators catch up) is filled up with the
        # other edition's untranslated news, marked as such.
        missing = HOME_NEWS_COUNT - len(context["latest_news"])
        context["other_edition_news"] = untranslated_news(language=language, count=missing)
        context["featured_exhibitors"] = list(
            Exhibitor.objects.filter(featured=True)
            .select_related("sister_city")
            .prefetch_related("stands")
            .ordered_by_name(language)[:HOME_FEATURED_COUNT]
        )
        return context


HEALTH_CACHE_KEY = "healthz"


def _database_ok() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("healthz: database unreachable: %s", exc)
        return False
    return True


def _cache_ok() -> bool:
    """A set/get round trip: a Redis that is down fails here (or returns nothing)."""
    token = str(time.monotonic_ns())
    try:
        cache.set(HEALTH_CACHE_KEY, token, timeout=10)
        if cache.get(HEALTH_CACHE_KEY) == token:
            return True
    except Exception as exc:  # each backend has its own connection errors
        logger.warning("healthz: cache unreachable: %s", exc)
        return False
    logger.warning("healthz: cache did not return what was stored")
    return False


@never_cache
def healthz(request):
    """For load balancers and monitoring: which part failed. Without the database no
    page can be served (503); a cache outage is reported ("degraded") but answers 200,
    as every instance shares the cache and taking them all out would help no one."""
    database, cache_ok = _database_ok(), _cache_ok()
    status = "ok" if database and cache_ok else "degraded" if database else "error"
    return JsonResponse(
        {
            "status": status,
            "database": "ok" if database else "unreachable",
            "cache": "ok" if cache_ok else "unreachable",
        },
        status=200 if database else 503,
    )


def login_locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a locked-out login: the site's own page, status 429."""
    # The login has no page per language: the switcher leads to each home page.
    homes = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            homes[code] = reverse("home")
    context = {"minutes": settings.LOGIN_LOCKOUT_MINUTES, "translations": homes}
    return render(request, "lockout.html", context, status=429)


def bad_request(request, exception=None):
    """The site's own 400 page, in the visitor's language and layout."""
    reason = str(exception) if isinstance(exception, RejectedRequest) else None
    return render(request, "400.html", {"reason": reason}, status=400)


def server_error(request):
    """Django's 500, except that a lost database connection outside any view (in a
    middleware, where DatabaseUnavailableMiddleware cannot see it) is the 503 too."""
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        try:
            return unavailable_response(request)
        except Exception:  # the plain 500 page below needs nothing at all
            logger.exception("the 503 page failed")
    return defaults.server_error(request)


def permission_denied(request, exception=None):
    """The site's own 403 page."""
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its CSRF token or cookie: the site's 403 page saying what to do.

    The reason is for developers (Django logs it as django.security.csrf)."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)


# --- the installable web app (exhibition/offline.py, docs/caching.md "Offline") ----------


@require_safe
def web_manifest(request):
    """The web manifest in the page's language: its name, direction and start page."""
    return JsonResponse(
        offline.manifest(get_language()),
        content_type="application/manifest+json",
        json_dumps_params={"ensure_ascii": False, "indent": 1},
    )


@require_safe
def service_worker(request):
    """/sw.js: the service worker, at the root so that its scope is the whole site.

    Its rules are a static file (static/js/offline-worker.js, hashed like the rest);
    this answer only hands it the release's configuration and loads it. Browsers
    compare this script byte for byte to decide on an update, so it names the worker
    file's hashed address and the release's version. Never kept by the page cache
    (not a public_page) nor by the browser's HTTP cache, so a deploy reaches visitors
    at their next visit.
    """
    config = json.dumps(offline.worker_config(), ensure_ascii=False, sort_keys=True)
    script = (
        "// The site's service worker (exhibition/views.py service_worker).\n"
        f"self.OFFLINE_CONFIG = {config};\n"
        f"importScripts({json.dumps(static(offline.WORKER_SCRIPT))});\n"
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    add_never_cache_headers(response)
    return response


class OfflineView(TemplateView):
    """What the service worker shows for a page it has not kept while the network is
    cut: the pages it has kept, in the visitor's language."""

    template_name = "offline.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["kept_pages"] = offline.offline_links(get_language())
        return context
