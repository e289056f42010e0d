"""Draw the web app's PNG icons (static/img/icon-*.png) from static/img/favicon.svg.

Phones want bitmaps for the home screen; the SVG stays the one drawing. The PNGs are
committed (the site needs no build step while it runs) and redrawn by ``make icons``
after the favicon changes. Debian's Chromium draws them, as in the browser tests (a
development dependency: Playwright), with no network.

- ``icon-192.png``, ``icon-512.png``: the favicon as it is, on transparency ("any").
- ``icon-maskable-512.png``: the brand colour to every edge and the favicon at 80 %
  of the size, so a launcher's circle or rounded square cuts nothing of the mark (the
  safe zone is the central circle of 40 % radius).
"""

import base64
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

IMG = Path(settings.BASE_DIR) / "static" / "img"
SOURCE = IMG / "favicon.svg"
# (file name, size in pixels, maskable)
ICONS = (
    ("icon-192.png", 192, False),
    ("icon-512.png", 512, False),
    ("icon-maskable-512.png", 512, True),
)
MASKABLE_SCALE = 0.8

PAGE = """<!doctype html><html><head><style>
html, body {{ margin: 0; padding: 0; background: transparent; }}
body {{ inline-size: {size}px; block-size: {size}px; display: grid; place-items: center;
        background: {background}; }}
img {{ inline-size: {mark}px; block-size: {mark}px; display: block; }}
</style></head><body><img alt="" src="data:image/svg+xml;base64,{svg}"></body></html>"""


def brand_colour(svg: str) -> str:
    """The favicon's own background circle colour: the maskable icon's full bleed."""
    start = svg.index('fill="', svg.index("<circle")) + len('fill="')
    return svg[start : svg.index('"', start)]


class Command(BaseCommand):
    help = "Draw static/img/icon-*.png (the web app's icons) from static/img/favicon.svg."

    def handle(self, *args, **options):
        try:
            from playwright.sync_api import sync_playwright
        except ImportError as exc:  # a production install has no development tools
            raise CommandError("Playwright is a development dependency: make install-dev") from exc
        from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS

        svg = SOURCE.read_text()
        encoded = base64.b64encode(svg.encode()).decode()
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
            )
            try:
                for name, size, maskable in ICONS:
                    page = browser.new_page(viewport={"width": size, "height": size})
                    page.set_content(
                        PAGE.format(
                            size=size,
                            mark=round(size * MASKABLE_SCALE) if maskable else size,
                            background=brand_colour(svg) if maskable else "transparent",
                            svg=encoded,
                        )
                    )
                    page.screenshot(path=str(IMG / name), omit_background=not maskable)
                    page.close()
                    self.stdout.write(f"wrote static/img/{name} ({size}×{size})")
            finally:
                browser.close()
