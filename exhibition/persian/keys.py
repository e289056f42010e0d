"""Search keys: canonical tokens shared by the index and the query, the joined forms of
compounds, the key a search index stores (``index_key``) and the keys a highlighter
marks words with (``word_keys``). Pure Python, run on every request: never hazm."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterator
from itertools import chain

from .cache import INDEX_KEYS, SEARCH_KEYS, remember
from .chars import (
    ARABIC_INDIC_DIGITS,
    ARABIC_SCRIPT_CLASS,
    PERSIAN_DIGITS,
    TATWEEL,
    ZWNJ,
    is_arabic_script,
)
from .english import english_keys

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

_COMPOUND_TABLE = {**_KEY_TABLE, ord(ZWNJ): ZWNJ}  # the same folding, ZWNJ kept
# _KEY_TABLE applied by a regex: str.translate looks every character up in the table,
# while the characters it changes are a few percent of a text.
_KEY_CHARS_RE = re.compile("[" + "".join(re.escape(chr(code)) for code in _KEY_TABLE) + "]")


def _key_char(match: re.Match[str]) -> str:
    return _KEY_TABLE[ord(match[0])] or ""


# Detached affixes that belong to a neighbouring word («شهرداری ها», «می کند»).
_SUFFIXES = frozenset({"ها", "های", "هایی", "تر", "ترین"})
_PREFIXES = frozenset({"می", "نمی", "بی"})
_PLURAL_SUFFIXES = ("هایی", "های", "ها")  # longest first
_PLURALS = frozenset(_PLURAL_SUFFIXES)
# Compounds («دانش‌بنیان», «کلان‌شهر») are also typed fully joined («دانشبنیان»). Their
# parts are Persian words of two letters or more; prepositions, pronouns and clitics
# are not parts: «مدیر آن» is not «مدیران», «خانه‌ای» is not a compound.
MIN_COMPOUND_PART = 2
MAX_COMPOUND_PARTS = 4
_NOT_COMPOUND_PART = _SUFFIXES | _PREFIXES | {
    "ان", "این", "او", "به", "از", "در", "با", "بر", "تا", "که", "را", "یا",
    "ای", "ام", "ات", "اش", "ایم", "اید", "اند", "است",
}  # fmt: skip
# Sits between the text's tokens and the joined forms appended after them in an index key,
# so no phrase (and no exhibitor name) runs from one into the other. search_tokens folds
# this letter to «ی», so no query can ask for it.
INDEX_BREAK = "ي"

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


_TOKEN_RE = re.compile(r"[^\W_]+")  # exactly the str.isalnum() characters

_ARABIC_SCRIPT_WORD_RE = re.compile(ARABIC_SCRIPT_CLASS + "+")
_ZWNJ_WORD_RE = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)+")


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


def base_tokens(text: str) -> list[str]:
    """``search_tokens`` without the lexicon's rules: letters folded, affixes joined,
    plurals stemmed. The lexicon's data is built in this spelling."""
    return _tokenize(text, _stem)


def search_tokens(text: str) -> list[str]:
    """Canonical tokens shared by the index and the query.

    Folds Arabic/Persian letter variants, digits to ASCII, Latin case and accents; treats
    ZWNJ as a space and re-attaches detached affixes so «شهرداری‌ها», «شهرداریها» and
    «شهرداری ها» agree. Then hazm's lexicon (``spelling``) settles what spacing and
    hamza leave open: hamza spellings meet («هیئت», «هیات», «هیأت»), glued words come
    apart («بهصورت», «مجموعهای», «حملونقل»). Invariant: every token is non-empty and
    ``token.isalnum()`` (no spaces, quotes or operators), so it is safe in
    to_tsquery('simple') and, quoted, in FTS5 MATCH; and the tokens are a fixpoint:
    ``search_tokens(" ".join(tokens)) == tokens``.
    """
    from .spelling import analyze, lexicon_stem

    tokens = chain.from_iterable(map(analyze, _tokenize(text, lexicon_stem)))
    return english_keys(list(tokens))  # English words: their Snowball stems


def search_key(text: str) -> str:
    """``search_tokens`` joined by single spaces; idempotent."""
    key = SEARCH_KEYS.get(text)
    if key is None:
        key = " ".join(search_tokens(text))
        remember(SEARCH_KEYS, {text: key})
    return key


def _is_compound_part(token: str) -> bool:
    return (
        len(token) >= MIN_COMPOUND_PART
        and token not in _NOT_COMPOUND_PART
        and _ARABIC_SCRIPT_WORD_RE.fullmatch(token) is not None
    )


@functools.lru_cache(maxsize=1 << 16)
def join_tokens(first: str, second: str) -> str | None:
    """The token that «first second» typed fully joined gives, or None when the two
    canonical tokens cannot be parts of one compound.

    «دانش» + «بنیان» gives «دانشبنیان»: what ``search_tokens("دانشبنیان")`` returns. None
    when a part is no Persian word (digits, Latin, one letter, «به», «آن», a clitic) or
    when the joined spelling reads differently («خانه» + «ای» would be stemmed to «خان»).
    Affixes need nothing here: ``search_tokens`` already joins «شهرداری‌ها», «می‌کند».
    """
    if not (_is_compound_part(first) and _is_compound_part(second)):
        return None
    joined = first + second
    return joined if search_tokens(joined) == [joined] else None


def compound_tokens(text: str) -> list[str]:
    """The joined forms of the compounds written with ZWNJ in ``text``, without repeats:
    «شرکت‌های دانش‌بنیان» -> ["دانشبنیان"]; a word of three parts also gives its joined
    halves («بین‌المللی‌شدن»...). ZWNJ is the signal: between two words it says they are
    one word, and typists who lack the key write that word fully joined. Nothing for
    ZWNJ before an affix (stemming already handles «شهرداری‌ها») or for a space."""
    found: dict[str, None] = {}
    if ZWNJ not in text:
        return []
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    for word in _ZWNJ_WORD_RE.findall(folded.translate(_COMPOUND_TABLE)):
        tokens = search_tokens(word)
        for start in range(len(tokens) - 1):
            joined: str | None = tokens[start]
            for token in tokens[start + 1 : start + MAX_COMPOUND_PARTS]:
                joined = join_tokens(joined, token)
                if joined is None:
                    break
                found[joined] = None
    return list(found)


def append_compounds(key: str, compounds) -> str:
    """``key`` followed by each joined form, each behind an INDEX_BREAK, so the text's own
    token positions (phrases) stay as they are and no phrase spans two joined forms."""
    tail = "".join(f" {INDEX_BREAK} {token}" for token in compounds)
    return (key + tail).strip() if tail else key


def index_key(text: str) -> str:
    """What a search index stores for ``text``: ``search_key(text)`` and, after it, the
    joined forms of its ZWNJ compounds (``compound_tokens``) and the second readings of
    glued words that read two ways (``spelling.other_readings``). A query typed
    «زیرزمینی» then finds text written «زیر‌زمینی», and «نشسته‌ای» finds «نشستهای»."""
    key = INDEX_KEYS.get(text)
    if key is None:
        from .spelling import other_readings

        key = append_compounds(search_key(text), [*compound_tokens(text), *other_readings(text)])
        remember(INDEX_KEYS, {text: key})
    return key


def word_keys(words: list[str]) -> list[set[str]]:
    """For each word of a text (as split on whitespace), every query token that should
    mark it as a hit: its own search tokens, its compounds' joined forms and the joined
    form it makes with a neighbouring word («دانش بنیان» lights up for «دانشبنیان»)."""
    return list(iter_word_keys(words))


def iter_word_keys(words: list[str]) -> Iterator[set[str]]:
    """``word_keys`` one word at a time (looking one word ahead), so that a caller who
    needs only the start of a long text stops paying there."""
    previous: tuple[tuple[str, ...], set[str]] | None = None
    for word in words:
        tokens, own_keys = _one_word_keys(word)
        keys = set(own_keys)
        if previous is not None:
            previous_tokens, previous_keys = previous
            if previous_tokens and tokens:
                joined = join_tokens(previous_tokens[-1], tokens[0])
                if joined is not None:
                    previous_keys.add(joined)
                    keys.add(joined)
            yield previous_keys
        previous = (tokens, keys)
    if previous is not None:
        yield previous[1]


@functools.lru_cache(maxsize=1 << 15)  # a result page's snippets repeat their words
def _one_word_keys(word: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """One word's search tokens, and with them its compounds' joined forms."""
    tokens = tuple(search_tokens(word))
    return tokens, frozenset({*tokens, *compound_tokens(word)})


def is_detached_suffix(word: str) -> bool:
    tokens = search_tokens(word)
    return len(tokens) == 1 and tokens[0] in _SUFFIXES
