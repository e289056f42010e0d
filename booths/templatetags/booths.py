"""Template helpers for the exhibitor guide."""

from django import template

from booths import plan as plan_module

register = template.Library()


@register.filter
def local_digits(value):
    """Persian digits on Persian pages (delegates to the shared pipeline)."""
    if value is None or value == "":
        return ""
    return plan_module.local_digits(value)


@register.inclusion_tag("booths/includes/hall_plan.html")
def hall_plan_svg(plan, heading_id=""):
    return {"plan": plan, "heading_id": heading_id}
