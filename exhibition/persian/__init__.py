"""The one Persian/English text pipeline: display normalization, search keys, slugs, sorting.

Use it as ``from exhibition import persian`` and ``persian.normalize(...)``: every public
name is re-exported here. Two paths with different costs:

* ``normalize`` runs when text is SAVED. Persian text goes through hazm, which is imported
  lazily and built once per process (~150 MB, seconds); call ``preload()`` at WSGI startup.
* ``search_tokens``/``search_key``/``index_key``/``parse_query``/``word_keys``/``slugify``/
  ``sort_key`` run on every request and are pure Python: they must never import hazm.

Module map (each table sits beside the function that uses it):

* ``chars``      character classes and tables several modules share: the Persian alphabet,
                 the three digit sets, ZWNJ, tatweel, diacritics, bidi controls and
                 invisibles, Arabic-script ranges, what no stored text keeps (DELETE_RE)
* ``normalizer`` ``normalize``/``preload``: hazm plus the cleanup it misses, run to a
                 fixpoint. THE ONLY MODULE THAT IMPORTS HAZM, lazily (tests enforce it)
* ``fastpath``   hazm 0.10's Normalizer reproduced byte for byte, faster; handed the hazm
                 module by ``normalizer``, never importing it
* ``language``   ``detect_language`` (decides whether hazm runs)
* ``cache``      per-process memos of normalize/search_key/index_key, and their hand-over
                 from import workers to the saving process (``take_results``/
                 ``remember_results``)
* ``tokens``     the low-level tokenizer: letter and digit folding (``base_words``),
                 detached affixes joined back on, plurals stemmed (``base_tokens``);
                 imports none of the three below
* ``lexicon``    the lexicon's data file (``lexicon.txt.gz``), extracted from hazm's
                 data files without importing hazm (``make install`` builds it), in
                 ``tokens``' spelling; loaded on first use (``lexicon()``), not on import
* ``spelling``   what hazm's lexicon settles, token by token, for keys and queries alike:
                 hamza classes, clitics after silent «ه», «و» compounds, glued words
                 and auxiliaries (``analyze``); second readings of a glued «Xهای»
                 (``other_readings``); which spaced «X و Y» is a compound
* ``keys``       ``search_tokens`` (``tokens`` then ``spelling``), ``search_key``,
                 compounds' joined forms, a phrase of one typed word as one token
                 (``phrase_tokens``, ``lookup_tokens``), ``index_key`` (INDEX_BREAK),
                 ``word_keys`` for highlighting
* ``query``      ``parse_query``, ``Query``
* ``english``    English words' Snowball stems (``search_tokens`` keys them), STOP_WORDS
* ``paragraphs`` ``split_paragraphs``, ``dedupe_paragraphs``
* ``digits``     ``to_persian_digits``, ``to_latin_digits``, ``format_numbers`` (digits and
                 separators as each language writes them: «۲٫۳»), NUMBER_PATTERN (the URL
                 converter is ``exhibition/digits.py``, another module)
* ``slugs``      ``slugify``
* ``sorting``    ``sort_key`` (Persian alphabet order), ``pad_numbers``

Stored keys (articles' and exhibitors' search documents, exhibitors' sort keys, the
mentions found from them) are computed by this code when a row is saved. After a change
here that alters a key, run ``manage.py rebuild_text_keys``: it recomputes every stored
key in batches and reports how many changed (a second run changes nothing).
"""

from .cache import remember_results, take_results
from .chars import (
    ARABIC_DIACRITICS,
    ARABIC_INDIC_DIGITS,
    ARABIC_SCRIPT_RANGES,
    BIDI_CONTROLS,
    INVISIBLES,
    LATIN_DIGITS,
    PERSIAN_ALPHABET,
    PERSIAN_DIGITS,
    TATWEEL,
    ZWNJ,
)
from .digits import (
    NUMBER_PATTERN,
    PERSIAN_DECIMAL_SEPARATOR,
    PERSIAN_THOUSANDS_SEPARATOR,
    format_numbers,
    to_latin_digits,
    to_persian_digits,
)
from .fastpath import HAZM_VERSION
from .keys import (
    INDEX_BREAK,
    MAX_COMPOUND_PARTS,
    MIN_COMPOUND_PART,
    append_compounds,
    compound_tokens,
    function_word_keys,
    index_key,
    iter_word_keys,
    join_tokens,
    lookup_tokens,
    phrase_token,
    phrase_tokens,
    search_key,
    search_tokens,
    word_keys,
)
from .language import detect_language
from .normalizer import MAX_NORMALIZE_PASSES, clean, normalize, preload
from .paragraphs import dedupe_paragraphs, split_paragraphs
from .query import MAX_QUERY_LENGTH, QUERY_RE, Query, parse_query
from .slugs import slugify
from .sorting import SORT_NUMBER_WIDTH, pad_numbers, sort_key
from .tokens import MIN_STEM_LENGTH

__all__ = [
    "QUERY_RE",
    "ARABIC_DIACRITICS",
    "ARABIC_INDIC_DIGITS",
    "ARABIC_SCRIPT_RANGES",
    "BIDI_CONTROLS",
    "HAZM_VERSION",
    "INDEX_BREAK",
    "INVISIBLES",
    "LATIN_DIGITS",
    "MAX_COMPOUND_PARTS",
    "MAX_NORMALIZE_PASSES",
    "MAX_QUERY_LENGTH",
    "MIN_COMPOUND_PART",
    "MIN_STEM_LENGTH",
    "NUMBER_PATTERN",
    "PERSIAN_ALPHABET",
    "PERSIAN_DECIMAL_SEPARATOR",
    "PERSIAN_DIGITS",
    "PERSIAN_THOUSANDS_SEPARATOR",
    "Query",
    "SORT_NUMBER_WIDTH",
    "TATWEEL",
    "ZWNJ",
    "append_compounds",
    "clean",
    "compound_tokens",
    "dedupe_paragraphs",
    "detect_language",
    "format_numbers",
    "function_word_keys",
    "index_key",
    "iter_word_keys",
    "join_tokens",
    "lookup_tokens",
    "phrase_token",
    "phrase_tokens",
    "normalize",
    "pad_numbers",
    "parse_query",
    "preload",
    "remember_results",
    "search_key",
    "search_tokens",
    "slugify",
    "sort_key",
    "split_paragraphs",
    "take_results",
    "to_latin_digits",
    "to_persian_digits",
    "word_keys",
]
