"""A realistic benchmark corpus: Persian articles whose words follow a Zipf–Mandelbrot law
over tens of thousands of real Persian words from hazm's lexicon, mixed with the real
sentences of the fixture, with the spelling variants of scraped and typed text injected
at the rates of their sources (issue 16).

Why: the old corpus (``common.Corpus``) recombines ~11 sentences, so most query words are
in 60–100 % of the articles; in a real archive most words are in a tiny share of them.

* Vocabulary: hazm's ``data/words.dat`` (read as a file, never importing hazm), content
  words ranked by its frequency column (the counted ones first, then uncounted ones in a
  seeded order), function words (prepositions, conjunctions, postpositions) in a stream
  of their own, and sentence-final verbs conjugated from ``data/verbs.dat``. A word of
  rank r is drawn with weight 1 / (r + q)^s (Zipf–Mandelbrot; s = 1, q = 2.7).
* Variants, decided per article as a news site's habits are: its ZWNJ (kept, dropped
  «بینالمللی», or typed as a space), hamza carriers typed informally («هیات», «مسوولان»),
  Latin or Arabic-Indic digits (sometimes glued to the word before them, «منطقه۶»); per
  word: «و» compounds in their four spellings («حمل‌ونقل», «حمل و نقل», «حملونقل»,
  «حمل‌و‌نقل»), the clitic «ای» after silent «ه» («رسانه‌ای», «رسانهای»), plurals. What
  hazm repairs on save stays repaired («کتاب ها» is stored «کتاب‌ها», «منطقه6» as
  «منطقه ۶»), as on the site.
  Arabic ي/ك are not typed into the articles: hazm's first step maps them to ی/ک, so such
  a source's stored text is the same (a test checks it on the vocabulary); they are
  typed into the variant queries instead, where the search has to fold them itself.
* Display text is what ``Article.save()`` would store: each raw word (with its variant
  spelling) goes through ``persian.normalize`` once and is remembered, so hazm runs per
  distinct spelling, not per article; the real sentences likewise per sentence. The
  search document is then built by ``articles.text.search_document`` from that text, so
  its keys are the site's own.
* Deterministic: article k depends only on the seed and k (not on batch sizes or on how
  many articles are built), so 300,000 articles begin with the same 100,000.
"""

from __future__ import annotations

import bisect
import html
import itertools
import random
import re
from dataclasses import dataclass

from benchmarks import common
from exhibition.persian import tokens as persian_tokens

SEED = 16
VOCABULARY = 50_000
ZIPF_S = 1.0
ZIPF_Q = 2.7
# Shares of the token stream (the rest are content words).
FUNCTION_SHARE = 0.28
NUMBER_SHARE = 0.015
# A sentence of the body is one of the fixture's real sentences (or one of their
# injected variants) this often.
REAL_SENTENCE_SHARE = 0.08
TITLE_WORDS = (8, 12)
LEAD_WORDS = (15, 30)
BODY_WORDS = (150, 600, 260)  # triangular: low, high, mode (news is right-skewed)
SENTENCE_WORDS = (7, 24)
SENTENCES_PER_PARAGRAPH = (2, 5)
# Per article (a source's habits).
ZWNJ_STYLES = (("kept", 0.5), ("dropped", 0.35), ("spaced", 0.15))
INFORMAL_HAMZA = 0.35
DIGIT_STYLES = (("persian", 0.75), ("latin", 0.2), ("arabic", 0.05))
# Per word.
GLUED_NUMBER = 0.1
CLITIC_AFTER_SILENT_HE = 0.06
PLURAL = 0.08
# «و» compounds: glued where a source drops ZWNJ, spaced where it spaces them, and in a
# source that keeps ZWNJ one of the three ways per word.
_VAV_JOINTS = {"dropped": "و", "spaced": " و "}
VAV_SPELLINGS_KEPT = (("\u200cو", 0.5), (" و ", 0.35), ("\u200cو\u200c", 0.15))

_PERSIAN_WORD_RE = re.compile("[\u0621-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u200c]+")
_FUNCTION_TAGS = frozenset({"P", "CONJ", "POSTP"})
_FUNCTION_WORDS = 40
# Words hazm's normalizer joins to their neighbour («می شود» -> «می‌شود», «کتاب ها»):
# never emitted as words of their own, so each word's normalization is its text's.
# The search tokenizer's detached affixes, and the clitics hazm also joins.
_JOINING = (
    persian_tokens._PREFIXES
    | persian_tokens._SUFFIXES
    | {"ای", "ی", "تری", "گر", "گری", "ام", "ات", "اش"}
)
_VERB_ENDINGS = ("", "ند")
_ARABIC_TABLE = str.maketrans(common._ARABIC_LOOKALIKES)
_NUMBER_LEADS = ("سال", "منطقه", "ماده", "بند", "شماره")


def _weights(n: int) -> list[float]:
    """Cumulative Zipf–Mandelbrot weights of ranks 1..n."""
    return list(itertools.accumulate(1.0 / (r + ZIPF_Q) ** ZIPF_S for r in range(1, n + 1)))


def _pick(choices, rng: random.Random):
    return rng.choices([c for c, _ in choices], [w for _, w in choices])[0]


@dataclass(frozen=True)
class Style:
    """How one article's source spells."""

    zwnj: str
    informal_hamza: bool
    digits: str


def read_lexicon() -> tuple[list[tuple[str, int, str]], list[tuple[str, str]]]:
    """hazm's words (word, count, tags) and verbs (past stem, present stem), read as
    files: the benchmark never imports hazm, the text pipeline does."""
    from exhibition.persian.lexicon import hazm_data_dir

    data = hazm_data_dir()
    words = []
    for line in (data / "words.dat").read_text(encoding="utf-8").splitlines():
        word, _, rest = line.partition("\t")
        count, _, tags = rest.partition("\t")
        words.append((word, int(count) if count.isdigit() else 0, tags))
    verbs = []
    for line in (data / "verbs.dat").read_text(encoding="utf-8").splitlines():
        past, _, present = line.partition("#")
        if past and present:
            verbs.append((past, present))
    return words, verbs


class ZipfCorpus:
    """Articles drawn from the vocabulary; ``article(number)`` gives one article's
    normalized display text."""

    kind = "zipf"

    def __init__(self, seed: int = SEED, vocabulary: int = VOCABULARY):
        self.seed = seed
        order = random.Random(seed)
        words, verbs = read_lexicon()
        seen: set[str] = set()
        counted, uncounted, function = [], [], []
        # Two words hazm's normalizer would join with a ZWNJ when they meet («آب بازی»):
        # such neighbours are never drawn, so each word's normalization is its text's.
        self._joined_pairs = {w for w, c, _ in words if c and w.count("\u200c") == 1}
        self._counted = {w for w, c, _ in words if c and len(w) > 1}
        self._known = {w for w, _, _ in words}
        for word, count, tags in words:
            if (
                word in seen
                or word in _JOINING
                or len(word.replace("\u200c", "")) < 2
                or not _PERSIAN_WORD_RE.fullmatch(word)
            ):
                continue
            seen.add(word)
            if _FUNCTION_TAGS & set(tags.split(",")) and "\u200c" not in word:
                function.append((count, word))
            elif count:
                counted.append((count, word))
            else:
                uncounted.append(word)
        counted.sort(key=lambda cw: (-cw[0], cw[1]))
        order.shuffle(uncounted)
        self.content = [w for _, w in counted] + uncounted
        self.content = self.content[:vocabulary]
        function.sort(key=lambda cw: (-cw[0], cw[1]))
        self.function = [w for _, w in function[:_FUNCTION_WORDS]]
        verb_forms = []
        for past, present in verbs:
            verb_forms += [past + e for e in _VERB_ENDINGS]
            verb_forms += ["می\u200c" + present + e for e in ("د", "ند")]
        verb_forms = sorted(set(verb_forms))
        order.shuffle(verb_forms)
        self.verbs = verb_forms
        self._content_cw = _weights(len(self.content))
        self._function_cw = _weights(len(self.function))
        self._function_shown: list[str] = []  # normalized, on first use
        self._verb_cw = _weights(len(self.verbs))
        _title, sentences = common.corpus_sentences()
        # Sentences as split from the fixture may start with the «:» after a dateline.
        self.sentences = [s.lstrip(":؛، ") for s in common.Corpus(seed=seed).pool]
        self.real_sentences = sentences
        self._normalized: dict[str, str] = {}
        from exhibition.persian.lexicon import _VAV_COMPOUND_RE, _hamza_variants

        self._vav_re = _VAV_COMPOUND_RE
        self._hamza_variants = _hamza_variants
        self._informal: dict[str, list[str]] = {}
        self._hamza_words = {w for w in self.content if any(c in w for c in "ئؤأإء")}
        self._vav_words = {w: p for w in self.content if (p := self.vav_parts(w)) is not None}
        # (word, suffix, «و» joint) -> its normalized spelling, per ZWNJ style.
        self._spelled: dict[str, dict[tuple[str, str, str], str]] = {
            style: {} for style, _ in ZWNJ_STYLES
        }

    # -- text ---------------------------------------------------------------------------

    def normalize(self, raw: str) -> str:
        """``persian.normalize`` remembered per distinct spelling (a word, a sentence)."""
        known = self._normalized.get(raw)
        if known is None:
            from exhibition import persian

            known = self._normalized[raw] = persian.normalize(raw)
        return known

    def warm(self, top: int = 5000) -> None:
        """Normalize the most frequent words' usual spellings and the real sentences once,
        before workers fork, so they share the results."""
        for word in itertools.chain(self.content[:top], self.function, self.verbs[:500]):
            self.normalize(word)
            if "\u200c" in word:
                self.normalize(word.replace("\u200c", ""))
        for sentence in self.sentences:
            self.normalize(sentence)

    def style(self, rng: random.Random) -> Style:
        return Style(
            zwnj=_pick(ZWNJ_STYLES, rng),
            informal_hamza=rng.random() < INFORMAL_HAMZA,
            digits=_pick(DIGIT_STYLES, rng),
        )

    def _informal_spellings(self, word: str) -> list[str]:
        informal = self._informal.get(word)
        if informal is None:
            informal = self._informal[word] = sorted(self._hamza_variants(word) - {word})
        return informal

    def _spell(self, word: str, suffix: str, zwnj: str, joint: str) -> str:
        """The raw spelling of ``word`` (with ``suffix``: a plural, the clitic «ای») in
        an article whose ZWNJ are ``zwnj``; ``joint``: how a «و» compound is joined."""
        parts = self._vav_words.get(word)
        if parts is not None:
            word = parts[0] + joint + parts[1]
        elif zwnj == "dropped":
            word = word.replace("\u200c", "")
        elif zwnj == "spaced":
            word = word.replace("\u200c", " ")
        if suffix:
            word += {"kept": "\u200c", "dropped": "", "spaced": " "}[zwnj] + suffix
        return word

    def vav_parts(self, word: str) -> tuple[str, str] | None:
        """The two words of a compound joined by «و» («حمل‌ونقل»): each a counted word of
        the lexicon, and «و» with the second part no word of its own («بهره‌وری» is no
        «بهره» + «ری», «بیگانه‌وار» no «بیگانه» + «ار»)."""
        match = self._vav_re.fullmatch(word) if "\u200c" in word else None
        if match is None:
            return None
        first, second = (part for part in match.groups() if part)
        if first in self._counted and second in self._counted and "و" + second not in self._known:
            return first, second
        return None

    def _number(self, style: Style, rng: random.Random) -> str:
        from exhibition import persian

        value = str(rng.randint(1390, 1405) if rng.random() < 0.5 else rng.randint(1, 300))
        digits = {
            "persian": persian.PERSIAN_DIGITS,
            "latin": persian.LATIN_DIGITS,
            "arabic": persian.ARABIC_INDIC_DIGITS,
        }[style.digits]
        value = value.translate(str.maketrans("0123456789", digits))
        lead = rng.choice(_NUMBER_LEADS)
        return lead + ("" if rng.random() < GLUED_NUMBER else " ") + value

    def _words(self, n: int, style: Style, rng: random.Random) -> list[str]:
        """n words of running text, normalized once per distinct spelling."""
        random_ = rng.random
        content = rng.choices(self.content, cum_weights=self._content_cw, k=n)
        function, function_cw = self._function_shown, self._function_cw
        function_total = function_cw[-1]
        spelled = self._spelled[style.zwnj]
        hamza_words = self._hamza_words if style.informal_hamza else ()
        joined = self._joined_pairs
        out: list[str] = []
        last = ""  # the last word of the text so far
        for word in content:
            roll = random_()
            if roll < FUNCTION_SHARE:
                shown = function[bisect.bisect(function_cw, random_() * function_total)]
            elif roll < FUNCTION_SHARE + NUMBER_SHARE:
                shown = self.normalize(self._number(style, rng))
            else:
                if word in hamza_words:
                    word = rng.choice(self._informal_spellings(word) or [word])
                roll = random_()
                if roll < CLITIC_AFTER_SILENT_HE and word[-1] == "ه":
                    suffix = "ای"
                elif roll < CLITIC_AFTER_SILENT_HE + PLURAL:
                    suffix = "ها" if roll < CLITIC_AFTER_SILENT_HE + PLURAL / 2 else "های"
                else:
                    suffix = ""
                joint = ""
                if word in self._vav_words:
                    joint = _VAV_JOINTS.get(style.zwnj) or _pick(VAV_SPELLINGS_KEPT, rng)
                shown = spelled.get((word, suffix, joint))
                if shown is None:
                    shown = self.normalize(self._spell(word, suffix, style.zwnj, joint))
                    spelled[(word, suffix, joint)] = shown
            # Two words hazm would join with a ZWNJ («آب بازی»): the second is skipped.
            first, space, rest = shown.partition(" ")
            if last + "\u200c" + first in joined:
                continue
            out.append(shown)
            last = shown.rpartition(" ")[2] if space else first
        return out

    def _joins(self, before: str, after: str) -> bool:
        return (
            before.rpartition(" ")[2] + "\u200c" + after.partition(" ")[0]
        ) in self._joined_pairs

    def _sentence(self, style: Style, rng: random.Random) -> str:
        if rng.random() < REAL_SENTENCE_SHARE:
            return self.normalize(rng.choice(self.sentences))
        words = self._words(rng.randint(*SENTENCE_WORDS), style, rng)
        verb = rng.choices(self.verbs, cum_weights=self._verb_cw)[0]
        if style.zwnj == "dropped":
            verb = verb.replace("\u200c", "")
        verb = self.normalize(verb)
        if words and self._joins(words[-1], verb):
            words.pop()
        words.append(verb + ".")
        return " ".join(words)

    def article(self, number: int) -> dict:
        """Article ``number``'s normalized title (ending in its number, so every title
        differs), lead and body paragraphs."""
        from exhibition import persian

        if not self._function_shown:
            self._function_shown = [self.normalize(word) for word in self.function]
        rng = random.Random(f"{self.seed}:{number}")
        style = self.style(rng)
        title = " ".join(self._words(rng.randint(*TITLE_WORDS), style, rng))
        title = f"{title} ({persian.to_persian_digits(number)})"
        lead = " ".join(self._words(rng.randint(*LEAD_WORDS), style, rng)) + "."
        target = round(rng.triangular(*BODY_WORDS))
        paragraphs, words = [], 0
        while words < target:
            sentences = [
                self._sentence(style, rng) for _ in range(rng.randint(*SENTENCES_PER_PARAGRAPH))
            ]
            paragraph = " ".join(sentences)
            words += paragraph.count(" ") + 1
            paragraphs.append(paragraph)
        return {"title": title, "lead": lead, "paragraphs": paragraphs}


class SentenceCorpus:
    """The old corpus, ~11 real sentences recombined (``common.Corpus``), with the same
    interface: normalized per sentence."""

    kind = "sentences"

    def __init__(self, seed: int = 3):
        self.corpus = common.Corpus(seed=seed)
        self._normalized: dict[str, str] = {}

    def normalize(self, sentence: str) -> str:
        known = self._normalized.get(sentence)
        if known is None:
            from exhibition import persian

            known = self._normalized[sentence] = persian.normalize(sentence)
        return known

    def warm(self) -> None:
        for sentence in self.corpus.pool:
            self.normalize(sentence)

    def article(self, number: int) -> dict:
        from exhibition import persian

        raw = self.corpus.raw_article(number, random.Random(number))
        title = f"{self.normalize(raw['title'])} ({persian.to_persian_digits(number)})"
        paragraphs = [
            " ".join(self.normalize(s) for s in common._SENTENCE_END_RE.split(p))
            for p in raw["paragraphs"]
        ]
        return {"title": title, "lead": self.normalize(raw["lead"]), "paragraphs": paragraphs}


def body_html(paragraphs: list[str]) -> str:
    return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)


def document_frequencies(documents, counts: dict[str, int] | None = None) -> dict[str, int]:
    """In how many of ``documents`` (search documents) each key occurs."""
    from collections import Counter

    from exhibition import persian

    counts = Counter() if counts is None else counts
    for document in documents:
        keys = set(document.split())
        keys.discard(persian.INDEX_BREAK)
        counts.update(keys)
    return counts


# Single-word query bands by document frequency (share of the articles).
BANDS = {"rare": (0.0, 0.001), "mid": (0.001, 0.02), "common": (0.02, 0.20)}
KINDS = (*BANDS, "two-word", "phrase", "variant")
# Kinds of variant queries, each a spelling the search must see through (issue 16).
VARIANT_KINDS = ("hamza", "zwnj-dropped", "vav", "clitic", "arabic", "digits")


def band_of(df: int, articles: int) -> str | None:
    share = df / articles
    for name, (low, high) in BANDS.items():
        if low <= share < high:
            return name
    return None


def query_df(query: str, df: dict[str, int]) -> list[int]:
    """The document frequency of each key of ``query`` (quotes and all)."""
    from exhibition import persian

    return [df.get(token, 0) for token in persian.search_tokens(query)]


@dataclass
class Queries:
    by_kind: dict[str, list[str]]
    standard: dict[str, str]  # a variant query -> the standard spelling of its word

    def all(self) -> list[str]:
        return [q for queries in self.by_kind.values() for q in queries]


def choose_queries(corpus: ZipfCorpus, df: dict[str, int], articles: int, per_kind: int = 8):
    """Queries drawn from the corpus by the document frequencies ``df`` of its keys in
    ``articles`` articles: ``per_kind`` single words per band (found at least once),
    two-word queries and phrases taken from generated articles (so they match), and
    variant spellings of words the corpus holds. Deterministic."""
    from exhibition import persian

    rng = random.Random(f"{corpus.seed}:queries")
    stop = persian.function_word_keys() | {persian.search_key(w) for w in corpus.function}

    def content_key(word: str) -> str | None:
        if not _PERSIAN_WORD_RE.fullmatch(word):
            return None
        tokens = persian.search_tokens(word)
        return tokens[0] if len(tokens) == 1 and tokens[0] not in stop else None

    by_band: dict[str, list[str]] = {band: [] for band in BANDS}
    keyed: dict[str, str] = {}  # shown word -> its key, for words the corpus holds
    for word in corpus.content:
        shown = corpus.normalize(word)
        key = content_key(shown)
        if key is None or not df.get(key):
            continue
        keyed[shown] = key
        band = band_of(df[key], articles)
        if band is not None:
            by_band[band].append(shown)
    by_kind = {
        band: rng.sample(words, min(per_kind, len(words))) for band, words in by_band.items()
    }

    # From a sample of generated articles: two words side by side, each in at least
    # 0.1 % of the articles; phrases of two or three words (half from the generated
    # text, half from the real sentences); words with a variant to type.
    sample = [corpus.article(n) for n in rng.sample(range(1, articles + 1), min(articles, 160))]
    texts = [" ".join([a["title"], a["lead"], *a["paragraphs"]]).split(" ") for a in sample]
    two_word, phrases = [], []
    for words in texts:
        i = rng.randrange(len(words) - 3)
        pair = words[i : i + 2]
        if len(two_word) < per_kind and all(
            w in keyed and df[keyed[w]] >= BANDS["mid"][0] * articles for w in pair
        ):
            two_word.append(" ".join(pair))
        run = words[i : i + rng.randint(2, 3)]
        if (
            len(phrases) < per_kind // 2
            and all(_PERSIAN_WORD_RE.fullmatch(w) for w in run)
            and any(content_key(w) for w in run)
        ):
            phrases.append(f'"{" ".join(run)}"')
    real = [corpus.normalize(s).split(" ") for s in corpus.real_sentences]
    while len(phrases) < per_kind:
        words = rng.choice(real)
        i = rng.randrange(len(words) - 2)
        run = words[i : i + rng.randint(2, 3)]
        phrase = f"«{' '.join(run)}»"
        if (
            all(_PERSIAN_WORD_RE.fullmatch(w) for w in run)
            and any(content_key(w) for w in run)
            and phrase not in phrases
        ):
            phrases.append(phrase)
    by_kind["two-word"] = two_word
    by_kind["phrase"] = phrases
    variants, standard = _variant_queries(corpus, texts, df, rng, max(1, per_kind // 4))
    by_kind["variant"] = variants
    return Queries(by_kind, standard)


def _variant_queries(corpus, texts, df, rng, each):
    """``each`` queries per kind of variant, typed as real pages and users type them,
    each of a word as a sample of the corpus spells it (so it has something to find):
    -> (queries, {query: the spelling in the text})."""
    from exhibition import persian

    words = sorted({w for text in texts for w in text if _PERSIAN_WORD_RE.fullmatch(w)})
    candidates: dict[str, list[tuple[str, str]]] = {kind: [] for kind in VARIANT_KINDS}
    for word in words:
        if any(c in word for c in "ئؤأإ"):
            typed = sorted(v for v in corpus._hamza_variants(word) if not set(v) & set("ئؤأإء"))
            candidates["hamza"] += [(rng.choice(typed), word)] if typed else []
        if word.endswith("ه\u200cای"):  # typed glued: «رسانهای»
            candidates["clitic"].append((word.replace("\u200c", ""), word))
        elif corpus.vav_parts(word):
            first, second = corpus.vav_parts(word)
            typed = rng.choice((f"{first} و {second}", first + "و" + second))
            candidates["vav"].append((typed, word))
        elif word.count("\u200c") == 1:
            candidates["zwnj-dropped"].append((word.replace("\u200c", ""), word))
        if set(word) & set("یک") and len(word) > 3:
            arabic = word.translate(_ARABIC_TABLE)
            candidates["arabic"].append((arabic, word))
    if not candidates["vav"]:  # none in the sample: the most frequent in the corpus
        counted = [w for w in corpus.content if corpus.vav_parts(w) and all(query_df(w, df))]
        for word in counted[:each]:
            first, second = corpus.vav_parts(word)
            candidates["vav"].append((f"{first} و {second}", word))
    for text in texts:  # «منطقه ۶» typed «منطقه6», «سال ۱۴۰۳» typed «سال 1403»
        for lead, number in itertools.pairwise(text):
            if lead in _NUMBER_LEADS and number.isdigit():
                glue = "" if lead == "منطقه" else " "
                typed = lead + glue + persian.to_latin_digits(number)
                candidates["digits"].append((typed, f"{lead} {number}"))
    queries, standard = [], {}
    for kind in VARIANT_KINDS:
        unique = sorted(set(candidates[kind]))
        for typed, word in rng.sample(unique, min(each, len(unique))):
            queries.append(typed)
            standard[typed] = word
    return queries, standard
