"""Character classes and tables that several of the pipeline's modules share.

A table that one function uses lives beside that function, in its own module; only what
two or more modules need is here.
"""

from __future__ import annotations

import re
import unicodedata

# آ before ا, as Persian dictionaries order them («آب» before «اب»).
PERSIAN_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"
ZWNJ = "\u200c"
TATWEEL = "\u0640"
# fathatan..sukun and superscript alef: vowel marks that Persian prose normally omits.
ARABIC_DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
# LRM/RLM, ALM, embeddings/overrides and isolates: invisible, and can reorder what users see.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLES = "\u200b\ufeff"  # zero-width space, BOM
ARABIC_SCRIPT_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

# A digit of any of the three digit sets, as the inside of a regex character class.
DIGIT_CLASS = "0-9۰-۹٠-٩"
# Controls (except \n, \t), lone surrogates, bidi controls, invisibles, tatweel, diacritics.
DELETE_RE = re.compile(
    f"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff{BIDI_CONTROLS}{INVISIBLES}"
    f"{TATWEEL}{ARABIC_DIACRITICS}]"
)

ARABIC_SCRIPT_CLASS = "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ARABIC_SCRIPT_RANGES) + "]"
_ARABIC_SCRIPT_RE = re.compile(ARABIC_SCRIPT_CLASS)


def is_arabic_script(char: str) -> bool:
    return _ARABIC_SCRIPT_RE.match(char) is not None


def drop_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


def translate_runs(runs: re.Pattern[str], table: dict[int, str], text: str) -> str:
    """``text.translate(table)``, where ``runs`` finds runs of the characters ``table``
    changes: translate looks up every character of a long Persian text (~0.3 ms for an
    article), while the characters to change are few."""
    return runs.sub(lambda match: match[0].translate(table), text)
