"""Template helpers for the programme: "now / next", an exhibitor's sessions, the link
to a delegation's briefing pack, and the other language's names beside a pack's own."""

from django import template
from django.utils import translation
from django.utils.html import format_html

from booths.models import Exhibitor
from exhibition.display import is_persian
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


@register.inclusion_tag("programme/includes/briefing_pack_link.html")
def briefing_pack_link(exhibitor):
    """On a sister-city delegation's page: the link to its briefing pack (nothing on
    other exhibitors' pages)."""
    return {
        "exhibitor": exhibitor,
        "is_delegation": exhibitor.kind == Exhibitor.Kind.SISTER_CITY_DELEGATION,
    }


def _other_language():
    return ("en", "ltr") if is_persian() else ("fa", "rtl")


def _beside(value, own):
    language, direction = _other_language()
    if not value or value == own:
        return ""
    return format_html(
        '<span class="beside" lang="{}" dir="{}">{}</span>', language, direction, value
    )


@register.simple_tag
def beside(obj, field):
    """``field`` in the page's other language, marked with its language and direction,
    to stand beside the page's own (the Persian name beside the English one, and the
    English beside the Persian); nothing where the two are the same or one is missing."""
    language, _direction = _other_language()
    return _beside(getattr(obj, f"{field}_{language}", ""), getattr(obj, field, ""))


@register.simple_tag
def beside_choice(obj, field):
    """A choice field's label (a kind, a theme) in the other language, as ``beside``."""
    language, _direction = _other_language()
    display = getattr(obj, f"get_{field}_display")
    with translation.override(language):
        other = str(display())
    return _beside(other, str(display()))
