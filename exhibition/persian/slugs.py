"""URL slugs from Persian and English titles and names."""

from __future__ import annotations

import re
import unicodedata

from .chars import DELETE_RE, drop_marks

_SLUG_FOLD = str.maketrans({"ي": "ی", "ى": "ی", "ك": "ک", "ة": "ه", "ٱ": "ا"})

_SLUG_SEPARATORS_RE = re.compile(r"[\s\u200c\u200d_-]+")
_SLUG_DROP_RE = re.compile(r"[^\w-]|_")
_SLUG_DASHES_RE = re.compile(r"-{2,}")


def slugify(text: str, max_length: int = 200) -> str:
    """Mehr-style Unicode slug: folded Persian letters, lowercase Latin, digits as given,
    words joined by '-'. Safe as a Django ``<str:slug>`` segment (only letters, digits and
    '-'); may be empty, so callers need a fallback."""
    text = unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", text).lower())
    text = drop_marks(DELETE_RE.sub("", text)).translate(_SLUG_FOLD)
    text = _SLUG_SEPARATORS_RE.sub("-", text)
    slug = _SLUG_DASHES_RE.sub("-", _SLUG_DROP_RE.sub("", text)).strip("-")
    if len(slug) > max_length:
        cut = slug[:max_length]
        if slug[max_length] != "-" and "-" in cut:
            cut = cut.rsplit("-", 1)[0]  # never end on half a word
        slug = cut.strip("-")
    return slug
