"""Layout helpers for site-wide templates (home page slots)."""

from django import template
from django.template import TemplateDoesNotExist

register = template.Library()


@register.simple_tag(takes_context=True)
def optional_include(context, template_name):
    """Render ``template_name`` with the current context, or nothing if it does not exist.

    The home page offers slots that apps fill by shipping a template (e.g.
    ``articles/home_section.html``), so the project never imports app models.
    """
    try:
        included = context.template.engine.get_template(template_name)
    except TemplateDoesNotExist:
        return ""
    with context.push():
        return included.render(context)
