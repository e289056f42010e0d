"""«Did you mean»: for a search with no results, the same search with a query word
replaced by a near word of the archive (one letter deleted, added, changed or two
swapped) that has results. The same on every engine: candidates are search keys,
looked up through the backend.

The work is capped: at most MAX_WORDS words of MIN_WORD_LENGTH to MAX_WORD_LENGTH
letters are checked, each with one count; a word
without hits gets one lookup of its candidates (MAX_CANDIDATES at most, as one OR
query) over the newest SAMPLE_ARTICLES matches, whose stored keys say which candidate
is most common; the corrected search is counted once before it is offered.
"""

from __future__ import annotations

from collections import Counter

from articles.search import base
from exhibition import persian
from exhibition.persian import english

MAX_WORDS = 4
MIN_WORD_LENGTH = 3  # shorter words have too many neighbours to guess from
# Longer words are not corrected: the candidates grow with the length (~65 per letter,
# each keyed through the text pipeline), and no real word is that long.
MAX_WORD_LENGTH = 20
MAX_CANDIDATES = 800
SAMPLE_ARTICLES = 50
ENGLISH_LETTERS = "abcdefghijklmnopqrstuvwxyz"
# The letters a Persian search key is written with (variants already folded: ي -> ی).
PERSIAN_KEY_LETTERS = "".join(
    sorted({t for c in persian.PERSIAN_ALPHABET for t in persian.search_tokens(c) if len(t) == 1})
)


def near_keys(key: str) -> list[str]:
    """The search keys one edit away from ``key``, over its own alphabet (English or
    Persian); a candidate that is not its own key (an unstemmed plural) is left out."""
    if english.is_english_word(key):
        letters = ENGLISH_LETTERS
    elif all(c in PERSIAN_KEY_LETTERS for c in key):
        letters = PERSIAN_KEY_LETTERS
    else:
        return []  # digits, mixed tokens: no spelling to correct
    if len(key) > MAX_WORD_LENGTH:
        return []
    splits = [(key[:i], key[i:]) for i in range(len(key) + 1)]
    edits = {a + b[1:] for a, b in splits if b}
    edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    edits |= {a + c + b[1:] for a, b in splits if b for c in letters}
    edits |= {a + c + b for a, b in splits for c in letters}
    edits.discard(key)
    return sorted(e for e in edits if len(e) > 1 and persian.search_tokens(e) == [e])[
        :MAX_CANDIDATES
    ]


def _best_near_key(backend: base.SearchBackend, key: str, filters: dict) -> str | None:
    """The candidate of ``near_keys(key)`` found most often in the newest articles that
    have any of them."""
    candidates = near_keys(key)
    if not candidates:
        return None
    probe = persian.Query(terms=(key,), alternatives=(tuple((c,) for c in candidates),))
    documents = backend.newest_matches(backend.published(**filters), probe).values_list(
        "search_document", flat=True
    )[:SAMPLE_ARTICLES]
    wanted = set(candidates)
    found = Counter(t for document in documents for t in wanted.intersection(document.split()))
    if not found:
        return None
    return min(found, key=lambda candidate: (-found[candidate], candidate))


def _surface(backend: base.SearchBackend, key: str, filters: dict) -> str:
    """A word as an article writes it whose key is ``key`` («cities» for «citi»), or the
    key itself (a Persian key is a word as it is)."""
    probe = persian.Query(terms=(key,))
    texts = backend.newest_matches(backend.published(**filters), probe).values_list(
        "title", "lead"
    )[:SAMPLE_ARTICLES]
    for title, lead in texts:
        for word in f"{title} {lead}".split():
            word = word.strip(".,;:!?()[]«»\"'،؛؟")
            if persian.search_tokens(word) == [key]:
                return word
    return key


def did_you_mean(
    backend: base.SearchBackend, q: str, query: persian.Query, **filters
) -> str | None:
    """A corrected text for the search box query ``q`` (parsed: ``query``) that finds
    something with the same ``filters``, or None. Only plain words are corrected."""
    replacements: dict[str, str] = {}
    for term in query.terms[:MAX_WORDS]:
        if len(term) < MIN_WORD_LENGTH or backend.count(persian.Query(terms=(term,)), **filters):
            continue
        if (best := _best_near_key(backend, term, filters)) is not None:
            replacements[term] = _surface(backend, best, filters)
    if not replacements:
        return None
    words = []
    for word in q.split():
        tokens = persian.search_tokens(word)
        words.append(replacements.get(tokens[0], word) if len(tokens) == 1 else word)
    corrected = " ".join(words)
    if corrected == q or not backend.count(_parse(corrected), **filters):
        return None
    return corrected


def _parse(q: str) -> persian.Query:
    return english.without_stop_words(persian.parse_query(q))
