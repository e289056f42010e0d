"""Display normalization for text being SAVED: ``normalize``, ``preload``.

The only module of the project that imports hazm, and only on the first Persian text
it normalizes (or on ``preload()``, called at WSGI/ASGI startup): importing hazm costs
seconds and ~150 MB, so page views, which never save text, never pay for it.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata

from .cache import NORMALIZED, remember
from .chars import (
    ARABIC_INDIC_DIGITS,
    DELETE_RE,
    DIGIT_CLASS,
    LATIN_DIGITS,
    PERSIAN_DIGITS,
    translate_runs,
)
from .fastpath import HAZM_VERSION, Normalizer, fast_normalizer
from .language import detect_language

MAX_NORMALIZE_PASSES = 6
# Display folding only touches letters that are plainly typing mistakes in Persian;
# hamza forms (أ ؤ ئ) and آ are legitimate spellings and stay.
_DISPLAY_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_DISPLAY_FOLD_RUN_RE = re.compile("[" + "".join(map(chr, _DISPLAY_FOLD)) + "]+")

# What hazm would print for a formatted number in Persian prose, had it not split it.
_NUMBER_DISPLAY = str.maketrans(
    LATIN_DIGITS + ARABIC_INDIC_DIGITS + "%.", PERSIAN_DIGITS * 2 + "٪٫"
)

_LINEBREAK_RE = re.compile("\r\n?|[\x0b\x0c\x85\u2028]")

# Runs of spaces except a lone plain space, which would only be replaced by itself.
_OTHER_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES_RE = re.compile(f"[ {_OTHER_SPACES}]{{2,}}|[{_OTHER_SPACES}]")
_LINE_EDGE_RE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_BLANK_LINES_RE = re.compile(r"\n{3,}")

_LATIN = "A-Za-z\u00c0-\u024f"
# URLs, e-mails, model numbers: Latin runs that hazm would break («www. x. com», «A۳۲۰»).
_LATIN_RUN_RE = re.compile(f"[0-9{_LATIN}]+(?:[._:/@#%&?=+~-]+[0-9{_LATIN}]+)*/?")

_NUMBER_RE = re.compile(f"[{DIGIT_CLASS}]+(?:[.,٫٬/:-][{DIGIT_CLASS}]+)+[%٪]?|[{DIGIT_CLASS}]+[%٪]")
_HAS_LATIN_RE = re.compile(f"[{_LATIN}]")

_PLACEHOLDER_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")

# A ZWNJ without a letter before it or without one after it (the ZWNJ first: a fast scan).
_STRAY_ZWNJ_RE = re.compile(r"\u200c(?:(?<![^\W\d_]\u200c)|(?![^\W\d_]))")


_HAZM_LOCK = threading.Lock()


@functools.cache
def _build_normalizer() -> Normalizer:
    from importlib.metadata import version

    import hazm  # deliberately lazy: only code that saves text pays for it

    if version("hazm") != HAZM_VERSION:
        return hazm.Normalizer()
    return fast_normalizer(hazm)


def _normalizer() -> Normalizer:
    with _HAZM_LOCK:  # threaded WSGI workers must not build two 100 MB word lists
        return _build_normalizer()


def preload() -> None:
    """Build hazm's Normalizer now (call from WSGI startup) instead of on the first save."""
    _normalizer()


def _cleanup(text: str) -> str:
    """Hazm-free, idempotent cleanup shared by both languages (and run after hazm)."""
    text = _LINEBREAK_RE.sub("\n", text).replace("\u2029", "\n\n")
    # Delete before NFC so removed characters cannot block a composition (ا + ـ + ٓ).
    text = unicodedata.normalize("NFC", DELETE_RE.sub("", text))
    text = translate_runs(_DISPLAY_FOLD_RUN_RE, _DISPLAY_FOLD, text)
    text = _SPACES_RE.sub(" ", text)
    # Only a space or tab at a line's edge is removed; a text without one is left alone.
    if "\t" in text or " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " ":
        text = _LINE_EDGE_RE.sub("", text)
    return _BLANK_LINES_RE.sub("\n\n", text).strip("\n")


def clean(text: str) -> str:
    """The cleanup ``normalize`` begins with, without hazm's spelling rules: control and
    bidi control characters (an imported «U+202E» would reverse the text after it),
    invisibles and lone surrogates removed, odd spaces made plain, Arabic ي/ك made
    Persian. Idempotent, and never lengthens a text."""
    return _cleanup(text)


def _hazm_once(text: str) -> str:
    """One hazm pass with Latin runs and formatted numbers swapped for placeholders (lone
    surrogates, which ``_cleanup`` guarantees are absent): hazm's tokenizer would break
    URLs, e-mails, «۱٫۵», «۱۴۰۳/۰۵/۱۲» and «۵۰٪» apart."""
    runs: list[str] = []

    def stash(replacement: str) -> str:
        runs.append(replacement)
        index = len(runs) - 1
        return chr(0xD800 + index // 1024) + chr(0xDC00 + index % 1024)

    def unstash(match: re.Match[str]) -> str:
        index = (ord(match[0][0]) - 0xD800) * 1024 + ord(match[0][1]) - 0xDC00
        return runs[index] if index < len(runs) else ""

    # Plain numbers without a Latin letter are Persian prose: hazm may convert them.
    text = _LATIN_RUN_RE.sub(lambda m: stash(m[0]) if _HAS_LATIN_RE.search(m[0]) else m[0], text)
    text = _NUMBER_RE.sub(lambda m: stash(m[0].translate(_NUMBER_DISPLAY)), text)
    text = _PLACEHOLDER_RE.sub(unstash, _normalizer().normalize(text))
    # hazm glues «می» to a following number with ZWNJ, then splits it on the next pass,
    # forever; ZWNJ only means something between two letters.
    return _STRAY_ZWNJ_RE.sub(" ", text)


def normalize(text: str) -> str:
    """Display normalization for text being saved; idempotent for any input.

    Persian text gets hazm (letters, digits to Persian, ZWNJ before «ها», «می‌») plus
    cleanup of what hazm misses; mostly-Latin text gets only the cleanup. hazm is not
    idempotent on its own (its spacing rules feed each other), so Persian text is run
    to a fixpoint; in practice that takes two passes.
    """
    known = NORMALIZED.get(text)
    if known is not None:
        return known
    raw = text
    text = _cleanup(text)
    known = NORMALIZED.get(text)
    if known is not None:
        remember(NORMALIZED, {raw: known})
        return known
    if detect_language(text) == "en":
        remember(NORMALIZED, {raw: text, text: text})
        return text
    cleaned = text
    for _ in range(MAX_NORMALIZE_PASSES):
        result = _cleanup(_hazm_once(text))
        if result == text:
            remember(NORMALIZED, {raw: text, cleaned: text, text: text})
            break
        text = result
    else:
        remember(NORMALIZED, {raw: text, cleaned: text})
    return text
