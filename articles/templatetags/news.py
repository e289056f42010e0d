"""Template helpers for the news pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.page_sections import ARTICLE_SECTIONS

register = template.Library()

# The escapes Django's json_script uses, so the data cannot close the <script> element.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(value):
    """A <script type="application/ld+json"> data block (not executed, so no CSP nonce),
    escaped exactly like ``json_script``."""
    data = json.dumps(value, cls=DjangoJSONEncoder, ensure_ascii=False).translate(
        _JSON_SCRIPT_ESCAPES
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


@register.simple_tag
def article_sections():
    """The templates other apps show on the article page (articles.page_sections)."""
    return tuple(ARTICLE_SECTIONS)
