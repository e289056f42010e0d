"""Sorting in Persian alphabet order (``sort_key``) and by numbers' value (``pad_numbers``)."""

from __future__ import annotations

import re
import unicodedata

from .chars import (
    ARABIC_INDIC_DIGITS,
    LATIN_DIGITS,
    PERSIAN_ALPHABET,
    PERSIAN_DIGITS,
    drop_marks,
    is_arabic_script,
)
from .digits import to_latin_digits

# Sorting: separators < digits < Persian letters (alphabet order) < other Arabic-script
# letters < Latin < everything else.
_SORT_SEPARATOR = 1
_SORT_OTHER_ARABIC, _SORT_LATIN, _SORT_OTHER = 1_000, 100_000, 200_000
_SORT_WEIGHTS = {c: 100 + i for i, c in enumerate(PERSIAN_ALPHABET)}
_SORT_WEIGHTS.update(
    {
        c: 10 + i
        for digits in (LATIN_DIGITS, PERSIAN_DIGITS, ARABIC_INDIC_DIGITS)
        for i, c in enumerate(digits)
    }
)
_SORT_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
    }
)

_NUMBER_RUN_RE = re.compile("[0-9]+")
SORT_NUMBER_WIDTH = 4


def pad_numbers(text: str) -> str:
    """Latin digits, each number zero-padded, so «منطقه ۲» sorts before «منطقه ۱۰»."""
    return _NUMBER_RUN_RE.sub(lambda m: m.group().zfill(SORT_NUMBER_WIDTH), to_latin_digits(text))


def sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Sort key in Persian alphabet order (پ after ب, گ after ک); Persian names sort before
    Latin ones; Arabic letter variants sort with their Persian letter; ZWNJ = space;
    numbers in numeric order."""
    folded = drop_marks(
        unicodedata.normalize("NFKC", pad_numbers(text)).translate(_SORT_FOLD).strip()
    )
    weights: list[int] = []
    for char in folded:
        if char.isspace() or char in "\u200c\u200d-_":
            if weights and weights[-1] != _SORT_SEPARATOR:
                weights.append(_SORT_SEPARATOR)
        elif char in _SORT_WEIGHTS:
            weights.append(_SORT_WEIGHTS[char])
        elif is_arabic_script(char) and char.isalnum():
            weights.append(_SORT_OTHER_ARABIC + ord(char))  # ء, ڤ ...: after ی, before Latin
        elif char.isalnum():
            base = drop_marks(unicodedata.normalize("NFKD", char)).lower()  # é sorts as e
            is_latin = len(base) == 1 and base.isascii()
            weights.append(_SORT_LATIN + ord(base) if is_latin else _SORT_OTHER + ord(char))
    if weights and weights[-1] == _SORT_SEPARATOR:
        weights.pop()
    return tuple(weights), text
