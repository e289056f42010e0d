"""Stand codes as visitors type them: «A12», «a-12», «A 12», «الف-۱۲», «ب۷».

``parse_stand_code`` is the one reading of a typed code; the floor plan's search and
the exhibitor directory's search both use it. Stored codes are always
``STAND_CODE_PATTERN`` (hall letters, a hyphen, a number without leading zeros).
"""

import re

from exhibition import persian

STAND_CODE_PATTERN = r"^[A-Z]{1,3}-[0-9]{1,4}$"

# Persian signage names halls in abjad order (الف، ب، ج، د…) where English uses A, B, C, D.
PERSIAN_HALL_LETTERS = {
    "الف": "A",
    "آ": "A",
    "ا": "A",
    "أ": "A",
    "إ": "A",
    "ب": "B",
    "ج": "C",
    "د": "D",
    "ه": "E",
    "و": "F",
    "ز": "G",
    "ح": "H",
}
_PERSIAN_LETTER_RE = re.compile(
    "^(" + "|".join(sorted(map(re.escape, PERSIAN_HALL_LETTERS), key=len, reverse=True)) + ")"
)
# Letters, then any separator people type between letters and number, then the number.
_TYPED_CODE_RE = re.compile(r"^([A-Z]{1,3})[\s\-_./\u2010-\u2015\u2212\u0640]*([0-9]{1,6})$")
_INVISIBLE = dict.fromkeys(map(ord, "\u200c\u200d\u200e\u200f\u061c\ufeff"))


def parse_stand_code(text: str) -> str | None:
    """The stored form of a typed stand code (``"A-12"``), or None if it is not one."""
    value = persian.to_latin_digits(text or "").translate(_INVISIBLE).strip()
    if len(value) > 20:
        return None
    value = _PERSIAN_LETTER_RE.sub(lambda m: PERSIAN_HALL_LETTERS[m.group(1)], value)
    match = _TYPED_CODE_RE.match(value.upper())
    if not match:
        return None
    code = f"{match.group(1)}-{int(match.group(2))}"
    return code if re.match(STAND_CODE_PATTERN, code) else None
