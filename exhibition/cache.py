"""Django's RedisCache, except that Redis being down is a cache miss, not a 500.

The site only ever uses the cache to save work (pages, aggregates, the view counter's
"seen today" marks, Rosetta's and axes' bookkeeping), so while Redis is unreachable every
read misses and every write is dropped: pages are rendered afresh and still served. The
outage is logged once when it starts and once when it ends; for RETRY_AFTER seconds after
a failure Redis is not even asked (a firewalled host would otherwise cost a connect
timeout on every call).
"""

from __future__ import annotations

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.dispatch import Signal
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

# Only the errors of an unreachable or overloaded server: a wrong command is a bug and
# still raises.
UNAVAILABLE = (RedisConnectionError, RedisTimeoutError, OSError)
# Connecting to a host that drops packets would otherwise wait for the OS (minutes).
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
RETRY_AFTER = 2.0  # seconds

# Sent when Redis answers again after an outage: what was written meanwhile was lost
# (exhibition.pagecache starts a new content generation, a change saved then may be
# missing from it).
recovered = Signal()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        params = dict(params)
        options = {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}
        self.retry_after = float(options.pop("retry_after", RETRY_AFTER))
        params["OPTIONS"] = options
        super().__init__(server, params)
        self._down_since: float | None = None
        self._retry_at = 0.0
        self._lock = threading.Lock()

    @property
    def is_down(self) -> bool:
        return self._down_since is not None

    def _call(self, name, fallback, *args, **kwargs):
        if self._down_since is not None and time.monotonic() < self._retry_at:
            return fallback
        try:
            result = getattr(super(), name)(*args, **kwargs)
        except UNAVAILABLE as exc:
            with self._lock:
                if self._down_since is None:
                    self._down_since = time.monotonic()
                    logger.error("cache unavailable, serving without it: %s", exc)
                self._retry_at = time.monotonic() + self.retry_after
            return fallback
        if self._down_since is not None:
            with self._lock:
                was_down, self._down_since = self._down_since, None
            if was_down is not None:
                logger.warning("cache available again after %.0f s", time.monotonic() - was_down)
                recovered.send(sender=type(self), cache=self)
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # Django's answer for keys that could not be stored: all of them.
        return self._call("set_many", list(data), data, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        result = self._call("incr", missing, key, delta, version=version)
        if result is missing:
            raise ValueError(f"Key '{key}' not found (cache unavailable)")
        return result

    def clear(self):
        return self._call("clear", False)
