"""Spelling variants the lexicon settles, one token at a time (``analyze``), for the index
and the query alike. Pure Python on request paths: the lexicon is ``lexicon.txt.gz``,
never hazm.

Real pages are typed without ZWNJ and with hamza written every which way:

* hamza: «هیئت», «هیأت», «هیات» (and «مسئول», «مسؤول», «مسوول», «مسؤل») are one word.
  The lexicon's hamza words give their classes (``lexicon._hamza_classes``); a token in a
  class becomes the class's spelling, also under an inflection («مسوولان»).
* a final «اء» is «ا» («امضاء», «امضا»): Persian drops that Arabic hamza.
* compounds joined by «و» («حمل‌ونقل», «حملونقل», «گفتگو») become their three words, as
  «حمل و نقل» is written spaced.
* a clitic glued after a silent «ه» («مجموعهای», «کردهاند») comes off, as «مجموعه‌ای»
  gives «مجموعه» and «ای».
* an unknown token that is two known words glued («بهصورت», «درتهران», «دوشهر»,
  «شهرآفتاب») becomes the two words, and so does one that is a word glued to an
  auxiliary verb («تشکیلشده», «استفادهکرده»: ``lexicon.auxiliary``).
* a word that starts with «و» and is a word of its own («وری», «وار», «وزن»:
  ``Lexicon.never_vav``) is never «و» + a word («بهره‌وری» is not «بهره و ری»).

Known words stay whole («همکاری» is not «هم» + «کاری»); the query offers their
parts as a phrase instead (``compound_split``).
"""

from __future__ import annotations

import functools
import re

from .chars import is_arabic_script
from .lexicon import INFLECTIONS, lexicon
from .tokens import _PREFIXES, _SUFFIXES, _stem, base_words

# Clitics that a typist glues to a word ending in silent «ه» (written «ه‌ای», «ه‌اند»):
# the lexicon lists the word, never the word with its clitic.
_CLITICS = ("اند", "ایم", "اید", "است", "ای", "ام", "اش", "ات", "ی")
# A glued «Xهای» is «Xه» + «ای» unless «X» is this many times as frequent as «Xه» (then
# it is X's plural: «سازهای» is «ساز» + «های», «مجموعهای» is «مجموعه» + «ای»).
_PLURAL_OVER_CLITIC = 10
# Never a part of a glued pair: affixes and clitics (they are inflections, handled above),
# and the prefixes and suffixes that search_tokens joins back on.
_NOT_PART = frozenset(INFLECTIONS) | frozenset(_CLITICS) | _PREFIXES | _SUFFIXES
# One letter is a word of its own only as «و» («ومعاونت»); a lone letter otherwise is
# more often a typo than a word.
_ONE_LETTER_WORDS = frozenset({"و"})
_MIN_PART = 2
# A part known but of unknown frequency must be this long: the lexicon's rarest short
# entries are fragments more often than words.
_MIN_UNCOUNTED_PART = 4
# An inflected hamza word is mapped through its head only when the head is this long.
_MIN_HAMZA_HEAD = 3
_INFLECTIONS_LONGEST_FIRST = tuple(sorted(set(INFLECTIONS), key=len, reverse=True))
# An auxiliary or a «و» suffix after a word weighs as much as the word: the reading with
# the most frequent word before «شده» wins («انجام شده», not «انجا» + «مشده»).
_LEANING_WEIGHT = 1 << 62


@functools.lru_cache(maxsize=1 << 14)
def _glued_hay(token: str) -> tuple[bool, bool]:
    """How a glued «Xهای» reads: (as X's plural, as «Xه» + «ای»). When both X and «Xه»
    are words and neither is _PLURAL_OVER_CLITIC times as frequent as the other, the
    lexicon cannot tell («نشستهای»: «نشست‌های» or «نشسته‌ای»): both readings count."""
    if not token.endswith("های") or len(token) <= 4:
        return True, False
    freq = lexicon().freq
    plural, clitic = freq.get(token[:-3]), freq.get(token[:-2])
    if clitic is None:
        return True, False
    if not plural:  # X is no word, or one the lexicon has never counted
        return False, True
    if clitic * _PLURAL_OVER_CLITIC < plural:
        return True, False
    if plural * _PLURAL_OVER_CLITIC < clitic:
        return False, True
    return True, True


@functools.lru_cache(maxsize=1 << 16)  # as _stem: a text repeats its words
def lexicon_stem(token: str) -> str:
    """``_stem``, except that a glued «Xهای» is left whole when the lexicon reads it only
    as «Xه» + «ای» (``analyze`` then splits it). Read both ways, it is X's plural here and
    «Xه ای» as well in ``other_readings``."""
    if token.endswith("های") and not _glued_hay(token)[0]:
        return token
    return _stem(token)


# A word glued to «های» (any yeh), as typed; ZWNJ before «های» is no glue.
_GLUED_HAY_RE = re.compile(r"(?<![^\W_])[^\W_]+ها[یيى](?![^\W_])")


def other_readings(text: str) -> list[str]:
    """The second readings of the glued «Xهای» words of ``text`` that read both ways
    («نشستهای» -> «نشسته ای»), as search keys, for an index to hold beside the first."""
    found: dict[str, None] = {}
    # Only words that end in «های» (a scan in C), folded one by one: folding the whole
    # text again would double the cost of an index key.
    for word in _GLUED_HAY_RE.findall(text) if "ها" in text else ():
        if _glued_hay(word[:-1] + "ی") != (True, True):  # most words: one cached look-up
            continue
        for token in base_words(word):
            if token.endswith("های") and _glued_hay(token) == (True, True):
                found[" ".join(analyze(token[:-2]) + ("ای",))] = None
    return list(found)


@functools.lru_cache(maxsize=1 << 16)
def analyze(token: str) -> tuple[str, ...]:
    """The canonical token(s) for one token of ``base`` tokenization (see module doc)."""
    if len(token) < _MIN_PART or not is_arabic_script(token[0]) or token in _NOT_PART:
        return (token,)
    lex = lexicon()
    if token.endswith("اء"):
        token = token[:-1]
    hamza = _hamza(token)
    if hamza is not None:
        return (hamza,)
    if token in lex.vav:
        first, second = lex.vav[token]
        return (_canonical(first), "و", _canonical(second))
    count = lex.freq.get(token)
    if not count:
        # Not attested (the lexicon also lists glued spellings such as «کردهاند», «وکار»
        # without a frequency): a clitic after silent «ه», or «و» glued to a word.
        for clitic in _CLITICS:
            head = token[: -len(clitic)]
            if token.endswith(clitic) and head.endswith("ه") and head in lex.freq:
                return (*analyze(head), clitic)
        rest = token[1:]
        if (
            token[0] == "و"
            and rest not in _NOT_PART
            and not lex.never_vav(token)
            and (lex.freq.get(rest, 0) > 0 or (count is None and rest in lex.freq))
        ):
            return ("و", *analyze(rest))
        if count is not None:
            # A word the lexicon lists uncounted that is a preposition glued to a word
            # («باهدف»): read as the two, as its spelling apart is.
            parts = _glued_parts(token)
            if parts is not None and parts[0] in lex.function and lex.freq[parts[-1]] > 0:
                return tuple(part for glued in parts for part in analyze(glued))
    if count is not None or _is_inflected(token):
        return (token,)
    parts = _glued_parts(token)
    if parts is None:
        return (token,)
    return tuple(part for glued in parts for part in analyze(glued))


def _canonical(word: str) -> str:
    return _hamza(word) or word


def _hamza(token: str) -> str | None:
    hamza = lexicon().hamza
    if token in hamza:
        return hamza[token]
    for suffix in _INFLECTIONS_LONGEST_FIRST:
        head = token[: -len(suffix)]
        if token.endswith(suffix) and len(head) >= _MIN_HAMZA_HEAD and head in hamza:
            return hamza[head] + suffix
    return None


def _is_inflected(token: str) -> bool:
    """A known word plus an inflection («مسئولان», «شهرداریم»): a word, not two."""
    freq = lexicon().freq
    if token.startswith(("می", "نمی")):  # a verb the conjugation list lacks
        return True
    return any(
        token.endswith(suffix)
        and len(token) - len(suffix) >= _MIN_PART
        and token[: -len(suffix)] in freq
        for suffix in _INFLECTIONS_LONGEST_FIRST
    )


def _weight(part: str, *, first: bool, after_function_word: bool = False) -> int | None:
    """How good a word ``part`` is as one half of a glued pair (the more frequent the
    better); None when it is none. A short word (two letters) is a half only as the
    first, and only a preposition, conjunction, number... («به»، «در»، «دو»): other
    short entries of the lexicon are fragments more often than words («ته», «کت»)."""
    lex = lexicon()
    if part in _ONE_LETTER_WORDS:
        return 1 << 62 if first else None
    freq = lex.freq.get(part)
    if freq is None or part in _NOT_PART or _stem(part) != part:
        return None
    if len(part) <= _MIN_PART:
        return freq if first and part in lex.function else None
    if freq == 0:
        # After «از», «در»... an uncounted three-letter word is a word («ازسوی»).
        shortest = _MIN_UNCOUNTED_PART - after_function_word
        return 1 if len(part) >= shortest else None
    return freq


def _is_auxiliary(part: str) -> bool:
    """A form of an auxiliary verb («شده», «میشود», «کرده»), also with a clitic after its
    silent «ه» («شدهاند», «شدهاست»)."""
    auxiliary = lexicon().auxiliary
    if part in auxiliary:
        return True
    return any(
        part.endswith(clitic)
        and part[: -len(clitic)].endswith("ه")
        and part[: -len(clitic)] in auxiliary
        for clitic in _CLITICS
    )


def _glued_parts(token: str, *, content_only: bool = False) -> tuple[str, ...] | None:
    """The best reading of ``token`` as two known words («درتهران»), two joined by «و»
    («حملونقل») or a word and an auxiliary («تشکیلشده»): the one whose rarer word is the
    most frequent."""
    lex = lexicon()
    best: tuple[int, int, tuple[str, ...]] | None = None
    for i in range(1, len(token)):
        first, second = token[:i], token[i:]
        if content_only and (len(first) <= _MIN_PART or len(second) <= _MIN_PART):
            continue
        first_weight = _weight(first, first=True)
        # «و» + a word, unless the part is a word that starts with «و» («بهرهوری»).
        never_vav = second.startswith("و") and lex.never_vav(second)
        # Leans on the word before it: an auxiliary («شده»), a «و» suffix or stem («وری»).
        leaning = _is_auxiliary(second) or (never_vav and not lex.freq.get(second))
        and_word = second.startswith("و") and first != "و" and not never_vav
        candidates = [(second,)]
        if first_weight is None and and_word and not content_only:
            first_weight = lex.freq.get(first) or None  # «آب» before «و» is a word
            candidates = []
        if first_weight is None:
            continue
        if and_word and not content_only:
            candidates.append(("و", second[1:]))
        for rest in candidates:
            glue = first in lex.function or first in _ONE_LETTER_WORDS
            if rest == (second,) and leaning:
                # A compound verb glued to its auxiliary («تشکیلشده»), a word to a «و»
                # suffix or stem («بهرهوری», as «بهره‌وری» reads): after a content word.
                weights = [_LEANING_WEIGHT if len(first) > _MIN_PART and not glue else None]
            else:
                weights = [
                    _weight(part, first=False, after_function_word=glue)
                    for part in rest
                    if part != "و"
                ]
            if not weights or None in weights:
                continue
            # Two words around «و» are a pair («آبوهوا»: «آب و هوا», not «ابو» + «هوا»).
            score = (min(first_weight, *weights), len(rest), (first, *rest))
            if best is None or score[:2] > best[:2]:
                best = score
    return best[2] if best else None


@functools.lru_cache(maxsize=1 << 12)
def compound_split(token: str) -> tuple[str, str] | None:
    """A known word's reading as two known words of three letters or more («زیرزمینی»
    -> «زیر», «زمینی»), for a query to find it written apart; None when it has none
    («همکاری»: «هم» is too short to tell a part from a prefix)."""
    if len(token) < 2 * (_MIN_PART + 1) or not is_arabic_script(token[0]):
        return None
    parts = _glued_parts(token, content_only=True)
    if parts is None:
        return None
    first, second = (_canonical(part) for part in parts)
    return first, second


@functools.cache
def _vav_pairs() -> frozenset[tuple[str, str]]:
    return frozenset((_canonical(a), _canonical(b)) for a, b in lexicon().vav.values())


def is_vav_compound(first: str, second: str) -> bool:
    """True when «first و second» (canonical tokens) is a compound the lexicon knows
    («حمل» «نقل», «گفت» «گو»), so that a query typed spaced reads it as one word; two
    words joined by «and» («تهران» «ایروان») are not."""
    return (first, second) in _vav_pairs()
