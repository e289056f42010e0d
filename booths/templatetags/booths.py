"""Template helpers for the exhibitor guide."""

from django import template

register = template.Library()


@register.inclusion_tag("booths/includes/hall_plan.html")
def hall_plan_svg(plan, heading_id=""):
    return {"plan": plan, "heading_id": heading_id}
