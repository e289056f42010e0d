"""Short-lived caches for public pages that read the whole archive: the months of the
archive, the most viewed list and the news lists' counts. Saving or deleting an article
starts them afresh; view counts and scheduled articles reach them within TTL seconds, as
does a change made in another process when each process has its own cache (locmem)."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache

TTL = 60  # seconds
_GENERATION_KEY = "articles:generation"
T = TypeVar("T")


def _generation() -> int:
    generation = cache.get(_GENERATION_KEY)
    if generation is None:  # evicted or never set: a new one never names old entries
        cache.add(_GENERATION_KEY, time.time_ns(), None)
        generation = cache.get(_GENERATION_KEY, 0)
    return generation


def articles_changed(**kwargs) -> None:
    """A post_save / post_delete receiver: what was cached may no longer hold."""
    cache.set(_GENERATION_KEY, time.time_ns(), None)


def cached(name: str, *parts: object, compute: Callable[[], T]) -> T:
    """``compute()``, remembered for TTL seconds under ``name`` and ``parts`` (the
    language and whatever else the result depends on)."""
    # Hashed: a slug may hold any letter, and memcached refuses spaces and long keys.
    digest = hashlib.sha256(repr(parts).encode()).hexdigest()[:32]
    return cache.get_or_set(f"articles:{name}:{_generation()}:{digest}", compute, TTL)
