"""Template helpers for the programme: "now / next" and an exhibitor's sessions."""

from django import template
from django.templatetags.static import static
from django.utils.html import format_html

from exhibition import display
from programme.models import Session
from programme.services import programme_now_next

register = template.Library()


@register.inclusion_tag("programme/includes/now_next.html", name="programme_now_next")
def now_next():
    """On the home page during the exhibition; the page cache expires at each session's
    start and end (programme.apps registers them as scheduled changes)."""
    return {"now_next": programme_now_next()}


@register.inclusion_tag("programme/includes/exhibitor_sessions.html", takes_context=True)
def exhibitor_sessions(context, exhibitor):
    """The sessions ``exhibitor`` takes part in, in time order (with the request, so
    that their "my plan" buttons share the page's one plan.js)."""
    sessions = list(Session.objects.for_exhibitor(exhibitor).select_related("hall"))
    return {"sessions": sessions, "exhibitor": exhibitor, "request": context.get("request")}


@register.inclusion_tag("programme/includes/plan_button.html", takes_context=True)
def plan_button(context, item, kind: str):
    """The "my plan" toggle for a session or an exhibitor ("session", "exhibitor").

    The same markup for every visitor (pages are cached): plan.js shows the button and
    sets aria-pressed from the browser's own list; without script it stays hidden. The
    script tag comes with the first button on a page."""
    field = "title" if kind == "session" else "name"
    return {
        "item": item,
        "kind": kind,
        "name": getattr(item, field, "") or "",
        # A Persian fallback on an English page is marked Persian for screen readers.
        "name_is_persian": display.falls_back(item, field),
        "with_script": _first_plan_script(context),
    }


@register.simple_tag(takes_context=True)
def plan_script(context):
    """plan.js for a page that needs it without a button (the plan page itself)."""
    if not _first_plan_script(context):
        return ""
    return format_html('<script src="{}" defer></script>', static("js/plan.js"))


def _first_plan_script(context) -> bool:
    """True once per request: a page loads plan.js once, however many buttons it has."""
    request = context.get("request")
    if request is None:
        return True
    first = not getattr(request, "_plan_script_added", False)
    request._plan_script_added = True
    return first
