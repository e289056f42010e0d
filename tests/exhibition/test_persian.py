"""Tests for exhibition.persian: the Persian/English text pipeline (no Django needed)."""

import ast
import functools
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from exhibition import persian
from exhibition.persian import cache, normalizer, spelling, tokens

# The seed article, a copy of the scraped Mehr page the archive grew from.
ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "fixtures" / "news" / "mehr-sister-cities-exhibition.txt"


HOSTILE = "\x00\u200e\u200f\u202a\u202e\u2066\u2069\ufeff\u200b\u200c😀🇮🇷\"'()*:-+|&!<>^~«»،؛؟\n\t"
PERSIANISH = st.text(
    alphabet=(
        persian.PERSIAN_ALPHABET
        + "يكىةأإٱؤئۀ"  # Arabic variants
        + persian.ARABIC_DIACRITICS
        + "\u0640\u0654\u0653"  # tatweel, hamza and madda above
        + "0123456789"
        + persian.PERSIAN_DIGITS
        + persian.ARABIC_INDIC_DIGITS
        + ' \u200c\n.،؛؟«»:!()"-/%'
    ),
    max_size=120,
)
MODEST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def matches(query: str, document: str) -> bool:
    """What the search views do: every query token must be among the document's tokens."""
    wanted = persian.search_tokens(query)
    return bool(wanted) and set(wanted) <= set(persian.search_tokens(document))


# --- search keys -----------------------------------------------------------------------------

VARIANT_PAIRS = [
    ("علي", "علی"),  # Arabic yeh
    ("مصطفى", "مصطفی"),  # alef maksura
    ("كتاب", "کتاب"),  # Arabic kaf
    ("مدرسة", "مدرسه"),  # teh marbuta
    ("أحمد", "احمد"),
    ("إسلام", "اسلام"),
    ("آب", "اب"),
    ("ٱلله", "الله"),
    ("مؤسسه", "موسسه"),
    ("مسئول", "مسیول"),
    ("خانۀ ما", "خانه ما"),
    ("خانهٔ ما", "خانه ما"),  # heh + U+0654
    ("شهرداری‌ها", "شهرداریها"),
    ("شهرداری‌ها", "شهرداری ها"),
    ("شهرداریها", "شهرداری ها"),
    ("دانش‌بنیان", "دانش بنیان"),
    ("شرکت های دانش بنیان", "شرکت‌های دانش‌بنیان"),
    ("می‌کند", "میکند"),
    ("می‌کند", "می کند"),
    ("مي کند", "می‌کند"),
    ("نمی‌شود", "نمی شود"),
    ("بی‌اطلاع", "بیاطلاع"),
    ("۱۲", "12"),
    ("١٢", "12"),
    ("۱۲", "١٢"),
    ("مناطق 22 گانه", "مناطق ۲۲ گانه"),
    ("دَرسِ", "درس"),  # fatha, kasra
    ("مستقیماً", "مستقیما"),  # tanwin
    ("مُحَمَّد", "محمد"),  # damma, shadda
    ("رحمٰن", "رحمن"),  # superscript alef
    ("ســلام", "سلام"),  # tatweel
    ("TEHRAN Expo", "tehran expo"),
    ("Café", "cafe"),
    ("نمایشگاه‌ها", "نمایشگاه"),
    ("نمایشگاه های", "نمایشگاه"),
    ("شهرداری‌های", "شهرداری"),
    ("کلانشهرها", "کلانشهر"),
    ("کلانشهرهای", "کلانشهر"),
    ("چیزهایی", "چیز"),
    ("بزرگ‌تر", "بزرگتر"),
    ("بزرگ ترین", "بزرگترین"),
]


@pytest.mark.parametrize(("a", "b"), VARIANT_PAIRS)
def test_variants_match_in_both_directions(a, b):
    assert persian.search_tokens(a) == persian.search_tokens(b)
    assert matches(a, b)
    assert matches(b, a)


@pytest.mark.parametrize(
    "word",
    [
        "ایران",
        "تهران",
        "خیابان",
        "دفتر",
        "شهرداری",
        "شهرداران",
        "ایرانی",
        "تبادلات",
        "کشور",
        "تنها",
        "تنهایی",
        "نهایی",
        "انتها",
        "رها",
        "بها",
        "شانگهای",
        "مشهد",
        "اصفهان",
    ],
)
def test_names_are_not_over_stemmed(word):
    assert persian.search_tokens(word) == [word]


def test_search_tokens_examples():
    # «کلانشهر» is no word of hazm's lexicon: fully joined, it reads as its two words.
    assert persian.search_tokens("«شهرداری‌ها»، و كلانشهرهاي ايران؟") == [
        "شهرداری",
        "و",
        "کلان",
        "شهر",
        "ایران",
    ]
    assert persian.search_key("نمایشگاه خواهر شهرها – ۱۴۰۳") == "نمایشگاه خواهر شهر 1403"
    assert persian.search_tokens("iPhone‌ها") == ["iphon"]  # English: its Snowball stem
    assert persian.search_tokens("!!! ... ***") == []
    assert persian.search_tokens("") == []


def test_affix_tokens_alone_are_kept():
    assert persian.search_tokens("ها") == ["ها"]
    assert persian.search_tokens("ماه می") == ["ماه", "می"]


@MODEST
@given(st.text() | st.text(alphabet=HOSTILE + "abc شهر ها می ۱2", max_size=60))
def test_tokens_are_only_letters_and_digits(text):
    tokens = persian.search_tokens(text)
    assert all(token and token.isalnum() for token in tokens)
    key = persian.search_key(text)
    assert key == " ".join(tokens)
    assert persian.search_key(key) == key


@MODEST
@given(PERSIANISH)
def test_search_key_is_idempotent_on_persian_text(text):
    key = persian.search_key(text)
    assert persian.search_key(key) == key
    assert all(token.isalnum() for token in key.split())


@MODEST
@given(PERSIANISH | st.text(alphabet="می نمی بی ها های تر ترین کتاب abc ۱\u200c", max_size=80))
def test_search_tokens_have_nothing_left_to_join_or_stem(text):
    # search_tokens stops as soon as another round could not change its tokens.
    found = persian.search_tokens(text)
    assert tokens._join_and_stem(found, spelling.lexicon_stem) == found


def test_a_spelling_the_lexicon_settles_is_settled_to_the_end():
    # «برآهآی» reads (hamza) as «بریهای», which is itself a plural: stored and typed, the
    # text must give the same last round, or the article would not be found by its words.
    found = persian.search_tokens("برآهآی")
    assert persian.search_tokens(" ".join(found)) == found
    assert tokens._join_and_stem(found, spelling.lexicon_stem) == found


KEY_CHARS = "".join(map(chr, tokens._KEY_TABLE))


@MODEST
@given(st.text(alphabet=KEY_CHARS + "abc شهر ها ۱2\u0301", max_size=80) | st.text())
def test_search_key_folding_is_the_key_table(text):
    # The folding runs as a regex over the characters it changes; the table decides.
    assert tokens._KEY_CHARS_RE.sub(tokens._key_char, text) == text.translate(tokens._KEY_TABLE)


# --- normalize -------------------------------------------------------------------------------


def test_normalize_persian_examples():
    assert persian.normalize("شهرداری ها") == "شهرداری\u200cها"
    assert persian.normalize("مي کند") == "می\u200cکند"
    assert persian.normalize("كلانشهرها") == "کلانشهرها"
    assert persian.normalize("مناطق 22 گانه") == "مناطق ۲۲ گانه"
    assert persian.normalize("دَرسِ ســلام") == "درس سلام"


def test_normalize_cleans_invisible_and_control_characters():
    dirty = "\ufeff\u200eشهر\x00داری\u202e تهران\u200b\x07"
    assert persian.normalize(dirty) == "شهرداری تهران"
    assert persian.normalize("Hello\x00 \u2066world\u2069\r\n") == "Hello world"


def test_normalize_keeps_paragraphs_and_collapses_whitespace():
    text = "  پاراگراف   اول  \n\n\n\n\tپاراگراف دوم\nخط دوم  \n\n\n"
    assert persian.normalize(text) == "پاراگراف اول\n\nپاراگراف دوم\nخط دوم"


@MODEST
@given(st.text(alphabet=" \t\n\u00a0\u2003\u3000\u200cيكىab،", max_size=60) | st.text())
def test_cleanup_leaves_single_plain_spaces_and_no_line_edges(text):
    cleaned = normalizer._cleanup(text)
    assert not re.search("[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]|  ", cleaned)
    assert not re.search(r"^[ \t]|[ \t]$", cleaned, re.MULTILINE)
    assert not set("يىك") & set(cleaned)
    assert normalizer._cleanup(cleaned) == cleaned


def test_english_text_skips_hazm():
    text = 'Sister Cities Expo 2024:  "Tehran" ... 12.5%'
    assert persian.normalize(text) == 'Sister Cities Expo 2024: "Tehran" ... 12.5%'
    assert persian.normalize("Ali's shop كتاب") == "Ali's shop کتاب"  # letters still folded


def test_latin_runs_and_formatted_numbers_survive_hazm():
    text = "سایت www.example.com/fa/2024 و info@example.ir؛ رشد 12.5% در 1403/05/12"
    assert persian.normalize(text) == (
        "سایت www.example.com/fa/2024 و info@example.ir؛ رشد ۱۲٫۵٪ در ۱۴۰۳/۰۵/۱۲"
    )


@pytest.mark.parametrize(
    "text",
    ["ماه می ۲۰۲۴ بود", "مى ١", "عدد 1.5 است", "۲.۲ .۱۸", "کتاب ها ی ما", "ع\u200c4؛"],
)
def test_normalize_fixes_hazm_non_idempotent_inputs(text):
    once = persian.normalize(text)
    assert persian.normalize(once) == once


@MODEST
@given(st.text())
def test_normalize_is_idempotent_on_any_text(text):
    once = persian.normalize(text)
    assert persian.normalize(once) == once


@MODEST
@given(PERSIANISH)
def test_normalize_is_idempotent_on_persian_text(text):
    once = persian.normalize(text)
    assert persian.normalize(once) == once


# --- the faster hazm Normalizer ---------------------------------------------------------------


@functools.cache
def stock_hazm():
    import hazm

    return hazm.Normalizer()


def hazm_inputs(text: str) -> list[str]:
    """What normalize hands hazm: a first pass's input and the second (proving) pass's."""
    first = normalizer._cleanup(text)
    return [text, first, stock_hazm().normalize(first)]


def test_fast_normalizer_is_byte_identical_to_hazm_on_the_corpus():
    fast = normalizer._normalizer()
    assert type(fast) is not type(stock_hazm())  # the check below compares two classes
    raw = CORPUS.read_text(encoding="utf-8")
    texts = [*hazm_inputs(raw)]
    for line in raw.splitlines():
        texts += hazm_inputs(line)
    for text in texts:
        assert fast.normalize(text) == stock_hazm().normalize(text)


@pytest.mark.parametrize(
    "text",
    [
        "اِعلاممممم کَرد : « زمین لرزه ای به بُزرگیِ 6 دهم ریشتر ...»",  # hazm's own examples
        "به طول ۹متر و عرض۶",
        "کاروان\u200c\u200cسرا",
        "\u200cسلام\u200c به \u200cهمه\u200c",
        "سلام\u200c\u200c\u200cدنیا و کتاب\u200c. و \u200c\u200cکتاب",
        "سلام دنیـــا\r\n",
        "جمعهها که کار نمی کنم مطالعه می کنم",
        ' "سلام به همه"   ',
        "نمیدانم چه میگفت",
        "پیامبر اکرم ﷺ و ﷲ و ﻻ و ﷴ ﷼",
        "10.450 و ...",
        "ماه می ۲۰۲۴ بود",
        "خانه ی ما و نامه ام و خانه اش",  # ی and ام/اش after ه
        "ویکی ها و اپل ترین و دیجی گری و شرکت های دانش بنیان",  # affixes after unknown words
        "abc ها، xyz ترین. (qq گر) و abcه ی ما",
        "كتاب يك ٣ ۴%",
        "ویکی ها",
    ],
)
def test_fast_normalizer_is_byte_identical_to_hazm_on_each_rule(text):
    fast = normalizer._normalizer()
    for piece in hazm_inputs(text):
        assert fast.normalize(piece) == stock_hazm().normalize(piece)


# Words and pieces that trigger each of hazm's rules: affixes to join («ها», «ترین»,
# «می»), verbs and compounds from its word lists, repeated letters, quotes, dots,
# digits next to letters, ligatures it expands, letters it translates.
HAZM_PIECES = st.sampled_from(
    [
        "کتاب",
        "ها",
        "های",
        "هایی",
        "تر",
        "ترین",
        "گر",
        "گری",
        "می",
        "نمی",
        "کنم",
        "رود",
        "زمین",
        "لرزه",
        "ای",
        "خانه",
        "ی",
        "ام",
        "اند",
        "شنبه",
        "سلاممم",
        "شهرداری",
        "ده",
        "نمایشگاه",
        "شد",
        "است",
        "گفته",
        "شده",
        "اخلال",
        "جمعهها",
        "میدانم",
        "خواهد",
        "رفت",
        "ویکی",
        "اپل",
        "نامه",
        "، ",
        ": ",
        "«",
        "»",
        '"',
        "(",
        ")",
        "...",
        ".",
        "؟",
        "!",
        "9",
        "۹",
        "2.5",
        "%",
        "ﷲ",
        "﷼",
        "ﻻ",
        "ك",
        "ي",
        "ە",
        "ـ",
        "\u064e",
        "\u0670",
        "\u200c",
        "\u200c\u200c",
        " ",
        "  ",
        "\n",
        "\n\n\n",
        "\t",
        "\r",
        "abc",
        "_",
    ]
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(HAZM_PIECES, max_size=40).map(" ".join)
    | st.lists(HAZM_PIECES, max_size=40).map("".join)
    | PERSIANISH
    | st.text(max_size=80)
)
def test_fast_normalizer_is_byte_identical_to_hazm(text):
    fast = normalizer._normalizer()
    for piece in (text, normalizer._cleanup(text)):
        assert fast.normalize(piece) == stock_hazm().normalize(piece)


def test_detect_language():
    assert persian.detect_language("نمایشگاه خواهرخواندگی شهرها") == "fa"
    assert persian.detect_language("Sister Cities Exhibition") == "en"
    assert persian.detect_language("نمایشگاه شهرهای Smart City") == "fa"
    assert persian.detect_language("Smart City Expo نمایشگاه") == "en"
    assert persian.detect_language("تولید تجهیزات شهری www.example-company.com") == "fa"
    assert persian.detect_language("2024 - 12") == "en"


def _arabic_letter(char: str) -> bool:
    return char.isalpha() and any(lo <= ord(char) <= hi for lo, hi in persian.ARABIC_SCRIPT_RANGES)


MIXED_WORDS = st.sampled_from(
    ["شهر", "تهران", "ها", "Smart", "City", "Expo", "a", "2024", "۱۴۰۳", "،", "—"]
)


@MODEST
@given(st.lists(MIXED_WORDS, max_size=30).map(" ".join) | PERSIANISH | st.text(max_size=80))
def test_detect_language_is_persian_when_half_the_letters_are_arabic_script(text):
    # Its shortcut (half of all characters) must never decide otherwise than the rule.
    assume(not any(url in text for url in ("://", "www.", "@")))  # web addresses don't count
    letters = [c for c in text if c.isalpha()]
    arabic = sum(map(_arabic_letter, letters))
    expected = "fa" if arabic and 2 * arabic >= len(letters) else "en"
    assert persian.detect_language(text) == expected


# --- corpus ----------------------------------------------------------------------------------


def test_corpus_normalizes_idempotently_and_keeps_search_keys():
    raw = CORPUS.read_text(encoding="utf-8")
    once = persian.normalize(raw)
    assert persian.normalize(once) == once
    assert "مناطق ۲۲ گانه" in once and "22" not in once
    assert "شرکت\u200cهای دانش بنیان" in once and "می\u200cکند" in once
    assert persian.search_key(once) == persian.search_key(raw)
    for line in raw.splitlines():
        assert persian.normalize(persian.normalize(line)) == persian.normalize(line)


def test_corpus_repeated_paragraphs_are_dropped():
    paragraphs = persian.split_paragraphs(persian.normalize(CORPUS.read_text(encoding="utf-8")))
    assert len(paragraphs) == 9
    kept, dropped = persian.dedupe_paragraphs(paragraphs)
    # «دبیرکل ... یادآور شد», «مسئولان با بیان...» and «وی با تاکید...» are each printed twice.
    assert len(dropped) == 3 and len(kept) == 6
    assert [p.split()[0] for p in dropped] == ["دبیرکل", "مسئولان", "وی"]
    assert kept[-1].endswith("می\u200cشود.")  # the paraphrased last paragraph is not a repeat


def test_dedupe_drops_spelling_variants_only():
    paragraphs = [
        "شهرداری‌های کلانشهرها در 22 منطقه",
        "شهرداريهاي كلانشهرها در ۲۲ منطقه.",  # same paragraph, other spelling
        "***",
        "***",
        "شهرداری‌های کلانشهرها در ۲۳ منطقه",
    ]
    kept, dropped = persian.dedupe_paragraphs(paragraphs)
    assert kept == [paragraphs[0], paragraphs[2], paragraphs[4]]
    assert dropped == [paragraphs[1], paragraphs[3]]


def test_split_paragraphs():
    assert persian.split_paragraphs(" الف \n\n\nب\nج \n") == ["الف", "ب", "ج"]
    assert persian.split_paragraphs("") == []


# --- parse_query -----------------------------------------------------------------------------


def test_parse_query_examples():
    query = persian.parse_query("«شهرداری تهران» -منطقه ۲۲")
    assert query == persian.Query(
        terms=("22",), phrases=(("شهرداری", "تهران"),), excluded=("منطقه",)
    )
    query = persian.parse_query('"Sister Cities" نمایشگاه‌ها -شهرداری ها')
    assert query.phrases == (("sister", "citi"),)  # English: Snowball stems
    assert query.terms == ("نمایشگاه",)
    assert query.excluded == ("شهرداری",)
    assert persian.parse_query("شهرداری ها می کند").terms == ("شهرداری", "میکند")
    assert persian.parse_query('"تهران"').terms == ("تهران",)  # one-word phrase is a term
    assert persian.parse_query('"باز نشده').terms == ("باز", "نشده")  # unbalanced quote


@pytest.mark.parametrize(
    "q", ["", "   ", "-", "--", '"', "«", "»«", "!!! ؟؟ ...", "\x00\u202e", "-«»"]
)
def test_parse_query_degenerate_input_is_empty(q):
    query = persian.parse_query(q)
    assert query.is_empty


def test_parse_query_exclusion_only_is_empty_and_long_input_is_truncated():
    assert persian.parse_query("-تهران").is_empty
    long_query = "شهر " * 5000
    assert persian.parse_query(long_query).terms == ("شهر",)
    tail = "x" * persian.MAX_QUERY_LENGTH + " پنهان"
    assert "پنهان" not in persian.parse_query(tail).terms


@MODEST
@given(st.text(max_size=400) | st.text(alphabet=HOSTILE + 'ab شهر "«»-', max_size=300))
def test_parse_query_never_raises(q):
    query = persian.parse_query(q)
    pieces = [*query.terms, *query.excluded, *(t for p in query.phrases for t in p)]
    assert all(piece.isalnum() for piece in pieces)
    assert all(len(phrase) > 1 for phrase in query.phrases)


# --- compounds -------------------------------------------------------------------------------


def test_compound_tokens_are_the_joined_forms_of_zwnj_compounds():
    text = "شرکت‌های زیر‌زمینی در توانمند‌سازی زیر‌زمینی"
    assert persian.compound_tokens(text) == ["زیرزمینی", "توانمندسازی"]
    # What a typist writing the word fully joined gets from search_tokens, in any spelling.
    assert persian.search_tokens("زيرزمينيها") == ["زیرزمینی"]
    # No joined form where the lexicon reads the joined spelling as the two words.
    assert persian.compound_tokens("دانش‌بنیان و بین‌المللی") == []
    assert persian.search_tokens("دانشبنیان بینالمللی") == ["دانش", "بنیان", "بین", "المللی"]
    assert persian.compound_tokens("آب‌شیرین‌کن") == ["ابشیرین", "ابشیرینکن", "شیرینکن"]


@pytest.mark.parametrize(
    "text",
    [
        "شهرداری‌ها",  # plural: stemming already gives «شهرداری»
        "می‌شود",  # prefix: search_tokens already joins «میشود»
        "بزرگ‌تر",
        "خانه‌ای",  # a clitic, and «خانهای» would read «خان» + «های»
        "کرده‌اند",
        "منطقه ۲۲‌گانه",  # digits are no compound part
        "e\u200cmail",
        "دانش بنیان",  # a space is no signal: any two words stand side by side
    ],
)
def test_no_compound_without_zwnj_between_two_persian_words(text):
    assert persian.compound_tokens(text) == []
    key = persian.search_key(text)
    # Only a word and its clitic («خانه‌ای») are also stored as one token.
    assert persian.index_key(text) == persian.append_compounds(key, persian.phrase_tokens(key))


def test_index_key_appends_joined_forms_after_the_text():
    key = persian.index_key("شرکت‌های زیر‌زمینی در تهران")
    assert key == f"شرکت زیر زمینی در تهران {persian.INDEX_BREAK} زیرزمینی"
    # The break is a letter no query can ask for.
    assert persian.search_tokens(persian.INDEX_BREAK) != [persian.INDEX_BREAK]


def test_join_tokens():
    assert persian.join_tokens("زیر", "زمینی") == "زیرزمینی"
    # «دانشبنیان» is no word of the lexicon: joined, it still reads as two.
    assert persian.join_tokens("دانش", "بنیان") is None
    assert persian.join_tokens("مدیر", "ان") is None  # «آن» is no compound part
    assert persian.join_tokens("خانه", "ای") is None
    assert persian.join_tokens("منطقه", "22") is None


def options_by_term(q):
    query = persian.parse_query(q)
    return dict(zip(query.terms, query.term_options(), strict=True))


def test_parse_query_offers_compound_alternatives_for_plain_words():
    # A known word typed joined is offered apart only as the lexicon reads it, in words
    # of three letters or more: «هم» + «کاری» is no reading of «همکاری».
    assert options_by_term("همکاری") == {"همکاری": (("همکاری",),)}
    assert ("زیر", "زمینی") in options_by_term("زیرزمینیها")["زیرزمینی"]
    assert ("خواهر", "خواندگی") in options_by_term("خواهرخواندگی")["خواهرخواندگی"]


def test_a_glued_query_word_is_a_phrase():
    # Its tokens stand side by side in any text that spells it; apart they would
    # find texts with «در» anywhere and «تهران» anywhere.
    assert persian.parse_query("درتهران").phrases == (("در", "تهران"),)
    assert persian.parse_query("حملونقل عمومی").phrases == (("حمل", "و", "نقل"),)
    assert persian.parse_query("حملونقل عمومی").terms == ("عمومی",)
    assert persian.parse_query("منطقه۶").phrases == (("منطقه", "6"),)
    assert persian.parse_query("رسانه‌ای").phrases == (("رسانه", "ای"),)


def test_a_vav_compound_typed_spaced_is_a_phrase():
    # «پرس و جو» is the lexicon's «پرس‌وجو»: its words stand together in every spelling
    # of it; apart they would find every text with «پرس», «و» and «جو» anywhere.
    for q in ["پرس و جو", "پرس وجو", "پرس‌وجو", "پرسوجو"]:
        assert persian.parse_query(q) == persian.Query(phrases=(("پرس", "و", "جو"),)), q
    query = persian.parse_query("گفت و گو شهرداران کسب و کار")
    assert query.phrases == (("گفت", "و", "گو"), ("کسب", "و", "کار"))
    assert query.terms == ("شهرداران",)
    # Two words joined by «and» that the lexicon knows as no compound stay words.
    assert persian.parse_query("تهران و ایروان").terms == ("تهران", "و", "ایروان")
    assert persian.parse_query("تهران و ایروان").phrases == ()
    # Quoted phrases and exclusions stay exact.
    assert persian.parse_query('"پرس و جو"').phrases == (("پرس", "و", "جو"),)
    assert persian.parse_query("-پرس و جو") == persian.Query(terms=("و", "جو"), excluded=("پرس",))


@pytest.mark.parametrize(
    "spellings",
    [
        ["تشکیلشده", "تشکیل‌شده", "تشکیل شده"],
        ["انجامشده", "انجام‌شده", "انجام شده"],  # not «انجا» + «مشده»
        ["تعیینشده", "تعیین شده"],  # not «تعیی» + «نشده»
        ["ساختهشده", "ساخته شده"],  # not «ساخت» + «هشده»
        ["استفادهکرده", "استفاده کرده"],
        ["تشکیلمیشود", "تشکیل می‌شود"],
        ["تشکیلشدهاند", "تشکیل شده‌اند"],
    ],
)
def test_a_word_glued_to_its_auxiliary_reads_as_the_two(spellings):
    keys = {persian.index_key(spelling) for spelling in spellings}
    assert len(keys) == 1, keys
    glued = persian.parse_query(spellings[0])
    assert glued.phrases == (tuple(persian.search_tokens(spellings[-1])),)


def test_a_known_word_with_its_auxiliary_stays_whole_and_is_found_apart():
    # hazm counts «برگزارشده» as a word: it stays one, and a query offers it apart.
    assert persian.search_tokens("برگزارشده") == ["برگزارشده"]
    assert ("برگزار", "شده") in options_by_term("برگزارشده")["برگزارشده"]
    assert ("منتشر", "شده") in options_by_term("منتشرشده")["منتشرشده"]
    assert ("برگزارشده",) in options_by_term("برگزار شده")["برگزار"]
    # Auxiliaries are the verbs' forms: «ارشد», «رشد» end in «شد» and stay whole.
    for word in ["ارشد", "رشد", "عملکرد", "رویکرد"]:
        assert persian.search_tokens(word) == [word]


@pytest.mark.parametrize(
    "spellings, tokens",
    [
        (["بهره‌وری", "بهرهوری", "بهره وری"], ["بهره", "وری"]),
        (["بیگانه‌وار", "بیگانهوار", "بیگانه وار"], ["بیگانه", "وار"]),
        (["پیشه‌وران", "پیشهوران"], ["پیشه", "وران"]),
        (["اندیشه‌ورز", "اندیشهورز"], ["اندیشه", "ورز"]),  # «ورز»: a verb's present stem
        (["هم‌وزن"], ["هم", "وزن"]),  # «وزن» is a counted word
    ],
)
def test_a_part_that_starts_with_vav_and_is_a_word_is_not_split(spellings, tokens):
    for spelling_ in spellings:
        assert persian.search_tokens(spelling_) == tokens, spelling_


def test_rey_is_not_found_inside_words_with_a_vav_suffix():
    # «ری» (the city) was the second half of «بهره‌وری» read as «بهره و ری».
    assert "ری" not in persian.index_key("بهره‌وری، بهرهوری و شعله‌وری").split()


def test_vav_compounds_and_glued_vav_still_come_apart():
    for text in ["کسب‌وکار", "کسبوکار", "گفت‌وگو", "گفتگو", "پرس‌وجو", "آبوهوا"]:
        tokens = persian.search_tokens(text)
        assert len(tokens) == 3 and tokens[1] == "و", text
    assert persian.search_tokens("ورانندگی") == ["و", "رانندگی"]
    # A word that only looks like a joined «و» compound is a word: «سینه» (chest) is no
    # «سی‌ونه» (thirty-nine), «همزن» no «هم‌وزن».
    assert persian.search_tokens("سینه") == ["سینه"]
    assert persian.search_tokens("همزن") == ["همزن"]
    assert persian.search_tokens("کدوتنبل") != ["کد", "و", "تنبل"]


def test_compounds_typed_apart_offer_their_joined_form():
    for q in ["زیر زمینی", "زیر‌زمینی"]:
        options = options_by_term(q)
        assert ("زیرزمینی",) in options["زیر"]
        assert ("زیرزمینی",) in options["زمینی"]
    # Quoted text stays exact; exclusions and numbers get nothing.
    assert persian.parse_query('"دانش بنیان"').term_options() == ()
    assert options_by_term('"زیرزمینی"') == {"زیرزمینی": (("زیرزمینی",),)}
    assert options_by_term("منطقه ۲۲ -زیرزمینی")["22"] == (("22",),)
    assert persian.parse_query("منطقه ۲۲ -زیرزمینی").excluded == ("زیرزمینی",)


def test_word_keys_mark_every_spelling_of_a_compound():
    keys = persian.word_keys(["شرکت‌های", "زیر‌زمینی", "و", "زیر", "زمینی", "زیرزمینی"])
    assert all("زیرزمینی" in k for k in keys[1:2] + keys[3:])
    assert "زیرزمینی" not in keys[0] and "زیرزمینی" not in keys[2]


@MODEST
@given(PERSIANISH)
def test_index_key_is_the_search_key_plus_alphanumeric_joined_forms(text):
    key = persian.index_key(text)
    assert key == persian.index_key(text)
    text_part, *joined = key.split(f" {persian.INDEX_BREAK} ")
    if persian.search_key(text):
        assert text_part == persian.search_key(text)
        assert joined[: len(persian.compound_tokens(text))] == persian.compound_tokens(text)
    assert all(token.isalnum() for token in key.split())


def test_a_word_and_its_clitic_are_also_one_token_in_every_spelling():
    for written in ["رسانه‌ای", "رسانهای", "رسانه ای", "رسانه اي"]:
        key = persian.index_key(f"برنامه {written} جدید")
        assert key == f"برنامه رسانه ای جدید {persian.INDEX_BREAK} رسانهای"
    assert persian.lookup_tokens(("رسانه", "ای")) == ("رسانهای",)
    assert persian.lookup_tokens(("شده", "اند")) == ("شدهاند",)
    # A word and its auxiliary, and a «و» compound the lexicon knows, the same way.
    assert persian.lookup_tokens(("تشکیل", "شده")) == ("تشکیلشده",)
    assert persian.lookup_tokens(("حمل", "و", "نقل")) == ("حملونقل",)
    assert persian.lookup_tokens(("تهران", "و", "ایروان")) == ("تهران", "و", "ایروان")
    key = persian.index_key("حمل و نقل تشکیل‌شده")
    assert (
        key == f"حمل و نقل تشکیل شده {persian.INDEX_BREAK} حملونقل {persian.INDEX_BREAK} تشکیلشده"
    )
    # Only a word in silent «ه» and a clitic; any other phrase is looked up as it is.
    for phrase in [("کتاب", "ای"), ("رسانه", "بزرگ"), ("رسانه", "ای", "بزرگ"), ("22", "ای")]:
        assert persian.lookup_tokens(phrase) == phrase
    # The one token is no text's own token, so it stands for the pair and nothing else.
    assert persian.search_tokens("رسانهای") == ["رسانه", "ای"]


CLITIC_PIECES = st.sampled_from(
    ["رسانه", "خانه", "شده", "برنامه", "ای", "اند", "است", "ی", "کتاب", "\u200c", " ", "ها"]
    + ["حمل", "و", "نقل", "تشکیل", "کرده", "تهران", " و "]
)


@MODEST
@given(st.lists(CLITIC_PIECES, max_size=30).map("".join) | PERSIANISH)
def test_an_index_key_holds_a_phrase_token_exactly_where_the_phrase_stands(text):
    # The query looks the one token up instead of the phrase: the same articles only if
    # the token is stored for every such phrase in the key (never across a break) and
    # for nothing else.
    tokens = persian.index_key(text).split()
    phrases = [tuple(tokens[i : i + n]) for n in (2, 3) for i in range(len(tokens) - n + 1)]
    pairs = {joined for phrase in phrases if (joined := persian.lookup_tokens(phrase)) != phrase}
    stored = {(t,) for t in tokens if persian.search_tokens(t) != [t] and t != persian.INDEX_BREAK}
    assert stored == pairs


APART_PIECES = st.sampled_from(["زیر", "زمینی", "شهر", "داری", "هم", "کاری", "بار", "پوش"])


@MODEST
@given(st.lists(APART_PIECES, max_size=20).map(" ".join))
def test_an_index_key_holds_each_compound_where_its_words_stand_apart(text):
    # The query drops a compound's reading apart (lookup_options): the same articles
    # only if every such pair of neighbouring words also stores the compound.
    tokens = persian.index_key(text).split()
    for first, second in zip(tokens, tokens[1:], strict=False):
        query = persian.parse_query(first + second)
        options = query.term_options()[0] if query.terms else ()
        if (first, second) in options and (first, second) not in query.lookup_options()[0]:
            assert query.terms[0] in tokens
    assert "همکاری" not in tokens  # «هم» is no part the query splits off


# --- digits, slugs, sorting ------------------------------------------------------------------


def test_digits():
    assert persian.to_persian_digits("2024-١٢") == "۲۰۲۴-۱۲"
    assert persian.to_persian_digits(1403) == "۱۴۰۳"
    assert persian.to_latin_digits("۱۴۰۳/٠٥") == "1403/05"
    assert persian.to_latin_digits("abc") == "abc"


def test_numbers_take_each_languages_separators():
    # «۲.۳ هکتار» read wrong: Persian writes the decimal point «٫», thousands «٬».
    assert persian.format_numbers("2.3", persian=True) == "۲٫۳"
    assert persian.format_numbers("10,000 m²", persian=True) == "۱۰٬۰۰۰ m²"
    assert persian.format_numbers("۲٫۳", persian=False) == "2.3"
    # A full stop or a comma that is not inside a number stays what it is.
    assert persian.format_numbers("Districts 1 to 22.", persian=True) == "Districts ۱ to ۲۲."
    assert persian.format_numbers("1, 2, 3", persian=True) == "۱, ۲, ۳"
    assert persian.format_numbers("1,2345", persian=True) == "۱,۲۳۴۵"


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("شهرداری‌ها و كلانشهرها", "شهرداری-ها-و-کلانشهرها"),
        ("Sister Cities: Tehran 2024!", "sister-cities-tehran-2024"),
        ("نمایشگاه خواهر شهرها – خبرگزاری مهر", "نمایشگاه-خواهر-شهرها-خبرگزاری-مهر"),
        ("دَرسِ  ســلام", "درس-سلام"),
        ("نمایشگاه ۱۴۰۳", "نمایشگاه-۱۴۰۳"),
        ("a/b?c#d e", "abcd-e"),
        ("  «؟!»  ", ""),
    ],
)
def test_slugify_examples(text, slug):
    assert persian.slugify(text) == slug


def test_slugify_cuts_at_word_boundary():
    assert persian.slugify("نمایشگاه خواهرخواندگی شهرها", max_length=12) == "نمایشگاه"
    assert persian.slugify("abc def", max_length=3) == "abc"
    assert len(persian.slugify("شهر " * 200)) <= 200


@MODEST
@given(st.text(max_size=300))
def test_slug_is_a_path_segment(text):
    slug = persian.slugify(text)
    assert len(slug) <= 200
    assert all(c.isalnum() or c == "-" for c in slug)
    assert "--" not in slug and not slug.startswith("-") and not slug.endswith("-")
    assert persian.slugify(slug) == slug


def test_sort_key_uses_persian_alphabet_order():
    names = [
        "گل",
        "وزارت",
        "کتاب",
        "Apple",
        "چای",
        "جنگل",
        "ژاله",
        "زهرا",
        "پارک",
        "باغ",
        "آبادان",
        "اراک",
        "۳ ستاره",
        "zebra",
    ]
    assert sorted(names, key=persian.sort_key) == [
        "۳ ستاره",
        "آبادان",
        "اراک",
        "باغ",
        "پارک",
        "جنگل",
        "چای",
        "زهرا",
        "ژاله",
        "کتاب",
        "گل",
        "وزارت",
        "Apple",
        "zebra",
    ]
    assert sorted(["وزارت", "پارک"]) == ["وزارت", "پارک"]  # what code points would do


def test_sort_key_puts_alef_madda_before_alef_as_dictionaries_do():
    assert sorted(["اب", "آب", "ب", "ا", "آ"], key=persian.sort_key) == ["آ", "آب", "ا", "اب", "ب"]
    # a decomposed آ (ا + madda above) is the same letter
    assert persian.sort_key("\u0627\u0653ب")[0] == persian.sort_key("آب")[0]
    assert sorted(["ابر", "آسمان"], key=persian.sort_key) == ["آسمان", "ابر"]


def test_sort_key_folds_arabic_variants_and_zwnj():
    assert persian.sort_key("علي")[0] == persian.sort_key("علی")[0]
    assert sorted(["گرج", "كرج", "قم"], key=persian.sort_key) == ["قم", "كرج", "گرج"]
    assert persian.sort_key("دانش‌بنیان")[0] == persian.sort_key("دانش بنیان")[0]
    assert sorted(["دانشگاه", "دانش بنیان"], key=persian.sort_key) == ["دانش بنیان", "دانشگاه"]


# --- cost ------------------------------------------------------------------------------------


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """``code`` in a fresh interpreter, importing this checkout: nothing this process has
    imported already (hazm, for one) can hide what the code imports."""
    pythonpath = os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": pythonpath, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_search_path_never_imports_hazm():
    code = (
        "import sys\n"
        "from exhibition import persian\n"
        "persian.search_tokens('شهرداری‌ها و كلانشهرها ۲۲')\n"
        "persian.search_key('مي کند')\n"
        "persian.parse_query('«شهرداری تهران» -منطقه ۲۲ دانشبنیان کلان شهر')\n"
        "persian.index_key('شرکت‌های دانش‌بنیان'); persian.word_keys(['دانش', 'بنیان'])\n"
        "persian.slugify('شهرداری‌ها'); persian.sort_key('تهران')\n"
        "persian.dedupe_paragraphs(['الف', 'الف'])\n"
        "persian.normalize('English only text 2024')\n"
        "assert 'hazm' not in sys.modules, 'search path imported hazm'\n"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr


# Everything a page view runs: the URLconf and every view it routes to, the middleware,
# every template tag library, the models. exhibition.wsgi is left out on purpose: it
# preloads hazm at start-up so that no request pays for it.
PAGE_VIEW_IMPORTS = """
import sys
import django
django.setup()
import exhibition.urls
from django.core.handlers.wsgi import WSGIHandler
from django.template import engines
from django.urls import get_resolver

WSGIHandler()  # loads the middleware
for engine in engines.all():
    getattr(engine, "engine", engine).template_libraries  # imports every templatetags module

def callbacks(resolver):
    for pattern in resolver.url_patterns:
        if hasattr(pattern, "url_patterns"):
            yield from callbacks(pattern)
        else:
            yield pattern.callback

assert len(list(callbacks(get_resolver()))) > 20  # the URLconf really was walked
loaded = sorted(m for m in sys.modules if m == "hazm" or m.startswith("hazm."))
assert not loaded, "a page view's import path loads hazm: " + ", ".join(loaded[:3])
"""


def test_page_views_never_import_hazm():
    # hazm costs seconds and ~150 MB to import: only saving text may load it, lazily.
    result = run_python(PAGE_VIEW_IMPORTS, DJANGO_SETTINGS_MODULE="exhibition.settings.test")
    assert result.returncode == 0, result.stderr


# The project's own code (tests may import hazm to compare against it).
FIRST_PARTY = ("exhibition", "articles", "booths", "benchmarks", "manage.py")
HAZM_ALLOWED = Path("exhibition", "persian", "normalizer.py")


def imports_hazm(path: Path) -> bool:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and not node.level:
            names = [node.module or ""]
        else:
            continue
        if any(name == "hazm" or name.startswith("hazm.") for name in names):
            return True
    return False


def test_only_the_normalizer_imports_hazm():
    paths = [
        path
        for top in FIRST_PARTY
        for path in ([ROOT / top] if top.endswith(".py") else (ROOT / top).rglob("*.py"))
    ]
    assert ROOT / HAZM_ALLOWED in paths and imports_hazm(ROOT / HAZM_ALLOWED)
    offenders = [str(p.relative_to(ROOT)) for p in paths if p != ROOT / HAZM_ALLOWED]
    offenders = [p for p in offenders if imports_hazm(ROOT / p)]
    assert offenders == [], f"only {HAZM_ALLOWED} may import hazm"


def test_sort_key_orders_numbers_by_value_in_any_digits():
    names = ["منطقه ۱۰", "منطقه 2", "منطقه ٢٢", "منطقه ۱"]
    assert sorted(names, key=persian.sort_key) == ["منطقه ۱", "منطقه 2", "منطقه ۱۰", "منطقه ٢٢"]
    assert persian.pad_numbers("District 7") == "District 0007"


def test_remembered_results_stay_within_their_size_budget():
    # A web process keeps these memos for its lifetime; whole bodies must not pile up.
    persian.take_results()
    body = "ب" * (cache._MAX_REMEMBERED_CHARS // 3)
    for i in range(10):
        cache.remember(cache.SEARCH_KEYS, {f"{i}{body}": f"key {i}"})
    sizes = [len(k) + len(v) for k, v in cache.SEARCH_KEYS.items()]
    assert sum(sizes) <= cache._MAX_REMEMBERED_CHARS
    assert cache.SEARCH_KEYS[f"9{body}"] == "key 9"  # the newest stays
    assert cache._CHARS[id(cache.SEARCH_KEYS)] == sum(sizes)
    persian.take_results()
    assert cache._CHARS[id(cache.SEARCH_KEYS)] == 0


def test_results_handed_over_without_the_search_keys():
    # An import worker hands the saving process what it will ask for, and forgets all.
    persian.take_results()
    text = persian.normalize("شهرداري تهران")
    persian.search_key(text)
    persian.index_key(text)
    normalized, search_keys, index_keys = persian.take_results(search_keys=False)
    assert normalized and index_keys
    assert search_keys == {}
    assert persian.take_results() == ({}, {}, {})
