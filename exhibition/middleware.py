"""Request guards that apply to every page."""

from django.conf import settings
from django.core.exceptions import BadRequest, DisallowedHost, MiddlewareNotUsed
from django.http import Http404
from django.http.request import split_domain_port
from django.utils.http import is_same_domain
from django.utils.translation import gettext as _


class RejectNulMiddleware:
    """NUL never belongs in a URL, and PostgreSQL text cannot hold it: a query with
    one would fail deep in the database. Refuse it at the door, the same on every
    page and on both databases."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path:
            raise Http404(_("The address contains characters that cannot be used."))
        for key, values in request.GET.lists():
            if "\x00" in key or any("\x00" in value for value in values):
                raise BadRequest(_("The address contains characters that cannot be used."))
        return self.get_response(request)


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
