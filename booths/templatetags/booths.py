"""Template helpers for the exhibitor guide."""

from django import template
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from articles import archive
from booths import plan
from booths.models import Amenity, Exhibitor
from exhibition import persian

register = template.Library()


@register.inclusion_tag("booths/includes/hall_plan.html")
def hall_plan_svg(plan, heading_id=""):
    return {"plan": plan, "heading_id": heading_id}


@register.inclusion_tag("booths/includes/stand_minimaps.html")
def stand_minimaps(exhibitor, stands=None):
    """Mini-maps of ``exhibitor``'s stands, one per hall: the hall cropped around them,
    no stand cut, at the floor plan's scale, each linking to the full plan. Pass
    ``stands`` (with their halls) when the page already has them; two queries more."""
    if stands is None:
        stands = exhibitor.stands.select_related("hall")
    return {"plans": plan.stand_minimaps(list(stands)), "exhibitor": exhibitor}


@register.inclusion_tag("booths/includes/amenity_legend.html")
def amenity_legend(plans):
    """The legend of the facility symbols drawn on ``plans``."""
    kinds = {kind for p in plans for kind, _label in p.amenity_kinds}
    return {"kinds": [(k, label) for k, label in Amenity.Kind.choices if k in kinds]}


@register.inclusion_tag("booths/includes/exhibitors_named_in.html")
def exhibitors_named_in(article):
    """The exhibitors an article names, each linked to its page (one query)."""
    return {"mentioned_exhibitors": list(Exhibitor.objects.named_in(article))}


@register.filter
def solar_year(year):
    """A Solar Hijri year as each edition reads it: «۱۴۰۱» on Persian pages; on English
    ones «1401 SH (2022–23)», where 1401 alone would read as a year of our era."""
    if year in (None, ""):
        return ""
    if archive.uses_jalali(get_language()):
        return persian.to_persian_digits(year)
    first = int(year) + 621  # 1 Farvardin falls in March
    return _("%(year)s SH (%(first)s–%(next)s)") % {
        "year": year,
        "first": first,
        "next": f"{(first + 1) % 100:02d}",
    }
