"""QR codes for printed signs (segno, SVG), linking to a page in the scanner's language.

A sign's code holds the page's address without the language prefix: LocaleMiddleware
sends whoever scans it to the page in their phone's language (its Accept-Language, or
a language they chose on the site before), so one printed code serves both.
"""

from io import BytesIO

import segno
from django.conf import settings


def language_neutral_path(path: str) -> str:
    """``/fa/exhibitors/x/`` → ``/exhibitors/x/`` (a path without a prefix is kept)."""
    codes = {code for code, _name in settings.LANGUAGES}
    parts = path.split("/", 2)
    if len(parts) == 3 and parts[1] in codes:
        return "/" + parts[2]
    return path


def qr_svg(url: str, *, title: str = "") -> str:
    """The QR code of ``url`` as an SVG element to put in a page or serve as a file.

    Error correction M (15 % may be dirty or torn); the size is left to the page (a
    viewBox, no width or height); the quiet zone of four modules is inside the image."""
    code = segno.make(url, error="m", micro=False)
    svg = code.svg_inline(
        scale=1,
        border=4,
        omitsize=True,
        light="#fff",
        svgclass="qr",
        lineclass=None,
        title=title or None,
    )
    # Black on white whatever the page's colour scheme: a scanner needs the contrast.
    # An image to assistive technology, named by its <title>.
    return svg.replace("<svg ", '<svg role="img" ', 1)


def qr_svg_document(url: str, *, title: str = "") -> bytes:
    """A standalone SVG file (with the XML declaration and namespace)."""
    code = segno.make(url, error="m", micro=False)
    out = BytesIO()
    code.save(
        out, kind="svg", scale=10, border=4, light="#fff", title=title or None, lineclass=None
    )
    return out.getvalue()
