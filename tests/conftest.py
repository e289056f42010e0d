import pytest


def pytest_report_header(config):
    from django.conf import settings

    db = settings.DATABASES["default"]
    where = db.get("HOST") or "embedded"
    return f"database: {db['ENGINE'].rsplit('.', 1)[-1]} ({where})"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Persian: a request leaves its language active in the thread."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: a test's rolled-back articles must not
    linger in another test's cached archive or most viewed list."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture(scope="session")
def throwaway_redis():
    """A private redis-server for the tests that need a real one, started on first use
    and removed at the end of the run (exhibition/throwaway_redis.py)."""
    from exhibition.throwaway_redis import ThrowawayRedis, find_server

    if find_server() is None:
        pytest.skip("redis-server is not installed (Debian's redis-server; make installs it)")
    redis = ThrowawayRedis()
    redis.start()
    yield redis
    redis.remove()


@pytest.fixture
def redis_cache(throwaway_redis, settings):
    """The default cache is the throwaway Redis for this test (as CACHE_URL would make
    it), emptied before and after."""
    import environ
    from django.core.cache import caches

    config = environ.Env.cache_url_config(throwaway_redis.url)
    config["BACKEND"] = "exhibition.cache.ResilientRedisCache"
    config["OPTIONS"] = {"retry_after": 0}
    if throwaway_redis.process is None:
        throwaway_redis.start()
    settings.CACHES = {"default": config}
    caches["default"].clear()
    yield caches["default"]
    if throwaway_redis.process is None:  # a test left it stopped
        throwaway_redis.start()
    caches["default"].clear()
