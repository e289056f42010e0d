"""hazm 0.10's Normalizer, reproduced byte for byte but faster (``fast_normalizer``).

This module never imports hazm: ``normalizer`` hands it the hazm module it has loaded,
so that module stays the only one that imports hazm.
"""

from __future__ import annotations

import re
from typing import Protocol

from .chars import ZWNJ, translate_runs


class Normalizer(Protocol):
    """What the pipeline uses of ``hazm.Normalizer`` (and of ``FastNormalizer``)."""

    def normalize(self, text: str) -> str: ...


# The hazm release FastNormalizer reproduces; any other falls back to the stock class.
HAZM_VERSION = "0.10.0"
# Substrings without which a hazm pattern cannot match (so re.sub would change nothing):
# scanning for a literal in C is far cheaper than running the pattern. Keyed by hazm's
# own pattern text, so a pattern hazm changes simply loses its shortcut.
_HAZM_PATTERN_NEEDS = {
    # extra_space_patterns; «\b\u200c*\B» cannot match empty (\b and \B exclude each other)
    r" {2,}": ("  ",),
    r"\n{3,}": ("\n\n\n",),
    r"\u200c{2,}": (ZWNJ * 2,),
    r"\u200c{1,} ": (ZWNJ + " ",),
    r" \u200c{1,}": (" " + ZWNJ,),
    r"\b\u200c*\B": (ZWNJ,),
    r"\B\u200c*\b": (ZWNJ,),
    r"[ـ\r]": ("ـ", "\r"),
    # affix_spacing_patterns
    r"([^ ]ه) ی ": ("ه ی ",),
    r"(^| )(ن?می) ": ("می ",),
    r"([^ ]ه) (ا(م|یم|ش|ند|ی|ید|ت))(?=[ \n\.:!،؛؟»\]\)\}]|$)": ("ه ا",),
    "(ه)(ها)": ("هها",),
    # punctuation_spacing_patterns and persian_style_patterns
    '" ([^\n"]+) "': ('" ',),
    '"([^\n"]+)"': ('"',),
    r"([\d+])\.([\d+])": (".",),
    r" ?\.\.\.": ("...",),
}
# The affix pattern with a lookbehind (its text repeats hazm's punctuation lists).
_HAZM_AFFIX_JOIN = "(تر(ین?)?|گری?|های?)"
_HAZM_AFFIX_JOIN_NEEDS = (" تر", " گر", " ها")


def fast_normalizer(hazm_module) -> Normalizer:
    """hazm's Normalizer, byte for byte (tests compare the two on the corpus and on
    generated text), without its avoidable costs: patterns compiled once instead of
    looked up per call, translation tables built once instead of per call, steps
    skipped when the characters they act on are absent, and the tokenizer's
    per-match template expansion replaced by a split."""

    class FastNormalizer(hazm_module.Normalizer):
        def __init__(self):
            super().__init__()
            self._translation = hazm_module.maketrans(self.translation_src, self.translation_dst)
            self._numbers = hazm_module.maketrans(
                self.number_translation_src, self.number_translation_dst
            )
            self._translation_runs = _char_runs(self._translation)
            self._numbers_runs = _char_runs(self._numbers)
            self._style = _compiled(self.persian_style_patterns)
            self._diacritics = _compiled(self.diacritics_patterns)
            self._specials = _compiled(self.specials_chars_patterns)
            self._extra_space = _compiled(self.extra_space_patterns)
            self._affix = _compiled(self.affix_spacing_patterns)
            self._punctuation = _compiled(self.punctuation_spacing_patterns)
            self._repeat = re.compile(self.more_than_two_repeat_pattern)
            ligatures = {c for old, _new in self.replacements for c in old} - set("(|)")
            self._replacement_chars = re.compile(f"[{re.escape(''.join(ligatures))}]")
            # Whatever follows a ZWNJ in a known word or verb: a token outside this set
            # cannot complete a joined pair, so the pair need not be built and looked up.
            self._pair_tails = {
                key[i + 1 :]
                for known in (self.words, self.verbs)
                for key in known
                for i, char in enumerate(key)
                if char == ZWNJ
            }

        def normalize(self, text: str) -> str:
            text = translate_runs(self._translation_runs, self._translation, text)
            text = _apply(self._style, text)
            text = translate_runs(self._numbers_runs, self._numbers, text)
            text = _apply(self._diacritics, text)
            text = self.correct_spacing(text)
            if self._replacement_chars.search(text):
                text = self.unicodes_replacement(text)
            text = _apply(self._specials, text)
            if self._repeat.search(text):
                text = self.decrease_repeated_chars(text)
            if "می" in text:
                text = self.seperate_mi(text)
            return text

        def correct_spacing(self, text: str) -> str:
            text = _apply(self._extra_space, text)
            split = self.tokenizer.pattern.split
            lines = []
            for line in text.split("\n"):
                # WordTokenizer.tokenize: the pattern never matches a space or nothing,
                # so spacing out its matches is joining the split's pieces with spaces.
                line = " ".join(split(line.replace("\t", " ")))
                lines.append(" ".join(self.token_spacing([t for t in line.split(" ") if t])))
            text = _apply(self._affix, "\n".join(lines))
            return _apply(self._punctuation, text)

        def token_spacing(self, tokens: list[str]) -> list[str]:
            verbs, words, suffixes, tails = self.verbs, self.words, self.suffixes, self._pair_tails
            last = len(tokens) - 1
            result: list[str] = []
            for t, token in enumerate(tokens):
                if result:
                    previous = result[-1]
                    if token in tails:
                        pair = previous + ZWNJ + token
                        if pair in verbs or pair in words and words[pair][0] > 0:
                            if t < last and token + "_" + tokens[t + 1] in verbs:
                                result.append(token)
                            else:
                                result[-1] = pair
                            continue
                    if token in suffixes and previous in words:
                        result[-1] = previous + ZWNJ + token
                        continue
                result.append(token)
            return result

    return FastNormalizer()


def _char_runs(table: dict[int, str]) -> re.Pattern[str]:
    """A pattern finding runs of the characters ``table`` changes."""
    changed = "".join(chr(code) for code, new in table.items() if chr(code) != new)
    return re.compile(f"[{re.escape(changed)}]+")


# Equivalent patterns that begin with a literal, which the regex engine finds by a fast
# scan instead of trying every position: same matches, same replacements.
_HAZM_PATTERN_FASTER = {
    # A ZWNJ preceded by a letter (\b before a non-word character) / by no letter (\B).
    r"\b\u200c*\B": (r"\u200c(?<=\w\u200c)\u200c*\B", ""),
    r"\B\u200c*\b": (r"\u200c(?<!\w\u200c)\u200c*\b", ""),
    # A space before an opening bracket; the character before it is checked behind, as
    # two matches could never share it (it is not a bracket).
    r"([^ «\[\(\{])([«\[\(\{])": (r"([«\[\(\{])(?<=[^ «\[\(\{].)", r" \1"),
}


_HAZM_LETTER_DIGIT_RE = re.compile(r"\(\[([^\]\\]+)\]\)\(\\d\)")


def _compiled(patterns) -> list[tuple[re.Pattern[str], str, tuple[str, ...] | None]]:
    compiled = []
    for pattern, repl in patterns:
        needs = _HAZM_PATTERN_NEEDS.get(pattern)
        faster, repl = _HAZM_PATTERN_FASTER.get(pattern, (pattern, repl))
        letters = _HAZM_LETTER_DIGIT_RE.fullmatch(pattern)
        if letters:  # a space between a letter and a digit: scan for the (rarer) digit
            faster, repl = rf"\d(?<=[{letters[1]}]\d)", r" \g<0>"
        behind, joined, after = pattern.partition("{2}) " + _HAZM_AFFIX_JOIN)
        if pattern.startswith("(?<=") and joined:
            # The affix join: its space moves in front, into the look-behind.
            needs, faster = _HAZM_AFFIX_JOIN_NEEDS, f" {behind}{{2}} ){_HAZM_AFFIX_JOIN}{after}"
        compiled.append((re.compile(faster), repl, needs))
    return compiled


def _apply(patterns, text: str) -> str:
    for pattern, repl, needs in patterns:
        if needs is None or any(n in text for n in needs):
            text = pattern.sub(repl, text)
    return text
