import logging

from django.conf import settings
from django.db import Error as DatabaseError
from django.db import connection
from django.http import JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView

from articles.models import Article
from articles.views import untranslated_news
from booths.models import Exhibitor

logger = logging.getLogger(__name__)


HOME_NEWS_COUNT = 4
HOME_FEATURED_COUNT = 6


class HomeView(TemplateView):
    template_name = "home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["latest_news"] = list(
            Article.objects.published()
            .in_language(get_language())
            .select_related("service")[:HOME_NEWS_COUNT]
        )
        # A thin edition (English, before translators catch up) is filled up with the
        # other edition's untranslated news, marked as such.
        missing = HOME_NEWS_COUNT - len(context["latest_news"])
        context["other_edition_news"] = untranslated_news(missing) if missing else []
        context["featured_exhibitors"] = list(
            Exhibitor.objects.filter(featured=True)
            .select_related("sister_city")
            .prefetch_related("stands")
            .ordered_by_name(get_language())[:HOME_FEATURED_COUNT]
        )
        return context


@never_cache
def healthz(request):
    """Liveness for load balancers: a real round trip to the database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as exc:
        logger.warning("healthz: database unreachable: %s", exc)
        return JsonResponse({"status": "error", "database": "unreachable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


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
    return render(request, "400.html", status=400)


def permission_denied(request, exception=None):
    """The site's own 403 page."""
    return render(request, "403.html", status=403)


def csrf_failure(request, reason=""):
    """A form sent without its CSRF token or cookie: the site's 403 page saying what to do.

    The reason is for developers (Django logs it as django.security.csrf)."""
    return render(request, "403.html", {"csrf_failure": True}, status=403)
