"""Fixtures of the caching tests: `page_cache` turns the page cache on, once for each
backend (Redis too when REDIS_URL is set)."""

import os

import pytest
from django.core.cache import cache

from tests.helpers import make_article

BACKENDS = ["locmem"]
if os.environ.get("REDIS_URL"):
    BACKENDS.append("redis")


@pytest.fixture(params=BACKENDS)
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    if request.param == "redis":
        redis = {
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"newsroom-test-{os.getpid()}",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
        settings.CACHES = {
            "default": {"BACKEND": "django_redis.cache.RedisCache", **redis},
            "readers": {"BACKEND": "caching.backends.RedisCacheWithLocalCopies", **redis},
        }
    cache.clear()
    yield request.param
    cache.clear()


@pytest.fixture
def story(db):
    return make_article(title="Harga Cabai Turun", slug="harga-cabai-turun")
