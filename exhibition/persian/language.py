"""Which language a text is in: decides whether ``normalize`` runs hazm on it."""

from __future__ import annotations

import re

from .chars import ARABIC_SCRIPT_RANGES

_URLISH_RE = re.compile(r"\S*(?:://|www\.|@)\S*")

_ARABIC_LETTERS_RE = re.compile(  # runs of them: fewer matches to count
    "["
    + "".join(
        re.escape(chr(code))
        for lo, hi in ARABIC_SCRIPT_RANGES
        for code in range(lo, hi + 1)
        if chr(code).isalpha()
    )
    + "]+"
)


def detect_language(text: str) -> str:
    """Return "fa" when at least half of the letters are Arabic-script, else "en".

    URLs and e-mails are not counted (a Persian blurb with a long web address is Persian).
    Text without letters counts as "en": it then only gets the hazm-free cleanup.
    """
    if "://" in text or "www." in text or "@" in text:
        text = _URLISH_RE.sub(" ", text)
    # Counted in C (one regex pass, map over a str method): the importer asks per field.
    arabic = sum(map(len, _ARABIC_LETTERS_RE.findall(text)))
    if arabic and 2 * arabic >= len(text):
        return "fa"  # half of all characters: half of the letters whatever the rest are
    letters = sum(map(str.isalpha, text))
    return "fa" if arabic and 2 * arabic >= letters else "en"
