"""Digits: Persian, Arabic-Indic and Latin, converted into one another; numbers written
as a page in each language writes them; and the number pattern URLs take
(``exhibition.digits``, the URL converter, uses it)."""

from __future__ import annotations

import re

from .chars import ARABIC_INDIC_DIGITS, DIGIT_CLASS, LATIN_DIGITS, PERSIAN_DIGITS

_TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)

# A number in any of the three digit sets (URLs take them: exhibition.digits).
NUMBER_PATTERN = f"[{DIGIT_CLASS}]+"

# Persian writes «۲٫۳» and «۱۰٬۰۰۰»: the Arabic decimal and thousands separators.
PERSIAN_DECIMAL_SEPARATOR = "\u066b"
PERSIAN_THOUSANDS_SEPARATOR = "\u066c"
# A separator counts only between digits, so the full stop ending "… 22." stays one.
_DECIMAL_POINT = re.compile(
    f"(?<=[{DIGIT_CLASS}])[.{PERSIAN_DECIMAL_SEPARATOR}](?=[{DIGIT_CLASS}])"
)
_THOUSANDS_COMMA = re.compile(
    f"(?<=[{DIGIT_CLASS}])[,{PERSIAN_THOUSANDS_SEPARATOR}](?=[{DIGIT_CLASS}]{{3}}(?![{DIGIT_CLASS}]))"
)


def to_persian_digits(value: str | int) -> str:
    """Latin and Arabic-Indic digits to Persian (for numbers shown in Persian pages)."""
    return str(value).translate(_TO_PERSIAN_DIGITS)


def to_latin_digits(value: str | int) -> str:
    """Persian and Arabic-Indic digits to Latin (for parsing user input, URLs, English)."""
    return str(value).translate(_TO_LATIN_DIGITS)


def format_numbers(value, *, persian: bool) -> str:
    """Every number in ``value`` as a page in that language writes it.

    Persian: Persian digits, «٫» between a number's whole and decimal part and «٬»
    between its thousands (2.3 → ۲٫۳, 10,000 → ۱۰٬۰۰۰). English: Latin digits, "." and
    ",". The one formatting of numbers for display (``exhibition.display.local_digits``).
    """
    text = str(value)
    if persian:
        text = _DECIMAL_POINT.sub(PERSIAN_DECIMAL_SEPARATOR, to_persian_digits(text))
        return _THOUSANDS_COMMA.sub(PERSIAN_THOUSANDS_SEPARATOR, text)
    text = _DECIMAL_POINT.sub(".", to_latin_digits(text))
    return _THOUSANDS_COMMA.sub(",", text)
