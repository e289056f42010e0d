"""Search results as the page shows them: the query's words marked in a title, and a
snippet of the lead and body around the first hit. The same on every engine (the
marking compares ``exhibition.persian`` word keys, not the index)."""

from __future__ import annotations

import html

from django.utils.safestring import SafeString, mark_safe

from articles import text
from articles.models import Article
from exhibition import persian
from exhibition.persian import english

SNIPPET_WORDS = 40


def marked_tokens(query: persian.Query) -> set[str]:
    """The tokens ``highlight`` marks: the query's, less one-letter words and stop words
    (Persian function words, English stop words)."""
    return {
        token
        for token in query.marked_tokens()
        if not (len(token) == 1 and token.isalpha())
        and token not in persian.function_word_keys()
        and not english.is_stop_word(token)
    }


def shown_query(q: str) -> str:
    """The search box's text as the page quotes it: a query that is one quoted phrase
    without its own quotes (the page adds «…»), anything else as typed."""
    q = q.strip()
    match = persian.QUERY_RE.fullmatch(q)  # the query syntax's one pattern
    if match is not None and not match[1]:
        phrase = next((p for p in match.groups()[1:4] if p is not None), None)
        if phrase is not None:
            return phrase.strip()
    return q


def highlight(value: str, query: persian.Query, *, words: int | None = None) -> SafeString:
    """Escape ``value`` and wrap the words whose search tokens the query asks for in
    <mark>. With ``words``, cut a window of that many words around the first hit."""
    wanted = marked_tokens(query)
    chunks = value.split()
    # Keys are costly per word (a body has a thousand): read them only up to the window.
    keys = persian.iter_word_keys(chunks)
    hits: list[bool] = []
    start, end, prefix, suffix = 0, len(chunks), "", ""
    if words is not None and len(chunks) > words:
        for word_keys in keys:
            hits.append(bool(wanted.intersection(word_keys)))
            if hits[-1]:
                break
        first = len(hits) - 1 if hits and hits[-1] else 0
        start = max(0, first - words // 3)
        end = min(len(chunks), start + words)
        prefix = "… " if start else ""
        suffix = " …" if end < len(chunks) else ""
    for word_keys in keys:
        if len(hits) >= end:
            break
        hits.append(bool(wanted.intersection(word_keys)))
    out = [
        f"<mark>{html.escape(c)}</mark>" if hit else html.escape(c)
        for c, hit in zip(chunks[start:end], hits[start:end], strict=True)
    ]
    return mark_safe(prefix + " ".join(out) + suffix)  # noqa: S308 - every piece escaped


def snippet(article: Article, query: persian.Query) -> SafeString:
    """A window of the lead and body around the first hit, hits highlighted."""
    source = " ".join(p for p in (article.lead, text.body_text(article.body)) if p)
    return highlight(source, query, words=SNIPPET_WORDS)
