"""The low-level tokenizer under search keys: letter folding (``base_words``), detached
affixes joined back on and plurals stemmed (``base_tokens``). The lexicon's data is built
in this spelling and ``spelling``'s rules read it, so it imports neither ``keys``,
``spelling`` nor ``lexicon``. Pure Python, run on every request: never hazm."""

from __future__ import annotations

import functools
import re
import unicodedata

from .chars import (
    ARABIC_INDIC_DIGITS,
    ARABIC_SCRIPT_CLASS,
    PERSIAN_DIGITS,
    TATWEEL,
    ZWNJ,
    is_arabic_script,
)

# Search-key folding runs after NFKD + mark removal, so أ/إ/آ/ؤ/ئ/ۀ already lost their marks.
_KEY_FOLD_PAIRS = {
    "ی": "يىېۍێےۓ",
    "ک": "كڪ",
    "ه": "ةەھہۃ",
    "ا": "ٱٲٳ",
}
_KEY_TABLE: dict[int, str | None] = {
    ord(src): dst for dst, srcs in _KEY_FOLD_PAIRS.items() for src in srcs
}
_KEY_TABLE.update({ord(c): str(i) for i, c in enumerate(PERSIAN_DIGITS)})
_KEY_TABLE.update({ord(c): str(i) for i, c in enumerate(ARABIC_INDIC_DIGITS)})
_KEY_TABLE.update({ord(c): " " for c in ZWNJ + "\u200d_"})  # ZWNJ is never significant in keys
_KEY_TABLE.update({ord(c): None for c in TATWEEL + "\u0674\u06e5\u06e6"})  # letter-like marks
# Combining marks of Latin and Arabic (accents, harakat, hamza/madda above); other scripts'
# marks simply split tokens, which is still deterministic.
_KEY_TABLE.update(
    {
        cp: None
        for cp in (
            *range(0x0300, 0x0370),
            *range(0x0483, 0x0900),
            *range(0x1AB0, 0x1B00),
            *range(0x1DC0, 0x1E00),
            *range(0x20D0, 0x2100),
            *range(0xFE20, 0xFE30),
        )
        if unicodedata.category(chr(cp)).startswith("M")
    }
)

# _KEY_TABLE applied by a regex: str.translate looks every character up in the table,
# while the characters it changes are a few percent of a text.
_KEY_CHARS_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in _KEY_TABLE) + "]")


def _key_char(match: re.Match[str]) -> str:
    return _KEY_TABLE[ord(match[0])] or ""


_TOKEN_RE = re.compile(r"[^\W_]+")  # exactly the str.isalnum() characters

# Real text glues digits to words («منطقه۶», «۲۲گانه») where hazm, normalizing stored text,
# puts a space: a digit next to a Persian letter is a word boundary. (Latin stays: «A320».)
_DIGIT_EDGE_RE = re.compile(
    f"(?<=[0-9])(?={ARABIC_SCRIPT_CLASS})|(?<={ARABIC_SCRIPT_CLASS})(?=[0-9])"
)
_HAS_DIGIT_RE = re.compile("[0-9]")


def base_words(text: str, *, digits_apart: bool = False) -> list[str]:
    """The folded words of ``text`` as typed (nothing joined, stemmed or split, but
    digits from Persian letters when ``digits_apart``)."""
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    text = _KEY_CHARS_RE.sub(_key_char, text)
    if digits_apart and _HAS_DIGIT_RE.search(text):
        text = _DIGIT_EDGE_RE.sub(" ", text)
    return _TOKEN_RE.findall(text)


# Detached affixes that belong to a neighbouring word («شهرداری ها», «می کند»).
_SUFFIXES = frozenset({"ها", "های", "هایی", "تر", "ترین"})
_PREFIXES = frozenset({"می", "نمی", "بی"})
_PLURAL_SUFFIXES = ("هایی", "های", "ها")  # longest first
_PLURALS = frozenset(_PLURAL_SUFFIXES)

MIN_STEM_LENGTH = 2
# Words that end in «ها» but are not plurals (تنها is not تن + ها).
_NOT_PLURAL = frozenset(
    {
        base + tail
        for base in (
            "تنها",
            "بها",
            "رها",
            "انتها",
            "اژدها",
            "اشتها",
            "منتها",
            "منها",
            "فقها",
            "سفها",
            "طاها",
            "سها",
            "پربها",
            "شیربها",
            "گرانبها",
            "پراشتها",
            "یاماها",
            "علیها",
        )
        for tail in ("", "ی", "یی")
    }
    | {"شانگهای", "آهای", "نهایی"}
)


@functools.lru_cache(maxsize=1 << 16)  # pure, and a text repeats its words
def _stem(token: str) -> str:
    """Strip plural «ها/های/هایی» only; never «ان/ات/ی» (ایران, تهران, شهرداری stay)."""
    while token not in _NOT_PLURAL:
        suffix = next((s for s in _PLURAL_SUFFIXES if token.endswith(s)), None)
        if suffix is None:
            break
        stem = token[: -len(suffix)]
        if len(stem) < MIN_STEM_LENGTH or stem in _SUFFIXES or stem in _PREFIXES:
            break
        token = stem
    return token


def _join_and_stem(tokens: list[str], stem) -> list[str]:
    # Most texts have no detached affix: then each step is a plain pass (in C).
    if _SUFFIXES.isdisjoint(tokens[1:]):
        joined = tokens
    else:
        joined = []
        for token in tokens:  # «ها», «تر» ... belong to the previous word
            if joined and token in _SUFFIXES:
                # A detached «ها» says «plural» outright: «نام‌های» is «نام», never
                # «نامه» + «ای» (which only a glued «نامهای» leaves open).
                joined[-1] = _stem(joined[-1] + token) if token in _PLURALS else joined[-1] + token
            else:
                joined.append(token)
    if _PREFIXES.isdisjoint(joined):
        return list(map(stem, joined))
    result: list[str] = []
    i = 0
    while i < len(joined):  # «می», «نمی», «بی» belong to the next Persian word
        token = joined[i]
        while token in _PREFIXES and i + 1 < len(joined) and is_arabic_script(joined[i + 1][0]):
            i += 1
            token += joined[i]
        result.append(stem(token))
        i += 1
    return result


def _tokenize(text: str, stem) -> list[str]:
    tokens = base_words(text, digits_apart=True)
    while True:  # each round only merges tokens or shortens them, so this terminates
        result = _join_and_stem(tokens, stem)
        # Nothing left to join and every token already stemmed (stem is idempotent):
        # another round would return the same list.
        if result == tokens or (_SUFFIXES.isdisjoint(result[1:]) and _PREFIXES.isdisjoint(result)):
            return result
        tokens = result


def base_tokens(text: str) -> list[str]:
    """``search_tokens`` without the lexicon's rules: letters folded, affixes joined,
    plurals stemmed. The lexicon's data is built in this spelling."""
    return _tokenize(text, _stem)
