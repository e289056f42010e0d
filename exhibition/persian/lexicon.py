"""What search keys need of hazm's lexicon, as a compact data file (``lexicon.txt.gz``).

Request paths decide spelling questions with hazm's word list (``data/words.dat``, with
frequencies, and ``data/verbs.dat``) but must never import hazm: ``build_lexicon`` reads
those two files (found without importing hazm) and writes, in the search keys' own folded
spelling (``tokens.base_tokens``), only what ``spelling`` asks: which tokens are words (and
how frequent), the hamza spelling classes, the compounds joined with «و», the words that
start with «و» and are never «و» + a word, and the forms of the auxiliary verbs.
``make install`` builds the file (``lexicon.write_lexicon()``); a checkout without it
builds it on first use.
The data file is git-ignored: it is derived, and a test checks it matches the lexicon.
"""

from __future__ import annotations

import contextlib
import functools
import gzip
import importlib.util
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

from .chars import ZWNJ
from .tokens import _stem, base_tokens

LEXICON_FILE = Path(__file__).with_name("lexicon.txt.gz")
FORMAT = "lexicon 3"  # bump when the builder's output changes meaning

_HAMZA_CARRIERS = "ئؤأإء"
# Inflections that make a lexicon word into another token («مسئول» -> «مسئولان»): a token
# that is a word plus one of these is a word too, never split into two.
INFLECTIONS = (
    "ان",
    "ین",
    "ات",
    "یان",
    "گان",
    "ی",
    "یی",
    "ای",
    "یت",
    "ها",
    "های",
    "هایی",
    "تر",
    "ترین",
    "م",
    "ت",
    "ش",
    "مان",
    "تان",
    "شان",
    "ام",
    "ات",
    "اش",
    "ند",
    "اند",
    "ید",
    "یم",
    "ست",
    "است",
)
# Verb endings after a past or present stem (verbs.dat gives both stems).
_PERSON_ENDINGS = ("", "م", "ی", "د", "یم", "ید", "ند")
_VERB_PREFIXES = ("", "می", "نمی", "ن", "ب")
# Prepositions, conjunctions, determiners, numbers, pronouns: the short words a typist
# glues to the next word («بهصورت», «دوشهر»). Only short ones are written out: a longer
# word is a part of a glued pair on its own merits.
_FUNCTION_TAGS = frozenset({"P", "CONJ", "DET", "NUM", "PRO"})
_FUNCTION_WORD_LENGTH = 3
# The light verbs of Persian compound verbs («تشکیل شده», «استفاده کرده»), by their past
# stem in verbs.dat: hazm tags no verb as an auxiliary, so which ones are is said here. Their
# forms come from verbs.dat (``_verb_forms``).
_AUXILIARY_PAST_STEMS = ("شد", "کرد")
# A form this short is left out: «شد» glued to a word is as often a word's own ending
# («ارشد», «رشد») as the verb.
_MIN_AUXILIARY_FORM = 3
# Suffixes that start with «و» («بهره‌ور», «بهره‌وری», «بیگانه‌وار»): hazm lists them as it
# lists fragments of «و» compounds («وکار» of «کسب‌وکار»), uncounted and untagged, so the
# lexicon cannot tell «بهره‌وری» from «کسب‌وکار»; a word that starts with «و» and is counted
# («هم‌وزن», «هیچ‌وقت») or a verb's present stem («اندیشه‌ورز») it tells by itself.
_VAV_SUFFIXES = ("ور", "وار", "واره")
# «حمل‌ونقل», «گفت‌وگو», «آب‌و‌هوا»: two words and «و», a ZWNJ on at least one side of it.
_VAV_COMPOUND_RE = re.compile(
    f"([^{ZWNJ}]+){ZWNJ}و{ZWNJ}?([^{ZWNJ}]+)|([^{ZWNJ}]+)و{ZWNJ}([^{ZWNJ}]+)"
)


def hazm_data_dir() -> Path:
    """hazm's data folder, found without importing hazm (find_spec only locates it)."""
    spec = importlib.util.find_spec("hazm")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("hazm is not installed: its lexicon builds the search keys' data")
    return Path(next(iter(spec.submodule_search_locations))) / "data"


def _fold(word: str) -> list[str]:
    return base_tokens(word)


def _hamza_variants(word: str) -> set[str]:
    """The informal spellings of a word written with a hamza carrier, as real pages
    type them: «ئ» as «ی» («رئیس» -> «رییس») or, after a consonant, «ا» («هیئت» ->
    «هیات», «مسئله» -> «مساله»); «ئو» as «وو» or «و» («مسئول» -> «مسوول», «مسول»);
    «ؤو» as «و» («مسؤول» -> «مسول»); a final «ء» dropped. (The folding of search keys
    already reads «ؤ» as «و», «أ» as «ا» and «ئ» as «ی».)"""
    variants = {word}
    for _ in range(2):  # two carriers at most in a real word
        grown = set()
        for variant in variants:
            match = re.search(f"[{_HAMZA_CARRIERS}]", variant)
            if match is None:
                continue
            head, carrier, tail = variant[: match.start()], match[0], variant[match.end() :]
            options = set()
            if carrier == "ئ":
                options = {"ی"} if head.endswith("ا") else {"ی", "ا"}
                if tail.startswith("و"):
                    grown |= {head + "وو" + tail[1:], head + "و" + tail[1:]}
            elif carrier == "ؤ":
                options = {"و"}
                if tail.startswith("و"):
                    grown.add(head + "و" + tail[1:])
            elif carrier in "أإ":
                options = {"ا"}
            elif carrier == "ء" and not tail:
                options = {""}
            grown |= {head + option + tail for option in options}
        variants |= grown
    return variants


def _verb_forms(past: str, present: str, *, present_endings=_PERSON_ENDINGS) -> list[str]:
    """A verb's conjugated forms from its two stems (verbs.dat), folded: «شد», «شدم»…,
    «شده», «شود»…, each also after «می», «نمی», «ن», «ب»."""
    forms = [past + e for e in _PERSON_ENDINGS if e != "د"] + [past + "ه"]
    forms += [present + e for e in present_endings if present]
    return [t for form in forms if form for prefix in _VERB_PREFIXES for t in _fold(prefix + form)]


def never_vav_part(piece: str, freq: dict[str, int], vav_words) -> bool:
    """True when ``piece``, a token that starts with «و», is a word of its own and never
    «و» + a word: a counted word («وزن», «وقت»), a verb's present stem that starts with
    «و» («ورز»), a suffix («ور», «وار»), or one of those inflected («وری», «وران»)."""
    if freq.get(piece, 0) > 0 or piece in vav_words:
        return True
    return any(
        piece.endswith(suffix) and piece[: -len(suffix)] in vav_words for suffix in INFLECTIONS
    )


def build_lexicon(data_dir: Path | None = None) -> str:
    """The data file's text, from hazm's words.dat and verbs.dat."""
    data_dir = data_dir or hazm_data_dir()
    freq: dict[str, int] = {}
    hamza_words: list[tuple[str, int]] = []
    vav: dict[str, tuple[str, str]] = {}
    raw_words: dict[str, int] = {}
    function_words: set[str] = set()
    for line in (data_dir / "words.dat").read_text(encoding="utf-8").splitlines():
        word, _, rest = line.partition("\t")
        count, _, tags = rest.partition("\t")
        count = int(count) if count.isdigit() else 0
        raw_words[word] = max(count, raw_words.get(word, 0))
        if _FUNCTION_TAGS & set(tags.split(",")):
            function_words.update(_fold(word)[:1] if ZWNJ not in word else ())
    vav_candidates: list[tuple[str, int, re.Match[str]]] = []
    for word, count in raw_words.items():
        tokens = _fold(word)
        if ZWNJ in word:
            # «حمل‌ونقل», «گفت‌وگو»: two words joined by «و» (checked once every word is in).
            match = _VAV_COMPOUND_RE.fullmatch(word)
            if match is not None:
                vav_candidates.append((word, count, match))
            continue
        if len(tokens) != 1:
            continue
        freq[tokens[0]] = max(count, freq.get(tokens[0], 0))
        if any(c in word for c in _HAMZA_CARRIERS):
            hamza_words.append((word, count))
    present_stems: set[str] = set()
    auxiliary: set[str] = set()
    for past, _, present in (
        line.partition("#") for line in (data_dir / "verbs.dat").read_text("utf-8").splitlines()
    ):
        present_stems.update(_fold(present)[:1])
        for token in _verb_forms(past, present):
            freq.setdefault(token, 0)
        if past in _AUXILIARY_PAST_STEMS:
            # «شده», «شدن», «نشده», «میشود», «کرده», «میکنند»…, not the bare present stem
            # («کن» is an imperative, never an auxiliary).
            forms = _verb_forms(past, present, present_endings=_PERSON_ENDINGS[1:])
            forms += _fold(past + "ن")
            auxiliary.update(form for form in forms if len(form) >= _MIN_AUXILIARY_FORM)
    vav_words = {s for s in present_stems if s.startswith("و")} | set(_VAV_SUFFIXES)
    for word, count, match in vav_candidates:
        first, second = (_fold(part) for part in match.groups() if part)
        if len(first) != 1 or len(second) != 1:
            continue
        first, second = first[0], second[0]
        # After the ZWNJ a word that starts with «و» («بهره‌وری»: «وری», «هم‌وزن»: «وزن»)
        # is that word, not «و» + another; and the part after «و» must be a word of its
        # own (the lexicon lists it, as it lists «گو» of «گفت‌وگو»).
        after_zwnj = word.rpartition(ZWNJ)[2]
        if after_zwnj.startswith("و") and never_vav_part(_fold(after_zwnj)[0], freq, vav_words):
            continue
        # The same before it: «کدو‌تنبل», «فرو‌پاشی» are «کدو», «فرو» and a word.
        before_zwnj = _fold(word.partition(ZWNJ)[0])[0]
        if before_zwnj.endswith("و") and freq.get(before_zwnj, 0) > 0:
            continue
        if second not in freq:
            continue
        vav[first + "و" + second] = (first, second)
        # «گفتگو» is «گفت‌وگو» typed without its «و»: the same split, when the compound
        # is attested («سی‌ونه», uncounted, does not make «سینه» «سی و نه»).
        if count > 0 and first + second in freq:
            vav[first + second] = (first, second)
    hamza = _hamza_classes(hamza_words, freq)
    lines = [FORMAT, "#words"]
    lines += [f"{w}\t{c}" if c else w for w, c in sorted(freq.items())]
    lines.append("#hamza")
    lines += [f"{v}\t{c}" for v, c in sorted(hamza.items())]
    lines.append("#function")
    lines += sorted(w for w in function_words if len(w) <= _FUNCTION_WORD_LENGTH)
    lines.append("#vav")
    lines += [f"{j}\t{a}\t{b}" for j, (a, b) in sorted(vav.items())]
    lines.append("#vav_words")
    lines += sorted(vav_words)
    lines.append("#auxiliary")
    lines += sorted(auxiliary)
    return "\n".join(lines) + "\n"


# A spelling shorter than this joins a hamza class only as the word's own folding: short
# variants are other words too often («گو» of «گئو»), and the lexicon lists many of them
# without a frequency, as it lists «هیات» and «سوال».
_MIN_HAMZA_VARIANT = 4


def _hamza_classes(hamza_words: list[tuple[str, int]], freq: dict[str, int]) -> dict[str, str]:
    """Folded spelling -> the one spelling its class is keyed by. Two lexicon words share
    a class only when one is the other's variant («هیئت», «هیأت»); a variant two classes
    could claim belongs to neither, and a variant that is another, attested word («جز» of
    «جزء», «سال» of «سائل») is left out: the lexicon says it is a word of its own."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    weight: dict[str, int] = {}
    owners: dict[str, set[str]] = {}
    for word, count in hamza_words:
        own = _fold(word)[0]
        weight[own] = max(weight.get(own, 0), count)
        find(own)
        for variant in _hamza_variants(word):
            tokens = _fold(variant)
            if len(tokens) == 1 and tokens[0] != own:
                owners.setdefault(tokens[0], set()).add(own)
    for token, claimed in owners.items():
        if token in weight:  # another hamza word's own spelling: the two are one word
            for own in claimed:
                parent[find(own)] = find(token)
    for token, claimed in owners.items():
        if token in weight or len(token) < _MIN_HAMZA_VARIANT or freq.get(token, 0) > 0:
            continue
        roots = {find(own) for own in claimed}
        if len(roots) == 1:
            parent[token] = roots.pop()
    members: dict[str, list[str]] = {}
    for token in list(parent):
        members.setdefault(find(token), []).append(token)
    result = {}
    for group in members.values():
        if len(group) < 2:
            continue
        # Any member would do (keys are never shown); one without a bare «ء», the most
        # frequent, reads best when a key is printed.
        canonical = max(group, key=lambda t: ("ء" not in t, weight.get(t, -1), freq.get(t, -1), t))
        if _fold(canonical) != [canonical] or _stem(canonical) != canonical:
            continue
        result.update(dict.fromkeys(group, canonical))
    return result


@dataclass(frozen=True)
class Lexicon:
    freq: dict[str, int]  # every known token -> its frequency (0: known, count unknown)
    hamza: dict[str, str]  # spelling -> its hamza class's spelling
    vav: dict[str, tuple[str, str]]  # «حملونقل» -> («حمل», «نقل»)
    function: frozenset[str]  # short prepositions, conjunctions, numbers...
    vav_words: frozenset[str] = frozenset()  # «و»-initial stems and suffixes («ورز», «ور»)
    auxiliary: frozenset[str] = frozenset()  # «شده», «شود», «کرده»… (light verbs' forms)

    def never_vav(self, piece: str) -> bool:
        """``piece`` («وری», «وزن») is a word of its own, never «و» + a word."""
        return never_vav_part(piece, self.freq, self.vav_words)


def write_lexicon(path: Path = LEXICON_FILE, text: str | None = None) -> None:
    text = build_lexicon() if text is None else text
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as out:
        out.write(gzip.compress(text.encode("utf-8"), mtime=0))
    os.chmod(tmp, 0o644)
    os.replace(tmp, path)


def parse_lexicon(text: str) -> Lexicon:
    lines = text.splitlines()
    if not lines or lines[0] != FORMAT:
        raise ValueError("not a lexicon file of this format")
    freq: dict[str, int] = {}
    hamza: dict[str, str] = {}
    vav: dict[str, tuple[str, str]] = {}
    function: set[str] = set()
    sets: dict[str, set[str]] = {"#function": function, "#vav_words": set(), "#auxiliary": set()}
    section = None
    for line in lines[1:]:
        if line.startswith("#"):
            section = line
        elif section == "#words":
            word, _, count = line.partition("\t")
            freq[word] = int(count) if count else 0
        elif section == "#hamza":
            variant, canonical = line.split("\t")
            hamza[variant] = canonical
        elif section == "#vav":
            joined, first, second = line.split("\t")
            vav[joined] = (first, second)
        elif section in sets:
            sets[section].add(line)
    return Lexicon(
        freq,
        hamza,
        vav,
        frozenset(function),
        frozenset(sets["#vav_words"]),
        frozenset(sets["#auxiliary"]),
    )


@functools.cache
def lexicon() -> Lexicon:
    """The data file, loaded once per process; built first if it is missing or stale."""
    try:
        text = gzip.decompress(LEXICON_FILE.read_bytes()).decode("utf-8")
        return parse_lexicon(text)
    except (OSError, ValueError):
        text = build_lexicon()
        with contextlib.suppress(OSError):  # a read-only checkout works, building per process
            write_lexicon(LEXICON_FILE, text)
        return parse_lexicon(text)


if __name__ == "__main__":  # by hand: python -m exhibition.persian.lexicon
    write_lexicon()
    print(f"wrote {LEXICON_FILE}")
