"""Short-lived caches for public pages that read the whole archive: the months of the
archive, the most viewed list and the news lists' counts. Named by the content generation
(exhibition.pagecache): saving or deleting an article, or a scheduled one's time
arriving, starts them afresh; view counts reach them within TTL seconds, as does a
change made in another process when each process has its own cache (locmem)."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

from exhibition.pagecache import content_generation

TTL = 60  # seconds
T = TypeVar("T")


def cached(name: str, *parts: object, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for TTL seconds under ``name`` and ``parts`` (the
    language and whatever else the result depends on)."""
    # Hashed: a slug may hold any letter, and memcached refuses spaces and long keys.
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    generation = content_generation()
    return cache.get_or_set(f"articles:{name}:{generation}:{digest}", compute, TTL)
