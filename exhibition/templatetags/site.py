"""Template helpers shared by every page."""

import datetime

import jdatetime
from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext as _

from exhibition import display, persian

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
    article's paired translation. Given ``translations``, only its languages
    are ``alternate`` (hreflang): the switcher still links the others, but a
    page that does not exist in a language must not be advertised in it.
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
                "alternate": not overrides or code in overrides,
            }
        )
    return links


@register.filter
def x_default(links):
    """The URL for hreflang="x-default": the default language's page when it exists,
    else the first language the page exists in."""
    alternates = [link for link in links if link["alternate"]]
    for link in alternates:
        if link["code"] == settings.LANGUAGE_CODE:
            return link["url"]
    return alternates[0]["url"] if alternates else ""


register.filter("local_digits", display.local_digits)
register.filter("quoted", display.quoted_html)


def _format_date(value, *, with_time: bool) -> str:
    if not value:
        return ""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        value = timezone.localtime(value)
    if not display.is_persian():
        return date_format(value, "j F Y, H:i" if with_time else "j F Y")
    jalali = jdatetime.date.fromgregorian(date=value)
    text = f"{jalali.day} {jdatetime.date.j_months_fa[jalali.month - 1]} {jalali.year}"
    if with_time and isinstance(value, datetime.datetime):
        text += f"، {value:%H:%M}"
    return persian.to_persian_digits(text)


@register.filter
def local_date(value):
    """Jalali with Persian month names and digits in Persian, Gregorian in English."""
    return _format_date(value, with_time=False)


@register.filter
def local_datetime(value):
    """As local_date, with the time of day in Tehran."""
    return _format_date(value, with_time=True)


register.simple_tag(display.own_language, name="own_language")
register.simple_tag(display.translated_text, name="translated_text")


@register.simple_tag
def translated(obj, field: str):
    """A translated content field, marked as Persian where English is missing.

    modeltranslation falls back to Persian on English pages; the reader should
    know they are reading Persian, and the text must keep its own direction.
    """
    value = getattr(obj, field, "") or ""
    if not value or not display.falls_back(obj, field):
        return value
    return format_html(
        '<span lang="fa" dir="rtl">{}</span> <small class="untranslated">({})</small>',
        value,
        _("not yet translated"),
    )


@register.filter
def lang_attrs(language: str):
    """` lang="…" dir="…"` for text in ``language`` when the page is in another one, so
    that screen readers switch voice and the text keeps its own direction."""
    if not language or language == get_language():
        return ""
    direction = "rtl" if get_language_info(language)["bidi"] else "ltr"
    return format_html(' lang="{}" dir="{}"', language, direction)
