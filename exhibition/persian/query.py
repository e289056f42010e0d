"""The search box's query: ``parse_query`` and ``Query``. Pure Python, never hazm."""

from __future__ import annotations

import re
from dataclasses import dataclass

from .keys import (
    CLITICS,
    apart_compound_token,
    is_detached_suffix,
    join_tokens,
    lookup_tokens,
    phrase_token,
    search_tokens,
)
from .spelling import compound_split, is_vav_compound, other_readings

MAX_QUERY_LENGTH = 200

QUERY_RE = re.compile(r'(-?)(?:"([^"]*)"|«([^»]*)»|“([^”]*)”)|(\S+)')


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

    def lookup_options(self) -> tuple[tuple[tuple[str, ...], ...], ...]:
        """``term_options`` as a search index looks them up (``keys.lookup_tokens``). A
        known compound's reading apart is dropped: the index stores the compound token
        wherever those words stand side by side (``keys.apart_compound_tokens``)."""
        return tuple(
            tuple(
                dict.fromkeys(
                    lookup_tokens(option)
                    for option in options
                    if len(option) != 2 or apart_compound_token(*option) != options[0][0]
                )
            )
            for options in self.term_options()
        )

    def lookup_phrases(self) -> tuple[tuple[str, ...], ...]:
        """``phrases`` as a search index looks them up (``keys.lookup_tokens``)."""
        return tuple(map(lookup_tokens, self.phrases))

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
    for match in QUERY_RE.finditer(q[:MAX_QUERY_LENGTH]):
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
            words = [search_tokens(word) for word in text.split()]
            if [token for word in words for token in word] != tokens:
                _add_terms(terms, tokens)  # a suffix joined across words: no word apart
                continue
            run: list[str] = []
            vav_span = _spaced_word_spans(words)
            typed_words = text.split()
            for index, (typed, word) in enumerate(zip(typed_words, words, strict=True)):
                if vav_span[index] is not None:
                    # One word typed spaced («پرس و جو», «رسانه ای»): as «پرس‌وجو».
                    _add_terms(terms, run)
                    run = []
                    if vav_span[index]:
                        phrases[vav_span[index]] = None
                    continue
                for reading in other_readings(typed):  # «نشستهای»: «نشسته ای» too
                    if len(word) == 1:
                        terms.setdefault(word[0], {})[tuple(reading.split())] = None
                # One typed word that gives several tokens is glued («درتهران»,
                # «حملونقل», «۲۲گانه», «رسانه‌ای»): they stand together, as a phrase.
                # A compound that text may write fully joined («زیر‌زمینی») stays terms,
                # each with that joined form as an alternative.
                if len(word) > 1 and not any(map(join_tokens, word, word[1:])):
                    _add_terms(terms, run)
                    run = []
                    phrases[tuple(word)] = None
                else:
                    run.extend(word)
            _add_terms(terms, run)
    alternatives = tuple(tuple(others) for others in terms.values())
    if not any(alternatives):
        alternatives = ()
    return Query(tuple(terms), tuple(phrases), tuple(excluded), alternatives)


def _spaced_word_spans(words: list[list[str]]) -> list[tuple[str, ...] | None]:
    """Per typed word: None, or its part of one word typed across words: a «و» compound
    the lexicon knows («پرس و جو», «حمل ونقل») or a clitic typed apart after a word in
    silent «ه» («رسانه ای»). The first word of such a span gets the phrase of all the
    span's tokens, the others (); a span takes its words whole («درپرس و جو»: «در» too,
    as the glued word is a phrase already)."""
    owner = [index for index, word in enumerate(words) for _token in word]
    flat = [token for word in words for token in word]
    spans: list[tuple[str, ...] | None] = [None] * len(words)
    start = end = -1
    for i in range(len(flat) - 1):
        if _is_vav_compound_at(flat, owner, i):
            last = owner[i + 2]
        elif _is_clitic_apart_at(flat, owner, words, i):
            last = owner[i + 1]
        else:
            continue
        if owner[i] <= end:  # «X و Y و Z»: one span
            end = last
        else:
            _close_span(spans, words, start, end)
            start, end = owner[i], last
    _close_span(spans, words, start, end)
    return spans


def _is_vav_compound_at(flat: list[str], owner: list[int], i: int) -> bool:
    return (
        i + 2 < len(flat)
        and flat[i + 1] == "و"
        and owner[i] != owner[i + 2]
        and is_vav_compound(flat[i], flat[i + 2])
    )


def _is_clitic_apart_at(flat: list[str], owner: list[int], words, i: int) -> bool:
    """«رسانه ای»: a typed word that is only a clitic, after a word in silent «ه»."""
    return (
        owner[i] != owner[i + 1]
        and words[owner[i + 1]] == [flat[i + 1]]
        and flat[i + 1] in CLITICS
        and phrase_token((flat[i], flat[i + 1])) is not None
    )


def _close_span(spans, words, start: int, end: int) -> None:
    if start < 0:
        return
    spans[start] = tuple(token for word in words[start : end + 1] for token in word)
    for index in range(start + 1, end + 1):
        spans[index] = ()


def _add_terms(terms: dict[str, dict[tuple[str, ...], None]], tokens: list[str]) -> None:
    """Add neighbouring plain words with their compound alternatives (see Query)."""
    joins = [join_tokens(a, b) for a, b in zip(tokens, tokens[1:], strict=False)]
    for i, token in enumerate(tokens):
        others = terms.setdefault(token, {})
        for joined in (joins[i - 1] if i else None, joins[i] if i < len(joins) else None):
            if joined is not None and joined != token:
                others[(joined,)] = None
        # The other way, a known compound typed joined («زیرزمینی») split into its parts
        # as the lexicon reads it, for text that writes it apart («زیر زمینی»).
        split = compound_split(token)
        if split is not None:
            others[split] = None
