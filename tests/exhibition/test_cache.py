import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.test import SimpleTestCase

from exhibition.cache import ResilientRedisCache
from exhibition.throwaway_redis import find_server, throwaway_redis


class SettingsTests(SimpleTestCase):
    def test_a_redis_cache_url_gives_the_resilient_backend(self):
        code = "import exhibition.settings.base as s; print(s.CACHES['default']['BACKEND'])"
        env = {**os.environ, "CACHE_URL": "rediscache://10.0.0.5:6379/1"}
        result = subprocess.run(
            [sys.executable, "-c", code],
            env=env,
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        )
        self.assertEqual(
            result.stdout.strip(), "exhibition.cache.ResilientRedisCache", result.stderr
        )


class ResilientRedisCacheTests(SimpleTestCase):
    @pytest.fixture(autouse=True)
    def _redis(self, throwaway_redis, redis_cache):
        self.redis = throwaway_redis
        self.cache = redis_cache

    def test_it_is_a_working_redis_cache(self):
        self.assertIsInstance(self.cache, ResilientRedisCache)
        self.cache.set("a", {"x": 1}, 30)
        self.assertEqual(self.cache.get("a"), {"x": 1})
        self.assertTrue(self.cache.add("b", 1, 30))
        self.assertFalse(self.cache.add("b", 2, 30))
        self.assertEqual(self.cache.incr("b"), 2)
        self.assertEqual(self.cache.get_or_set("c", lambda: 3, 30), 3)

    def test_while_redis_is_down_reads_miss_and_writes_are_dropped(self):
        self.cache.set("a", 1, 30)
        self.redis.stop()
        with self.assertLogs("exhibition.cache", "ERROR") as logs:
            self.assertIsNone(self.cache.get("a"))
            self.assertEqual(self.cache.get("a", "default"), "default")
            self.assertIsNone(self.cache.set("a", 2, 30))
            self.assertFalse(self.cache.add("b", 1, 30))
            self.assertEqual(self.cache.get_many(["a", "b"]), {})
            self.assertEqual(self.cache.get_or_set("c", lambda: 3, 30), 3)
            self.assertFalse(self.cache.delete("a"))
            with self.assertRaises(ValueError):
                self.cache.incr("a")
        self.assertEqual(len(logs.records), 1)
        self.assertTrue(self.cache.is_down)
        self.redis.start()  # an empty Redis, as after a restart
        with self.assertLogs("exhibition.cache", "WARNING"):
            self.assertIsNone(self.cache.get("a"))
        self.assertFalse(self.cache.is_down)
        self.cache.set("a", 4, 30)
        self.assertEqual(self.cache.get("a"), 4)

    def test_after_a_failure_redis_is_not_asked_again_for_a_while(self):
        self.redis.stop()
        cache = ResilientRedisCache(
            f"redis://127.0.0.1:{self.redis.port}/0", {"OPTIONS": {"retry_after": 60}}
        )
        with self.assertLogs("exhibition.cache", "ERROR"):
            cache.get("a")
        self.redis.start()
        cache.get("a")
        self.assertTrue(cache.is_down)  # still waiting out retry_after


class ThrowawayRedisTests(SimpleTestCase):
    def test_started_answering_and_removed_afterwards(self):
        if find_server() is None:
            self.skipTest("redis-server is not installed")
        import redis

        with throwaway_redis() as server:
            client = redis.Redis(port=server.port)
            self.assertTrue(client.ping())
            workdir = server.workdir
            client.close()
        self.assertFalse(workdir.exists())
        with self.assertRaises(redis.exceptions.ConnectionError):
            redis.Redis(port=server.port, socket_connect_timeout=0.5).ping()
