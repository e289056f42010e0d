"""Translations saved in Rosetta take effect without a restart — as text, never markup.

Rosetta writes the .po file and compiles the .mo beside it. Django caches
compiled catalogs per process, so every worker compares the catalogs'
modification times on each request (a couple of stat calls) and drops its
cache when a catalog changed — in whichever process the translator saved — and
starts a new content generation, so no cached page keeps the old wording.

Django marks a translated template literal safe, so a translation is written into
the page as HTML. A translation may therefore hold only the markup its source text
holds (docs/translations.md): Rosetta refuses the rest (exhibition.translators), the
test suite checks the committed catalogs, and a catalog loaded with such an entry
anyway (edited by hand on a server) loses that entry, so the page shows the source.
"""

import logging
import re
from collections import Counter
from collections.abc import Iterable
from pathlib import Path

import polib
from django.conf import settings
from django.utils.translation import trans_real
from django.utils.translation.reloader import translation_file_changed

from exhibition.pagecache import content_changed

logger = logging.getLogger(__name__)

# What a translation could carry into a page: a tag, a character reference, a stray
# angle bracket or ampersand, a double quote (translations are written into attribute
# values, <meta content="…">), or a javascript: address.
MARKUP = re.compile(
    r"<[^<>]*>|&#?\w+;|[<>&\"]|j\s*a\s*v\s*a\s*s\s*c\s*r\s*i\s*p\s*t\s*:", re.IGNORECASE
)


def unexpected_markup(sources: Iterable[str], translations: Iterable[str]) -> list[str]:
    """The markup in the translations that the source texts do not have."""
    allowed, found = Counter(), Counter()
    for text in sources:
        allowed |= Counter(MARKUP.findall(text or ""))
    for text in translations:
        found |= Counter(MARKUP.findall(text or ""))
    return sorted(found - allowed)


def entry_markup(entry: polib._BaseEntry) -> list[str]:
    """A catalog entry's unexpected markup, in any of its plural forms."""
    return unexpected_markup(
        [entry.msgid, entry.msgid_plural], [entry.msgstr, *entry.msgstr_plural.values()]
    )


def catalog_paths() -> list[Path]:
    return [
        Path(locale_dir) / code / "LC_MESSAGES" / "django.mo"
        for locale_dir in settings.LOCALE_PATHS
        for code, _name in settings.LANGUAGES
    ]


def catalog_version() -> tuple[int, ...]:
    return tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in catalog_paths())


def drop_markup_translations() -> None:
    """Remove from the loaded catalogs every project translation with unexpected markup:
    Django then shows the source text, which the developers wrote."""
    for code, _name in settings.LANGUAGES:
        bad = [
            entry
            for locale_dir in settings.LOCALE_PATHS
            if (path := Path(locale_dir) / code / "LC_MESSAGES" / "django.mo").exists()
            for entry in polib.mofile(str(path))
            if entry.msgid and entry_markup(entry)
        ]
        if not bad:
            continue
        catalog = trans_real.translation(code)._catalog
        # Django merges catalogs into layers (TranslationCatalog); drop the key from each.
        layers = getattr(catalog, "_catalogs", [catalog])
        for entry in bad:
            logger.warning(
                "Translation refused (%s): %r for %r holds markup its source does not: %s",
                code,
                entry.msgstr,
                entry.msgid,
                " ".join(entry_markup(entry)),
            )
            key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
            keys = [key, *((key, n) for n in range(len(entry.msgstr_plural)))]
            for layer in layers:
                for each in keys:
                    layer.pop(each, None)


def reload_catalogs() -> None:
    # Django's own development autoreloader does exactly this for a changed .mo.
    translation_file_changed(sender=None, file_path=Path("django.mo"))
    drop_markup_translations()
    # Cached pages hold the old wording (each worker that notices starts a new
    # generation; the first one is what counts).
    content_changed()


class CatalogReloadMiddleware:
    """Before LocaleMiddleware: the reset also clears the active language."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seen = catalog_version()
        drop_markup_translations()

    def __call__(self, request):
        version = catalog_version()
        if version != self.seen:
            reload_catalogs()
            self.seen = version
        return self.get_response(request)
