"""English search keys: each Latin word's Snowball stem (PyStemmer), so «mayor» finds
«mayors» and «cities» finds «city», and the English stop words a query may leave out.
Pure Python plus PyStemmer's C extension, never hazm: it runs on every request.

``search_tokens`` (keys.py) passes its tokens through ``english_keys``; Persian tokens,
digits and mixed tokens («covid19») are left as they are, so Persian keys never change.
"""

from __future__ import annotations

import dataclasses
import functools
import threading

import Stemmer

# Snowball's English stop word list (snowballstem.org/algorithms/english/stop.txt),
# less the words a news search may well mean («first», «against», numbers): a query
# word in it is not required to match (``is_stop_word``); the index keeps it, so a
# "quoted phrase" with one still matches exactly.
_STOP_WORDS_TEXT = """
    a about above after again all am an and any are as at be because been before being
    below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into
    is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the
    their theirs them themselves then there these they this those through to too under
    until up very was we were what when where which while who whom why will with would
    you your yours yourself yourselves
"""
STOP_WORDS = frozenset(_STOP_WORDS_TEXT.split())

_local = threading.local()  # a PyStemmer Stemmer is not safe to share between threads


def _stemmer() -> Stemmer.Stemmer:
    stemmer = getattr(_local, "stemmer", None)
    if stemmer is None:
        stemmer = _local.stemmer = Stemmer.Stemmer("english")
    return stemmer


def is_english_word(token: str) -> bool:
    """A canonical token of Latin letters only (search_tokens has already folded case
    and accents)."""
    return token.isascii() and token.isalpha()


def english_keys(tokens: list[str]) -> list[str]:
    """``tokens`` with every English word replaced by its key, ``english_key``."""
    return [english_key(t) if t.isascii() and t.isalpha() else t for t in tokens]


@functools.lru_cache(maxsize=1 << 16)  # pure, and a text repeats its words
def english_key(word: str) -> str:
    """An English word's Snowball stem, stemmed again until it stays the same: Snowball
    alone is not idempotent («else» -> «els» -> «el»), and a key must be its own key."""
    stemmer = _stemmer()
    while (stem := stemmer.stemWord(word)) and stem != word:
        word = stem  # never empty for a word of letters; kept as it was if it were
    return word


# The stop words as keys, so that the query side can compare them (``english_keys`` of
# «being» is «be»).
STOP_KEYS = frozenset(english_keys(sorted(STOP_WORDS))) | STOP_WORDS


def is_stop_word(token: str) -> bool:
    """Whether a canonical token is an English stop word (or a stop word's key)."""
    return token in STOP_KEYS


def without_stop_words(query):
    """``query`` (a ``Query``) without its English stop word terms: «the mayor of
    Tehran» needs «mayor» and «tehran» only. Phrases and exclusions keep every word. A
    query of stop words alone («the who») is kept whole: it then asks for them all."""
    keep = [i for i, term in enumerate(query.terms) if not is_stop_word(term)]
    if len(keep) == len(query.terms) or not (keep or query.phrases):
        return query
    alternatives = query.alternatives and tuple(query.alternatives[i] for i in keep)
    return dataclasses.replace(
        query,
        terms=tuple(query.terms[i] for i in keep),
        alternatives=alternatives if any(alternatives) else (),
    )
