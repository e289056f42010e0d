"""Template helpers for the news pages."""

import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

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


# --- Stand-ins until the shared `site` library's local_* filters reach this branch. ---
# Templates load `news` after `site`, so these shadow nothing once `site` has them; then
# they should be deleted (they delegate to `site` already when it provides them).
def _shared(name):
    from exhibition.templatetags import site

    return getattr(site, name, None)


@register.filter
def local_digits(value):
    if shared := _shared("local_digits"):
        return shared(value)
    from django.utils.translation import get_language

    from exhibition import persian

    return persian.to_persian_digits(value) if get_language() == "fa" else str(value)


@register.filter
def local_datetime(value):
    if shared := _shared("local_datetime"):
        return shared(value)
    if not value:
        return ""
    import jdatetime
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import get_language

    moment = timezone.localtime(value)
    if get_language() != "fa":
        return date_format(moment, "j F Y, H:i")
    jalali = jdatetime.datetime.fromgregorian(datetime=moment, locale=jdatetime.FA_LOCALE)
    return local_digits(jalali.strftime("%d %B %Y، %H:%M"))
