"""What a re-import compares with what it stored: a hash of the fields staff can change
after an import, as saved (normalized). Kept on the row (``imported_fingerprint``) and
filled in by ``Article.save`` when an import saves, so it costs no second write."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

IMPORTED_FIELDS = (
    "title",
    "body",
    "language",
    "kicker",
    "lead",
    "reporter",
    "source_agency",
    "source_url",
    "image_caption",
    "source_text",
    "content_hash",
)
# What staff can change after an import; a re-import compares them with what it stored.
# (The same order as before this was derived: stored fingerprints depend on it.)
FINGERPRINTED_FIELDS = (
    *(name for name in IMPORTED_FIELDS if name not in ("source_text", "content_hash")),
    "slug",
    "image",
    "desk_id",
)


def article_fingerprint(*, article, tag_slugs: Iterable[str]) -> str:
    """A hash of the article's editable fields as stored (normalized, as save leaves them)."""
    values = [str(getattr(article, name) or "") for name in FINGERPRINTED_FIELDS]
    values.append(",".join(sorted(tag_slugs)))
    return hashlib.sha256("\x1f".join(values).encode("utf-8")).hexdigest()
