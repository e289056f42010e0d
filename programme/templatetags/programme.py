"""Template helpers for the programme: "now / next" and an exhibitor's sessions."""

from django import template

from programme.models import Session
from programme.services import programme_now_next

register = template.Library()


@register.inclusion_tag("programme/includes/now_next.html", name="programme_now_next")
def now_next():
    """On the home page during the exhibition; the page cache expires at each session's
    start and end (programme.apps registers them as scheduled changes)."""
    return {"now_next": programme_now_next()}


@register.inclusion_tag("programme/includes/exhibitor_sessions.html")
def exhibitor_sessions(exhibitor):
    """The sessions ``exhibitor`` takes part in, in time order."""
    sessions = list(Session.objects.for_exhibitor(exhibitor).select_related("hall"))
    return {"sessions": sessions, "exhibitor": exhibitor}
