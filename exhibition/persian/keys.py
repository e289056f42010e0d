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
from .chars import ARABIC_SCRIPT_CLASS, ZWNJ
from .english import english_keys
from .lexicon import lexicon
from .spelling import (
    _CLITICS,
    analyze,
    compound_split,
    is_vav_compound,
    lexicon_stem,
    other_readings,
)
from .tokens import _KEY_TABLE, _PREFIXES, _SUFFIXES, _join_and_stem, _tokenize

_COMPOUND_TABLE = {**_KEY_TABLE, ord(ZWNJ): ZWNJ}  # the same folding, ZWNJ kept
# Compounds («دانش‌بنیان», «کلان‌شهر») are also typed fully joined («دانشبنیان»). Their
# parts are Persian words of two letters or more; prepositions, pronouns and clitics
# are not parts: «مدیر آن» is not «مدیران», «خانه‌ای» is not a compound.
MIN_COMPOUND_PART = 2
MAX_COMPOUND_PARTS = 4
_NOT_COMPOUND_PART = (
    _SUFFIXES
    | _PREFIXES
    | {
        "ان",
        "این",
        "او",
        "به",
        "از",
        "در",
        "با",
        "بر",
        "تا",
        "که",
        "را",
        "یا",
        "ای",
        "ام",
        "ات",
        "اش",
        "ایم",
        "اید",
        "اند",
        "است",
    }
)
# Sits between the text's tokens and the joined forms appended after them in an index key,
# so no phrase (and no exhibitor name) runs from one into the other. search_tokens folds
# this letter to «ی», so no query can ask for it.
INDEX_BREAK = "ي"

_ARABIC_SCRIPT_WORD_RE = re.compile(ARABIC_SCRIPT_CLASS + "+")
_ZWNJ_WORD_RE = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)+")


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
    tokens = _analyzed(text)
    # A reading of the lexicon (a hamza spelling, a glued word's parts) can be a word that
    # another round would still stem or join («برآهآی» → «بریهای» → «بری»): go on until
    # nothing changes, so the index and the query store the same last round. Almost
    # every text settles at once; the check is one plain pass.
    for _round in range(_MAX_ROUNDS):
        if _join_and_stem(tokens, lexicon_stem) == tokens:
            break
        tokens = _analyzed(" ".join(tokens))
    return english_keys(tokens)  # English words: their Snowball stems


_MAX_ROUNDS = 4  # each round only shortens or merges tokens; real text needs one


def _analyzed(text: str) -> list[str]:
    return list(chain.from_iterable(map(analyze, _tokenize(text, lexicon_stem))))


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


@functools.lru_cache(maxsize=1 << 16)
def phrase_token(tokens: tuple[str, ...]) -> str | None:
    """The one token an index stores for a phrase the query makes of one typed word, or
    None for any other phrase. Three kinds, each cheap to spot in a stored text:

    - a word ending in silent «ه» and its clitic («رسانه» «ای» -> «رسانهای»);
    - a word and an auxiliary verb after it («تشکیل» «شده» -> «تشکیلشده»);
    - a «و» compound the lexicon knows («حمل» «و» «نقل» -> «حملونقل»).

    Each is two or three tokens, one of them in most articles («ای» is in nine out of
    ten, «و» in nearly all), and a phrase of common tokens is slow to find: the text
    index hands over every article holding them all, and each one's positions are read
    to check the order. Stored as one token, it is one rare entry. The joined spelling is
    never a token of any text (``search_tokens`` reads it as the parts, or as something
    else), so it stands for the phrase and nothing more."""
    if len(tokens) == 2:
        word, second = tokens
        if second in CLITICS:
            if not word.endswith("ه"):
                return None
        elif second not in lexicon().auxiliary:
            return None
        if not _is_compound_part(word):
            return None
    elif len(tokens) != 3 or tokens[1] != "و" or not is_vav_compound(tokens[0], tokens[2]):
        return None
    joined = "".join(tokens)
    return joined if search_tokens(joined) != [joined] else None


def phrase_tokens(key: str) -> list[str]:
    """The ``phrase_token`` of every such phrase standing in ``key`` (a search key or an
    index key's parts: no phrase spans an INDEX_BREAK), without repeats."""
    tokens = key.split()
    auxiliary = lexicon().auxiliary
    found: dict[str, None] = {}
    for i in range(1, len(tokens)):
        second = tokens[i]
        if second in CLITICS or second in auxiliary:
            phrase = (tokens[i - 1], second)
        elif second == "و" and i + 1 < len(tokens):
            phrase = (tokens[i - 1], second, tokens[i + 1])
        else:
            continue
        if (joined := phrase_token(phrase)) is not None:
            found[joined] = None
    return list(found)


CLITICS = frozenset(_CLITICS)  # as tokens («رسانه‌ای» is «رسانه» «ای»)


def apart_compound_token(first: str, second: str) -> str | None:
    """The known compound that ``first`` and ``second`` written apart spell, when a query
    for the compound offers exactly these words as its reading apart
    (``spelling.compound_split``: «زیر» «زمینی» -> «زیرزمینی»); otherwise None."""
    joined = first + second
    if joined not in lexicon().freq:  # the common case, one lookup
        return None
    return _apart_compound_token(joined, first, second)


@functools.lru_cache(maxsize=1 << 14)
def _apart_compound_token(joined: str, first: str, second: str) -> str | None:
    if compound_split(joined) != (first, second) or search_tokens(joined) != [joined]:
        return None
    return joined


def apart_compound_tokens(key: str) -> list[str]:
    """The compound of every two neighbouring words of ``key`` that ``apart_compound_token``
    joins, without repeats. Stored with the text, they let a query for «زیرزمینی» look up
    one token where it would also have checked the order of «زیر» and «زمینی» (two
    common words) in every article holding both."""
    tokens = key.split()
    known = lexicon().freq
    found = {
        joined: None
        for first, second in zip(tokens, tokens[1:], strict=False)
        if first + second in known
        and (joined := _apart_compound_token(first + second, first, second)) is not None
    }
    return list(found)


def lookup_tokens(tokens: tuple[str, ...]) -> tuple[str, ...]:
    """What a search index looks up for a phrase of ``tokens``: the one token
    ``index_key`` stores for it (``phrase_token``), or the phrase as it is."""
    joined = phrase_token(tokens) if 1 < len(tokens) < 4 else None
    return tokens if joined is None else (joined,)


def index_key(text: str) -> str:
    """What a search index stores for ``text``: ``search_key(text)`` and, after it, the
    joined forms of its ZWNJ compounds (``compound_tokens``), the second readings of
    glued words that read two ways (``spelling.other_readings``), the one-token form
    of each word-and-clitic, word-and-auxiliary and «و» compound (``phrase_tokens``) and of
    known compounds written apart
    (``apart_compound_tokens``). A query typed «زیرزمینی» then finds text written
    «زیر‌زمینی» or «زیر زمینی» by one token, «نشسته‌ای» finds «نشستهای», and «رسانه‌ای» is
    one lookup."""
    key = INDEX_KEYS.get(text)
    if key is None:
        joined = [*compound_tokens(text), *other_readings(text)]
        key = append_compounds(search_key(text), joined)
        phrases = dict.fromkeys([*phrase_tokens(key), *apart_compound_tokens(key)])
        key = append_compounds(key, [token for token in phrases if token not in joined])
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


# Persian function words a highlighter leaves unmarked on their own: found in every
# article, marking them hides the words the reader asked for («و» would light up the
# whole snippet). English stop words are english.STOP_KEYS.
_FUNCTION_WORDS = "و در به از که را با تا بر یا این آن برای هم نیز"


@functools.cache
def function_word_keys() -> frozenset[str]:
    # On first use, not at import: keying reads the lexicon (~0.2 s).
    return frozenset(search_key(_FUNCTION_WORDS).split())
