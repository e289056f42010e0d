"""The one Persian/English text pipeline: display normalization, search keys, slugs, sorting.

Two paths with different costs:

* ``normalize`` runs when text is SAVED. Persian text goes through hazm, which is imported
  lazily and built once per process (~150 MB, seconds); call ``preload()`` at WSGI startup.
* ``search_tokens``/``search_key``/``index_key``/``parse_query``/``word_keys``/``slugify``/
  ``sort_key`` run on every request and are pure Python: they must never import hazm.
"""

from __future__ import annotations

import functools
import re
import threading
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # annotations only: importing hazm costs seconds and ~150 MB
    import hazm

# ---------------------------------------------------------------------------------------------
# Character tables
# ---------------------------------------------------------------------------------------------

# آ before ا, as Persian dictionaries order them («آب» before «اب»).
PERSIAN_ALPHABET = "آابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
PERSIAN_DIGITS = "۰۱۲۳۴۵۶۷۸۹"
ARABIC_INDIC_DIGITS = "٠١٢٣٤٥٦٧٨٩"
LATIN_DIGITS = "0123456789"
ZWNJ = "\u200c"
TATWEEL = "\u0640"
# fathatan..sukun and superscript alef: vowel marks that Persian prose normally omits.
ARABIC_DIACRITICS = "\u064b\u064c\u064d\u064e\u064f\u0650\u0651\u0652\u0670"
# LRM/RLM, ALM, embeddings/overrides and isolates: invisible, and can reorder what users see.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
INVISIBLES = "\u200b\ufeff"  # zero-width space, BOM
ARABIC_SCRIPT_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x08A0, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

# Display folding only touches letters that are plainly typing mistakes in Persian;
# hamza forms (أ ؤ ئ) and آ are legitimate spellings and stay.
_DISPLAY_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک"})
_DISPLAY_FOLD_RUN_RE = re.compile("[" + "".join(map(chr, _DISPLAY_FOLD)) + "]+")
_SLUG_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ٱ": "ا"})

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


def _translate_runs(runs: re.Pattern[str], table: dict[int, str], text: str) -> str:
    """``text.translate(table)``, where ``runs`` finds runs of the characters ``table``
    changes: translate looks up every character of a long Persian text (~0.3 ms for an
    article), while the characters to change are few."""
    return runs.sub(lambda match: match[0].translate(table), text)


_TO_PERSIAN_DIGITS = str.maketrans(LATIN_DIGITS + ARABIC_INDIC_DIGITS, PERSIAN_DIGITS * 2)
_TO_LATIN_DIGITS = str.maketrans(PERSIAN_DIGITS + ARABIC_INDIC_DIGITS, LATIN_DIGITS * 2)
# What hazm would print for a formatted number in Persian prose, had it not split it.
_NUMBER_DISPLAY = str.maketrans(
    LATIN_DIGITS + ARABIC_INDIC_DIGITS + "%.", PERSIAN_DIGITS * 2 + "٪٫"
)

# Detached affixes that belong to a neighbouring word («شهرداری ها», «می کند»).
_SUFFIXES = frozenset({"ها", "های", "هایی", "تر", "ترین"})
_PREFIXES = frozenset({"می", "نمی", "بی"})
_PLURAL_SUFFIXES = ("هایی", "های", "ها")  # longest first
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
# Compounds of this archive's news that are also written with a space («دانش بنیان»,
# «خواهر شهرها», «سرمایه گذاری»). Only these are split when a query types them fully
# joined: without a dictionary, splitting any word finds unrelated neighbours
# («همکاری» would find «هم کاری», also a job). Extend it as the news needs.
KNOWN_COMPOUNDS = (
    "دانش‌بنیان", "کلان‌شهر", "خواهر‌شهر", "بین‌المللی", "تفاهم‌نامه", "سرمایه‌گذاری",
    "برنامه‌ریزی", "بهره‌برداری", "تصمیم‌گیری", "زیست‌محیطی",
)  # fmt: skip
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

# Sorting: separators < digits < Persian letters (alphabet order) < other Arabic-script
# letters < Latin < everything else.
_SORT_SEPARATOR = 1
_SORT_OTHER_ARABIC, _SORT_LATIN, _SORT_OTHER = 1_000, 100_000, 200_000
_SORT_WEIGHTS = {c: 100 + i for i, c in enumerate(PERSIAN_ALPHABET)}
_SORT_WEIGHTS.update(
    {
        c: 10 + i
        for digits in (LATIN_DIGITS, PERSIAN_DIGITS, ARABIC_INDIC_DIGITS)
        for i, c in enumerate(digits)
    }
)
_SORT_FOLD = str.maketrans(
    {
        "ي": "ی",
        "ى": "ی",
        "ئ": "ی",
        "ك": "ک",
        "ة": "ه",
        "ۀ": "ه",
        "أ": "ا",
        "إ": "ا",
        "ٱ": "ا",
        "ؤ": "و",
    }
)

MAX_QUERY_LENGTH = 200
MAX_NORMALIZE_PASSES = 6

# ---------------------------------------------------------------------------------------------
# Regexes (compiled once)
# ---------------------------------------------------------------------------------------------

_LINEBREAK_RE = re.compile("\r\n?|[\x0b\x0c\x85\u2028]")
# Controls (except \n, \t), lone surrogates, bidi controls, invisibles, tatweel, diacritics.
_DELETE_RE = re.compile(
    f"[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff{BIDI_CONTROLS}{INVISIBLES}"
    f"{TATWEEL}{ARABIC_DIACRITICS}]"
)
# Runs of spaces except a lone plain space, which would only be replaced by itself.
_OTHER_SPACES = "\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000"
_SPACES_RE = re.compile(f"[ {_OTHER_SPACES}]{{2,}}|[{_OTHER_SPACES}]")
_LINE_EDGE_RE = re.compile(r"^[ \t]+|[ \t]+$", re.MULTILINE)
_BLANK_LINES_RE = re.compile(r"\n{3,}")
_NEWLINES_RE = re.compile(r"\n+")
_TOKEN_RE = re.compile(r"[^\W_]+")  # exactly the str.isalnum() characters
_LATIN = "A-Za-z\u00c0-\u024f"
# URLs, e-mails, model numbers: Latin runs that hazm would break («www. x. com», «A۳۲۰»).
_LATIN_RUN_RE = re.compile(f"[0-9{_LATIN}]+(?:[._:/@#%&?=+~-]+[0-9{_LATIN}]+)*/?")
_DIGIT = "0-9۰-۹٠-٩"
# A number in any of the three digit sets (URLs take them: exhibition.digits).
NUMBER_PATTERN = f"[{_DIGIT}]+"
_NUMBER_RUN_RE = re.compile("[0-9]+")
SORT_NUMBER_WIDTH = 4
_NUMBER_RE = re.compile(f"[{_DIGIT}]+(?:[.,٫٬/:-][{_DIGIT}]+)+[%٪]?|[{_DIGIT}]+[%٪]")
_HAS_LATIN_RE = re.compile(f"[{_LATIN}]")
_URLISH_RE = re.compile(r"\S*(?:://|www\.|@)\S*")
_ARABIC_SCRIPT_CLASS = (
    "[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in ARABIC_SCRIPT_RANGES) + "]"
)
_ARABIC_SCRIPT_RE = re.compile(_ARABIC_SCRIPT_CLASS)
_PLACEHOLDER_RE = re.compile("[\ud800-\udbff][\udc00-\udfff]")
_ARABIC_SCRIPT_WORD_RE = re.compile(_ARABIC_SCRIPT_CLASS + "+")
_ZWNJ_WORD_RE = re.compile(r"[^\W_]+(?:\u200c[^\W_]+)+")
# A ZWNJ without a letter before it or without one after it (the ZWNJ first: a fast scan).
_STRAY_ZWNJ_RE = re.compile(r"\u200c(?:(?<![^\W\d_]\u200c)|(?![^\W\d_]))")
_QUERY_RE = re.compile(r'(-?)(?:"([^"]*)"|«([^»]*)»|“([^”]*)”)|(\S+)')
_SLUG_SEPARATORS_RE = re.compile(r"[\s\u200c\u200d_-]+")
_SLUG_DROP_RE = re.compile(r"[^\w-]|_")
_SLUG_DASHES_RE = re.compile(r"-{2,}")


_ARABIC_LETTERS_RE = re.compile(  # runs of them: fewer matches to count
    "["
    + "".join(
        re.escape(chr(code))
        for lo, hi in ARABIC_SCRIPT_RANGES
        for code in range(lo, hi + 1)
        if chr(code).isalpha()
    )
    + "]+"
)


def _is_arabic_script(char: str) -> bool:
    return _ARABIC_SCRIPT_RE.match(char) is not None


def _drop_marks(text: str) -> str:
    return "".join(c for c in text if not unicodedata.category(c).startswith("M"))


# ---------------------------------------------------------------------------------------------
# Display normalization (hazm, lazily)
# ---------------------------------------------------------------------------------------------

_HAZM_LOCK = threading.Lock()


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


def _fast_normalizer(hazm_module) -> hazm.Normalizer:
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
            text = _translate_runs(self._translation_runs, self._translation, text)
            text = _apply(self._style, text)
            text = _translate_runs(self._numbers_runs, self._numbers, text)
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


@functools.cache
def _build_normalizer() -> hazm.Normalizer:
    from importlib.metadata import version

    import hazm  # deliberately lazy: only code that saves text pays for it

    if version("hazm") != HAZM_VERSION:
        return hazm.Normalizer()
    return _fast_normalizer(hazm)


def _normalizer() -> hazm.Normalizer:
    with _HAZM_LOCK:  # threaded WSGI workers must not build two 100 MB word lists
        return _build_normalizer()


def preload() -> None:
    """Build hazm's Normalizer now (call from WSGI startup) instead of on the first save."""
    _normalizer()


def detect_language(text: str) -> str:
    """Return "fa" when at least half of the letters are Arabic-script, else "en".

    URLs and e-mails are not counted (a Persian blurb with a long web address is Persian).
    Text without letters counts as "en": it then only gets the hazm-free cleanup.
    """
    if "://" in text or "www." in text or "@" in text:
        text = _URLISH_RE.sub(" ", text)
    # Counted in C (one regex pass, map over a str method): the importer asks per field.
    arabic = sum(map(len, _ARABIC_LETTERS_RE.findall(text)))
    if arabic and 2 * arabic >= len(text):
        return "fa"  # half of all characters: half of the letters whatever the rest are
    letters = sum(map(str.isalpha, text))
    return "fa" if arabic and 2 * arabic >= letters else "en"


def _cleanup(text: str) -> str:
    """Hazm-free, idempotent cleanup shared by both languages (and run after hazm)."""
    text = _LINEBREAK_RE.sub("\n", text).replace("\u2029", "\n\n")
    # Delete before NFC so removed characters cannot block a composition (ا + ـ + ٓ).
    text = unicodedata.normalize("NFC", _DELETE_RE.sub("", text))
    text = _translate_runs(_DISPLAY_FOLD_RUN_RE, _DISPLAY_FOLD, text)
    text = _SPACES_RE.sub(" ", text)
    # Only a space or tab at a line's edge is removed; a text without one is left alone.
    if "\t" in text or " \n" in text or "\n " in text or text[:1] == " " or text[-1:] == " ":
        text = _LINE_EDGE_RE.sub("", text)
    return _BLANK_LINES_RE.sub("\n\n", text).strip("\n")


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
    known = _NORMALIZED.get(text)
    if known is not None:
        return known
    raw = text
    text = _cleanup(text)
    known = _NORMALIZED.get(text)
    if known is not None:
        _remember(_NORMALIZED, {raw: known})
        return known
    if detect_language(text) == "en":
        _remember(_NORMALIZED, {raw: text, text: text})
        return text
    cleaned = text
    for _ in range(MAX_NORMALIZE_PASSES):
        result = _cleanup(_hazm_once(text))
        if result == text:
            _remember(_NORMALIZED, {raw: text, cleaned: text, text: text})
            break
        text = result
    else:
        _remember(_NORMALIZED, {raw: text, cleaned: text})
    return text


# Recent results of the costly pure functions. normalize: input (raw or cleaned) ->
# normalized text, and each fixpoint -> itself: saving normalizes text that is often
# normalized already (an import compares before it saves, an edit re-saves every field),
# and proving a fixpoint costs a full hazm pass. search_key and index_key: text -> key
# (an article's search document is built again when it is saved). Import workers hand
# them to the process that saves (take_results / remember_results).
_NORMALIZED: dict[str, str] = {}
_SEARCH_KEYS: dict[str, str] = {}
_INDEX_KEYS: dict[str, str] = {}
_MEMOS = (_NORMALIZED, _SEARCH_KEYS, _INDEX_KEYS)
_MAX_REMEMBERED = 1024
# Also bounded by size: whole article bodies are remembered, and a web process keeps
# these for its lifetime. About 2 M characters (a few MB) per memo.
_MAX_REMEMBERED_CHARS = 2_000_000
_CHARS = {id(memo): 0 for memo in _MEMOS}


def _remember(memo: dict[str, str], pairs: dict[str, str]) -> None:
    for key, value in pairs.items():
        if key not in memo:
            _CHARS[id(memo)] += len(key) + len(value)
        memo[key] = value
    while len(memo) > _MAX_REMEMBERED or (memo and _CHARS[id(memo)] > _MAX_REMEMBERED_CHARS):
        try:  # oldest first; another thread may be evicting too
            key = next(iter(memo))
            _CHARS[id(memo)] -= len(key) + len(memo.pop(key))
        except (KeyError, StopIteration, RuntimeError):
            break


def take_results() -> tuple[dict[str, str], ...]:
    """Hand over (and forget) the remembered results of normalize, search_key and
    index_key, for remember_results in another process running this code."""
    results = tuple(dict(memo) for memo in _MEMOS)
    for memo in _MEMOS:
        memo.clear()
        _CHARS[id(memo)] = 0
    return results


def remember_results(results: tuple[dict[str, str], ...] | None) -> None:
    """Take results handed over by take_results in another process (None: nothing)."""
    for memo, pairs in zip(_MEMOS, results or (), strict=False):
        _remember(memo, pairs)


def split_paragraphs(text: str) -> list[str]:
    """Split into paragraphs at every line break, dropping blank lines.

    Scraped pages lose the blank line between <p> elements inconsistently, so a lone
    newline is treated as a paragraph break too.
    """
    return [line for line in (p.strip() for p in _NEWLINES_RE.split(text)) if line]


def dedupe_paragraphs(paragraphs: list[str]) -> tuple[list[str], list[str]]:
    """Return (kept, dropped): a paragraph is dropped when an earlier one has the same
    search key, i.e. differs only in spelling variants, ZWNJ, digits' script,
    punctuation or plural suffixes. Paragraphs without any word compare verbatim."""
    seen: set[str] = set()
    kept: list[str] = []
    dropped: list[str] = []
    for paragraph in paragraphs:
        identity = search_key(paragraph) or "\0" + paragraph.strip()
        (dropped if identity in seen else kept).append(paragraph)
        seen.add(identity)
    return kept, dropped


# ---------------------------------------------------------------------------------------------
# Search keys (pure Python, never hazm)
# ---------------------------------------------------------------------------------------------


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


def _join_and_stem(tokens: list[str]) -> list[str]:
    # Most texts have no detached affix: then each step is a plain pass (in C).
    if _SUFFIXES.isdisjoint(tokens[1:]):
        joined = tokens
    else:
        joined = []
        for token in tokens:  # «ها», «تر» ... belong to the previous word
            if joined and token in _SUFFIXES:
                joined[-1] += token
            else:
                joined.append(token)
    if _PREFIXES.isdisjoint(joined):
        return list(map(_stem, joined))
    result: list[str] = []
    i = 0
    while i < len(joined):  # «می», «نمی», «بی» belong to the next Persian word
        token = joined[i]
        while token in _PREFIXES and i + 1 < len(joined) and _is_arabic_script(joined[i + 1][0]):
            i += 1
            token += joined[i]
        result.append(_stem(token))
        i += 1
    return result


def search_tokens(text: str) -> list[str]:
    """Canonical tokens shared by the index and the query.

    Folds Arabic/Persian letter variants, digits to ASCII, Latin case and accents; treats
    ZWNJ as a space and re-attaches detached affixes so «شهرداری‌ها», «شهرداریها» and
    «شهرداری ها» agree. Invariant: every token is non-empty and ``token.isalnum()`` (no
    spaces, quotes or operators), so it is safe in to_tsquery('simple') and, quoted, in
    FTS5 MATCH.
    """
    text = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", text).casefold())
    tokens = _TOKEN_RE.findall(_KEY_CHARS_RE.sub(_key_char, text))
    while True:  # each round only merges tokens or shortens them, so this terminates
        result = _join_and_stem(tokens)
        # Nothing left to join and every token already stemmed (_stem is idempotent):
        # another round would return the same list.
        if result == tokens or (_SUFFIXES.isdisjoint(result[1:]) and _PREFIXES.isdisjoint(result)):
            return result
        tokens = result


def search_key(text: str) -> str:
    """``search_tokens`` joined by single spaces; idempotent."""
    key = _SEARCH_KEYS.get(text)
    if key is None:
        key = " ".join(search_tokens(text))
        _remember(_SEARCH_KEYS, {text: key})
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
    joined forms of its ZWNJ compounds (``compound_tokens``). A query typed
    «دانشبنیان» then finds text written «دانش‌بنیان»."""
    key = _INDEX_KEYS.get(text)
    if key is None:
        key = append_compounds(search_key(text), compound_tokens(text))
        _remember(_INDEX_KEYS, {text: key})
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


def _is_detached_suffix(word: str) -> bool:
    tokens = search_tokens(word)
    return len(tokens) == 1 and tokens[0] in _SUFFIXES


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
        elif groups and groups[-1][0] == "excluded" and _is_detached_suffix(word):
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


# ---------------------------------------------------------------------------------------------
# Digits, slugs, sorting
# ---------------------------------------------------------------------------------------------


def to_persian_digits(value: str | int) -> str:
    """Latin and Arabic-Indic digits to Persian (for numbers shown in Persian pages)."""
    return str(value).translate(_TO_PERSIAN_DIGITS)


def to_latin_digits(value: str | int) -> str:
    """Persian and Arabic-Indic digits to Latin (for parsing user input, URLs, English)."""
    return str(value).translate(_TO_LATIN_DIGITS)


def slugify(text: str, max_length: int = 200) -> str:
    """Mehr-style Unicode slug: folded Persian letters, lowercase Latin, digits as given,
    words joined by '-'. Safe as a Django ``<str:slug>`` segment (only letters, digits and
    '-'); may be empty, so callers need a fallback."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).lower())
    text = _drop_marks(_DELETE_RE.sub("", text)).translate(_SLUG_FOLD)
    text = _SLUG_SEPARATORS_RE.sub("-", text)
    slug = _SLUG_DASHES_RE.sub("-", _SLUG_DROP_RE.sub("", text)).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        if slug[max_length] != "-" and "-" in cut:
            cut = cut.rsplit("-", 1)[0]  # never end on half a word
        slug = cut.strip("-")
    return slug


def pad_numbers(text: str) -> str:
    """Latin digits, each number zero-padded, so «منطقه ۲» sorts before «منطقه ۱۰»."""
    return _NUMBER_RUN_RE.sub(lambda m: m.group().zfill(SORT_NUMBER_WIDTH), to_latin_digits(text))


def sort_key(text: str) -> tuple[tuple[int, ...], str]:
    """Sort key in Persian alphabet order (پ after ب, گ after ک); Persian names sort before
    Latin ones; Arabic letter variants sort with their Persian letter; ZWNJ = space;
    numbers in numeric order."""
    folded = _drop_marks(
        unicodedata.normalize("NFKC", pad_numbers(text)).translate(_SORT_FOLD).strip()
    )
    weights: list[int] = []
    for char in folded:
        if char.isspace() or char in "\u200c\u200d-_":
            if weights and weights[-1] != _SORT_SEPARATOR:
                weights.append(_SORT_SEPARATOR)
        elif char in _SORT_WEIGHTS:
            weights.append(_SORT_WEIGHTS[char])
        elif _is_arabic_script(char) and char.isalnum():
            weights.append(_SORT_OTHER_ARABIC + ord(char))  # ء, ڤ ...: after ی, before Latin
        elif char.isalnum():
            base = _drop_marks(unicodedata.normalize("NFKD", char)).lower()  # é sorts as e
            is_latin = len(base) == 1 and base.isascii()
            weights.append(_SORT_LATIN + ord(base) if is_latin else _SORT_OTHER + ord(char))
    if weights and weights[-1] == _SORT_SEPARATOR:
        weights.pop()
    return tuple(weights), text


# ---------------------------------------------------------------------------------------------
# Plain-text cleanup without hazm (names, credits, captions)
# ---------------------------------------------------------------------------------------------


def clean(text: str) -> str:
    """The cleanup ``normalize`` begins with, without hazm's spelling rules: control and
    bidi control characters (an imported «U+202E» would reverse the text after it),
    invisibles and lone surrogates removed, odd spaces made plain, Arabic ي/ك made
    Persian. Idempotent, and never lengthens a text."""
    return _cleanup(text)
