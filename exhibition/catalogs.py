"""Translations saved in Rosetta take effect without a restart.

Rosetta writes the .po file and compiles the .mo beside it. Django caches
compiled catalogs per process, so every worker compares the catalogs'
modification times on each request (a couple of stat calls) and drops its
cache when a catalog changed — in whichever process the translator saved — and
starts a new content generation, so no cached page keeps the old wording.
"""

from pathlib import Path

from django.conf import settings
from django.utils.translation.reloader import translation_file_changed

from exhibition.pagecache import content_changed


def catalog_paths() -> list[Path]:
    return [
        Path(locale_dir) / code / "LC_MESSAGES" / "django.mo"
        for locale_dir in settings.LOCALE_PATHS
        for code, _name in settings.LANGUAGES
    ]


def catalog_version() -> tuple[int, ...]:
    return tuple(path.stat().st_mtime_ns if path.exists() else 0 for path in catalog_paths())


def reload_catalogs() -> None:
    # Django's own development autoreloader does exactly this for a changed .mo.
    translation_file_changed(sender=None, file_path=Path("django.mo"))
    # Cached pages hold the old wording (each worker that notices starts a new
    # generation; the first one is what counts).
    content_changed()


class CatalogReloadMiddleware:
    """Before LocaleMiddleware: the reset also clears the active language."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.seen = catalog_version()

    def __call__(self, request):
        version = catalog_version()
        if version != self.seen:
            reload_catalogs()
            self.seen = version
        return self.get_response(request)
