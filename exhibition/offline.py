"""The site as an installable web app that keeps working with the network cut
(docs/caching.md, "Offline"): the web manifest's contents and what the service worker
is told to keep.

The worker itself is static/js/offline-worker.js (cache rules); /sw.js
(``exhibition.views.service_worker``) hands it this module's ``worker_config()``.
Which pages are kept before a visitor opens them is declared by each app on its
``AppConfig`` as ``offline_pages = (("app:url_name", label), …)``; they are fetched
in every language when the worker installs. Pages a visitor opens are kept as well.
A page whose query string names what it shows declares it in ``offline_query_pages``
(URL names): the worker never answers it, asked with a query, with its bare copy.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.templatetags.static import PrefixNode, static
from django.urls import NoReverseMatch, reverse
from django.utils import translation

from exhibition.pagecache import release

# Static files every kept page needs (the stylesheet's own url()s, hashed like the
# rest, are kept when first fetched). Hashed names: a new release, new addresses.
PRECACHE_STATIC = (
    "css/site.css",
    "fonts/vazirmatn/Vazirmatn-Variable.woff2",
    "img/favicon.svg",
    "img/girih.svg",
    "img/placeholder.svg",
    "js/offline.js",
    "js/plan.js",  # the "add to my plan" buttons on the kept programme pages
    "js/share.js",
)
WORKER_SCRIPT = "js/offline-worker.js"

# (file, size, purpose): drawn from favicon.svg by `make icons` (build_icons).
ICONS = (
    ("img/icon-192.png", 192, "any"),
    ("img/icon-512.png", 512, "any"),
    ("img/icon-maskable-512.png", 512, "maskable"),
)

# The design's colours: tokens.css, whose brand colours name brand.css's teals.
COLOUR_SOURCES = [Path(settings.BASE_DIR) / "styles" / name for name in ("tokens.css", "brand.css")]


@functools.cache
def theme_colours() -> dict[str, str]:
    """The manifest's colours are the design's (styles/tokens.css): the header's
    background for the browser's bar, the page's for the splash screen."""
    text = "\n".join(path.read_text() for path in COLOUR_SOURCES)

    def token(name):
        # The first definition is the light scheme's; a var() is followed to its colour.
        match = re.search(rf"--{name}:\s*(?:(#[0-9a-fA-F]{{3,8}})|var\(--([\w-]+)\))\s*;", text)
        if match is None:
            raise LookupError(f"styles/tokens.css defines no --{name} colour")
        return match.group(1) or token(match.group(2))

    return {"theme_color": token("color-header-bg"), "background_color": token("color-bg")}


def offline_pages() -> list[tuple[str, str]]:
    """(URL name, label) of every page kept on install, as the apps declare them."""
    pages = []
    for config in apps.get_app_configs():
        pages.extend(getattr(config, "offline_pages", ()))
    return pages


def offline_links(language: str) -> list[tuple[str, str]]:
    """(address, label) of the kept pages in one language, for the offline page."""
    links = []
    with translation.override(language):
        for name, label in offline_pages():
            try:
                links.append((reverse(name), str(label)))
            except NoReverseMatch:  # an app's page that is switched off
                continue
    return links


def query_pages() -> list[str]:
    """Addresses, in every language, of the pages whose query names what they show."""
    names = []
    for config in apps.get_app_configs():
        names.extend(getattr(config, "offline_query_pages", ()))
    addresses = []
    for language in _languages():
        with translation.override(language):
            for name in names:
                try:
                    addresses.append(reverse(name))
                except NoReverseMatch:
                    continue
    return addresses


def _languages() -> list[str]:
    return [code for code, _name in settings.LANGUAGES]


def never_kept_prefixes() -> list[str]:
    """Addresses the worker leaves alone (straight to the network, never stored):
    the admin, Rosetta, previews and the health check. Authenticated pages are also
    refused by their ``Cache-Control: private, no-store``."""
    prefixes = [f"/{settings.ADMIN_PATH}", "/rosetta/", "/healthz"]
    for language in _languages():
        with translation.override(language):
            try:
                preview = reverse("articles:preview", kwargs={"pk": 1})
            except NoReverseMatch:
                continue
        prefixes.append(preview.rsplit("1/", 1)[0])
    return prefixes


def worker_config() -> dict:
    """What /sw.js tells the worker: its cache names' version, the pages and static
    files to keep on install, the offline page in each language."""
    pages, offline = [], {}
    for language in _languages():
        with translation.override(language):
            offline[reverse("home")] = reverse("offline")
        pages.extend(address for address, _label in offline_links(language))
    pages.extend(offline.values())
    config = {
        "pages": list(dict.fromkeys(pages)),
        "static": [static(path) for path in PRECACHE_STATIC],
        "offline": offline,  # language prefix -> its offline page
        "defaultOffline": offline[_home(settings.LANGUAGE_CODE)],
        "never": never_kept_prefixes(),
        "staticPrefix": PrefixNode.handle_simple("STATIC_URL"),
        # Uploaded images: kept apart from the pages (a gallery must not push them out).
        "mediaPrefix": PrefixNode.handle_simple("MEDIA_URL"),
        "queryPages": query_pages(),
    }
    # A new release (code, templates, catalogs, static files) is a new worker: it keeps
    # its pages afresh and drops the old release's caches.
    digest = hashlib.sha256(json.dumps(config, sort_keys=True).encode() + release().encode())
    config["version"] = digest.hexdigest()[:12]
    return config


def _home(language: str) -> str:
    with translation.override(language):
        return reverse("home")


def manifest(language: str) -> dict:
    """The web manifest in one language (its name, direction and start page)."""
    from django.utils.translation import gettext, pgettext

    with translation.override(language):
        start = reverse("home")
        return {
            "id": start,
            "name": gettext("Sister Cities and Urban Governance Exhibition"),
            "short_name": pgettext("short name of the installed app", "Sister Cities"),
            "description": gettext(
                "News, exhibitors and district achievements of Tehran's Sister Cities and "
                "Urban Governance Exhibition."
            ),
            "lang": language,
            "dir": "rtl" if translation.get_language_bidi() else "ltr",
            "start_url": start,
            "scope": "/",
            "display": "standalone",
            **theme_colours(),
            "icons": [
                {
                    "src": static("img/favicon.svg"),
                    "sizes": "any",
                    "type": "image/svg+xml",
                    "purpose": "any",
                },
                *(
                    {
                        "src": static(path),
                        "sizes": f"{size}x{size}",
                        "type": "image/png",
                        "purpose": purpose,
                    }
                    for path, size, purpose in ICONS
                ),
            ],
        }
