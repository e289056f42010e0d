"""Request guards that apply to every page."""

from django.core.exceptions import BadRequest
from django.http import Http404
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
