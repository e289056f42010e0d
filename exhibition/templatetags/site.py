"""Template helpers shared by every page."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language, get_language_info

register = template.Library()


def _swap_prefix(path: str, language: str) -> str:
    parts = path.split("/", 2)
    codes = {code for code, _name in settings.LANGUAGES}
    if len(parts) > 1 and parts[1] in codes:
        parts[1] = language
        return "/".join(parts)
    return f"/{language}{path}"


@register.simple_tag(takes_context=True)
def language_links(context):
    """The current page in each language.

    A view may pass ``translations`` (language code -> URL) when the page in
    the other language is not the same path under another prefix, e.g. an
    article's paired translation.
    """
    request = context.get("request")
    overrides = context.get("translations") or {}
    current = get_language()
    path = request.path if request else "/"
    query = request.META.get("QUERY_STRING", "") if request else ""
    links = []
    for code, _name in settings.LANGUAGES:
        if code in overrides:
            url = overrides[code]
        else:
            url = translate_url(path, code)
            if url == path and code != current:
                url = _swap_prefix(path, code)
            if query:
                url = f"{url}?{query}"
        links.append(
            {
                "code": code,
                "name_local": get_language_info(code)["name_local"],
                "url": url,
                "is_current": code == current,
            }
        )
    return links
