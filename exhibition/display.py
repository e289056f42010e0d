"""How values read on a page of the active language: digits, and translated fields with
their Persian fallback. Plain functions, so forms, the floor plan and views use them
without importing a template-tag module; ``exhibition.templatetags.site`` registers
them for templates."""

from django.conf import settings
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from exhibition import persian


def is_persian() -> bool:
    return (get_language() or settings.LANGUAGE_CODE).startswith("fa")


def local_digits(value) -> str:
    """Numbers as the page's language writes them: Persian digits and «۲٫۳» on Persian
    pages, Latin digits and "2.3" on English ones (``persian.format_numbers``)."""
    return persian.format_numbers(value, persian=is_persian())


def already_says(text: str, phrase) -> bool:
    """Whether ``text`` (a title, a name) already says every word of ``phrase`` (a kind
    such as «Workshop»), as search compares words (case, plurals, spelling): a list then
    leaves the phrase out rather than say it twice."""
    words = set(persian.search_tokens(str(phrase)))
    return bool(words) and words <= set(persian.search_tokens(text or ""))


# The quotation marks of each language. Messages never write them around a value
# (tests/exhibition/test_catalogs.py): the value comes quoted from here.
QUOTATION_MARKS = {"fa": ("«", "»"), "en": ("\u201c", "\u201d")}


def quoted(text, *, language: str | None = None) -> str:
    """``text`` in the quotation marks of the page's language: «…» on Persian pages,
    “…” on English ones. For plain-text messages (form errors, admin messages); a
    command whose output is English whatever the site's language says ``language="en"``."""
    language = (language or ("fa" if is_persian() else "en"))[:2]
    opening, closing = QUOTATION_MARKS.get(language, QUOTATION_MARKS["en"])
    return f"{opening}{text}{closing}"


def quoted_html(value) -> SafeString:
    """As ``quoted``, for markup: the value escaped and direction-isolated (<bdi>), so a
    Persian name inside English (or a Latin code inside Persian) keeps its order."""
    return mark_safe(quoted(format_html("<bdi>{}</bdi>", value)))  # the marks need no escaping


def falls_back(obj, field: str) -> bool:
    """True when ``field`` shows the Persian value on a page in another language."""
    return not is_persian() and hasattr(obj, f"{field}_en") and not getattr(obj, f"{field}_en")


def own_language(obj, field: str) -> str:
    """The field as written in the page's language, or "" where it would fall back to
    Persian: for meta descriptions, which must not say Persian on an English page."""
    return "" if falls_back(obj, field) else getattr(obj, field, "") or ""


def translated_text(obj, field: str) -> str:
    """A translated field for places that take no markup (<title>, aria-label): a Persian
    fallback is wrapped in Unicode isolates (FSI … PDI), so it keeps its own direction
    and does not turn the English around it right to left."""
    value = getattr(obj, field, "") or ""
    return f"\u2068{value}\u2069" if value and falls_back(obj, field) else value


def local_list(items) -> str:
    """Items joined as the page's language lists them: «تیتر، متن خبر» on Persian pages
    (the Arabic comma), «title, body» on English ones."""
    return ("، " if is_persian() else ", ").join(str(item) for item in items)


# The direction and language of a field written in one language, whatever the page's.
FIELD_LANGUAGES = {"fa": {"dir": "rtl", "lang": "fa"}, "en": {"dir": "ltr", "lang": "en"}}


def language_attrs(language: str | None) -> dict[str, str]:
    """``dir`` and ``lang`` for an input holding text in ``language`` (fa, en)."""
    return dict(FIELD_LANGUAGES.get((language or "")[:2], {}))
