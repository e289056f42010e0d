"""The search box's query: ``parse_query`` and ``Query``. Pure Python, never hazm."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from .chars import ZWNJ
from .keys import is_detached_suffix, join_tokens, search_tokens

MAX_QUERY_LENGTH = 200

_QUERY_RE = re.compile(r'(-?)(?:"([^"]*)"|«([^»]*)»|“([^”]*)”)|(\S+)')

# Compounds of this archive's news that are also written with a space («دانش بنیان»,
# «خواهر شهرها», «سرمایه گذاری»). Only these are split when a query types them fully
# joined: without a dictionary, splitting any word finds unrelated neighbours
# («همکاری» would find «هم کاری», also a job). Extend it as the news needs.
KNOWN_COMPOUNDS = (
    "دانش‌بنیان", "کلان‌شهر", "خواهر‌شهر", "بین‌المللی", "تفاهم‌نامه", "سرمایه‌گذاری",
    "برنامه‌ریزی", "بهره‌برداری", "تصمیم‌گیری", "زیست‌محیطی",
)  # fmt: skip


@dataclass(frozen=True)
class Query:
    """A parsed search box query; every piece is already a canonical search token."""

    terms: tuple[str, ...] = ()
    phrases: tuple[tuple[str, ...], ...] = ()
    excluded: tuple[str, ...] = ()
    # Per term (same order): other token sequences that stand for it in a text. The joined
    # form with a neighbouring term («دانش بنیان» -> «دانشبنیان») and, for a term that
    # could be a compound typed joined, its two parts as a phrase («دانش بنیان»).
    alternatives: tuple[tuple[tuple[str, ...], ...], ...] = ()

    @property
    def is_empty(self) -> bool:
        """True when nothing positive is left to search for (exclusions alone match nothing)."""
        return not self.terms and not self.phrases

    def term_options(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """Per term, what matches it: the term itself first, then its alternatives. A match
        needs one option of every term; an option of several tokens is a phrase."""
        alternatives = self.alternatives or ((),) * len(self.terms)
        return tuple(
            ((term,), *others) for term, others in zip(self.terms, alternatives, strict=True)
        )

    def marked_tokens(self) -> set[str]:
        """The single tokens a highlighter should mark (phrase options mark by position:
        see ``word_keys``)."""
        tokens = {t for options in self.term_options() for o in options if len(o) == 1 for t in o}
        tokens.update(t for phrase in self.phrases for t in phrase)
        return tokens


def parse_query(q: str) -> Query:
    """Parse words, "quoted" or «quoted» phrases and -excluded words; never raises.

    Input is cut to MAX_QUERY_LENGTH characters first. Neighbouring plain words are
    tokenized together so «شهرداری ها» still joins its suffix; a one-word phrase becomes a
    term; a negated phrase excludes each of its words (stricter, never looser).
    """
    groups: list[list[str]] = []  # [kind, text]; kind is "term", "excluded" or "phrase"
    for match in _QUERY_RE.finditer(q[:MAX_QUERY_LENGTH]):
        negated, *quoted, word = match.groups()
        phrase = next((p for p in quoted if p is not None), None)
        if phrase is not None:
            groups.append(["excluded" if negated else "phrase", phrase])
            continue
        kind = "term"
        if word.startswith("-"):
            kind, word = "excluded", word[1:]
        elif groups and groups[-1][0] == "excluded" and is_detached_suffix(word):
            kind = "excluded"  # «-شهرداری ها»: the suffix belongs to the excluded word
        if groups and groups[-1][0] == kind:
            groups[-1][1] += " " + word
        else:
            groups.append([kind, word])

    terms: dict[str, dict[tuple[str, ...], None]] = {}  # term -> its alternatives
    phrases: dict[tuple[str, ...], None] = {}
    excluded: dict[str, None] = {}
    for kind, text in groups:
        tokens = search_tokens(text)
        if kind == "excluded":
            excluded.update(dict.fromkeys(tokens))
        elif kind == "phrase" and len(tokens) > 1:
            phrases[tuple(tokens)] = None
        elif kind == "phrase":
            terms.update({token: {} for token in tokens if token not in terms})
        else:
            _add_terms(terms, tokens)
    alternatives = tuple(tuple(others) for others in terms.values())
    if not any(alternatives):
        alternatives = ()
    return Query(tuple(terms), tuple(phrases), tuple(excluded), alternatives)


def _add_terms(terms: dict[str, dict[tuple[str, ...], None]], tokens: list[str]) -> None:
    """Add neighbouring plain words with their compound alternatives (see Query)."""
    joins = [join_tokens(a, b) for a, b in zip(tokens, tokens[1:], strict=False)]
    for i, token in enumerate(tokens):
        others = terms.setdefault(token, {})
        for joined in (joins[i - 1] if i else None, joins[i] if i < len(joins) else None):
            if joined is not None and joined != token:
                others[(joined,)] = None
        # The other way, a joined word split into its parts, only for KNOWN_COMPOUNDS.
        if token in _known_splits():
            others[_known_splits()[token]] = None


@functools.cache
def _known_splits() -> dict[str, tuple[str, str]]:
    """KNOWN_COMPOUNDS as canonical tokens: joined token -> its two parts."""
    splits = {}
    for compound in KNOWN_COMPOUNDS:
        first, second = (search_tokens(part) for part in compound.split(ZWNJ))
        joined = join_tokens(first[0], second[0]) if len(first) == len(second) == 1 else None
        if joined is not None:
            splits[joined] = (first[0], second[0])
    return splits
