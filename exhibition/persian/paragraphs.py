"""A body's paragraphs: split at line breaks, and repeats (same search key) dropped."""

from __future__ import annotations

import re

from .keys import search_key

_NEWLINES_RE = re.compile(r"\n+")


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
