"""Digits: Persian, Arabic-Indic and Latin, converted into one another, and the number
pattern URLs take (``exhibition.digits``, the URL converter, uses it)."""

from __future__ import annotations

from .chars import ARABIC_INDIC_DIGITS, DIGIT_CLASS, LATIN_DIGITS, PERSIAN_DIGITS

_TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)

# A number in any of the three digit sets (URLs take them: exhibition.digits).
NUMBER_PATTERN = f"[{DIGIT_CLASS}]+"


def to_persian_digits(value: str | int) -> str:
    """Latin and Arabic-Indic digits to Persian (for numbers shown in Persian pages)."""
    return str(value).translate(_TO_PERSIAN_DIGITS)


def to_latin_digits(value: str | int) -> str:
    """Persian and Arabic-Indic digits to Latin (for parsing user input, URLs, English)."""
    return str(value).translate(_TO_LATIN_DIGITS)
