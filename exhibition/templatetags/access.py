"""{% if request.user|can_translate %}: the rules of exhibition.access in templates."""

from django import template

from exhibition import access

register = template.Library()
register.filter("can_translate", access.can_translate)
