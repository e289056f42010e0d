"""Request guards that apply to every page."""

import logging

from django.conf import settings
from django.core.exceptions import BadRequest, DisallowedHost, MiddlewareNotUsed, TooManyFieldsSent
from django.db import InterfaceError, OperationalError
from django.http import Http404, QueryDict
from django.http.request import split_domain_port
from django.shortcuts import render
from django.utils.http import is_same_domain
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

# How long a visitor (or a crawler) is asked to wait while the database is away.
RETRY_AFTER_SECONDS = 30


class RejectedRequest(BadRequest):
    """A 400 whose message is meant for the visitor (the 400 page shows it)."""


class RejectNulMiddleware:
    """NUL never belongs in a URL, and PostgreSQL text cannot hold it: a query with
    one would fail deep in the database. Refuse it at the door, the same on every
    page and on both databases."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            query = request.GET
        except TooManyFieldsSent as exc:
            # The error page reads the query too (the search box, the language links):
            # it gets an empty one, or it would fail the same way and answer 500.
            request.GET = QueryDict()
            raise RejectedRequest(_("The address has too many parameters.")) from exc
        # After the query: the 404 page reads it too.
        if "\x00" in request.path:
            raise Http404(_("The address contains characters that cannot be used."))
        for key, values in query.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise RejectedRequest(_("The address contains characters that cannot be used."))
        return self.get_response(request)


class DropNulCookiesMiddleware:
    """A cookie with NUL in it was never set by this site: reading the session it names
    would fail on PostgreSQL. Such cookies are ignored, as if the browser had sent none
    (no session, a new CSRF token, the language from the URL). Must come before
    SessionMiddleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cookies = request.COOKIES
        if any("\x00" in name or "\x00" in value for name, value in cookies.items()):
            request.COOKIES = {
                name: value
                for name, value in cookies.items()
                if "\x00" not in name and "\x00" not in value
            }
        return self.get_response(request)


class DatabaseUnavailableMiddleware:
    """While the database cannot be reached, pages answer 503 with the site's own page
    and a Retry-After, not a 500: visitors and crawlers are told to come back. Only
    connection failures count (OperationalError, InterfaceError); an integrity error is
    a bug and stays a 500. The next request reconnects by itself (CONN_HEALTH_CHECKS)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not isinstance(exception, OperationalError | InterfaceError):
            return None
        logger.error("database unavailable on %s: %s", request.path, exception)
        return unavailable_response(request)


def unavailable_response(request):
    # The page must render without the database: the session (and the messages kept
    # in it) and the user are not read.
    response = render(request, "503.html", {"messages": (), "user": None}, status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class PermissionsPolicyMiddleware:
    """Tell browsers the site never uses these features (settings.PERMISSIONS_POLICY),
    so nothing injected into a page can ask for them either."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.header = ", ".join(f"{feature}=()" for feature in settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", self.header)
        return response


class ExactHostMiddleware:
    """Django checks the Host header's name against ALLOWED_HOSTS and ignores its port,
    so ``localhost:9999`` would be served and written into canonical links. Here the
    port must be one an ALLOWED_HOSTS entry names, or none (the scheme's default)."""

    def __init__(self, get_response):
        if not settings.HOST_PORT_MUST_MATCH:
            raise MiddlewareNotUsed
        self.get_response = get_response
        self.any_host = "*" in settings.ALLOWED_HOSTS_EXACT
        self.allowed = [split_domain_port(entry) for entry in settings.ALLOWED_HOSTS_EXACT]

    def __call__(self, request):
        host = request.get_host()  # Django's own check of the name comes first
        domain, port = split_domain_port(host)
        default_port = "443" if request.is_secure() else "80"
        if port and port != default_port and not self.port_allowed(domain, port):
            raise DisallowedHost(
                f"Invalid HTTP_HOST header: {host!r}. No ALLOWED_HOSTS entry names port {port}."
            )
        return self.get_response(request)

    def port_allowed(self, domain: str, port: str) -> bool:
        return self.any_host or any(
            entry_port == port and is_same_domain(domain, name) for name, entry_port in self.allowed
        )
