"""Each process's copies of the versions in the readers' cache are dropped as soon as any
process announces that they moved.

These need Redis (REDIS_URL, as CI's PostgreSQL run has): announcements travel over it.
"""

import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import redis
from django.core.cache import cache

from articles.models import Article
from caching import backends
from caching.keys import key_of
from caching.versions import version_name
from tests.helpers import make_article
from tests.servers import POSTGRESQL, get, gunicorn, settings_module_env

REDIS_URL = os.environ.get("REDIS_URL")
needs_redis = pytest.mark.skipif(not REDIS_URL, reason="announcements travel over Redis")
pytestmark = needs_redis
needs_postgresql = pytest.mark.skipif(
    not POSTGRESQL, reason="gunicorn's workers can open the test database only on PostgreSQL"
)


def redis_cache(prefix):
    redis = {"LOCATION": REDIS_URL, "KEY_PREFIX": prefix, "OPTIONS": {"IGNORE_EXCEPTIONS": True}}
    return {
        "default": {"BACKEND": "django_redis.cache.RedisCache", **redis},
        "readers": {"BACKEND": "caching.backends.RedisCacheWithLocalCopies", **redis},
    }


def commands_processed(client=redis.Redis.from_url(REDIS_URL or "redis://")):  # noqa: B008 -- one connection, so its own setup is not counted
    return client.info("stats")["total_commands_processed"]


@pytest.fixture
def copied(settings, db):
    settings.CACHES = redis_cache(f"newsroom-copies-{os.getpid()}")
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    cache.clear()
    yield
    cache.clear()


def test_a_page_asked_for_again_costs_no_round_trip_to_redis(copied, client):
    story = make_article(title="Harga Cabai Turun")
    client.get(story.get_absolute_url())
    client.get(story.get_absolute_url())  # copied along with the content state

    before = commands_processed()
    again = [client.get(story.get_absolute_url()) for _ in range(10)]
    after = commands_processed()

    assert after - before == 1  # the INFO command that read the count, and nothing else
    assert all("Harga Cabai Turun" in response.content.decode() for response in again)
    # Each one is a response of its own: the request ids added to it on the way out differ.
    assert len({response["X-Request-ID"] for response in again}) == 10


def test_an_edit_is_shown_at_once_by_a_process_holding_copies(copied, client):
    story = make_article(title="Harga Cabai Turun")
    for _ in range(3):
        client.get(story.get_absolute_url())

    story.title = "Harga Cabai Naik Lagi"
    story.save()

    page = client.get(story.get_absolute_url()).content.decode()
    assert "Harga Cabai Naik Lagi" in page
    assert "Harga Cabai Turun" not in page


def test_copies_are_not_trusted_once_the_subscription_is_lost(copied, client):
    story = make_article(title="Harga Cabai Turun")
    for _ in range(3):
        client.get(story.get_absolute_url())

    redis.Redis.from_url(REDIS_URL).client_kill_filter(_type="pubsub")
    # A change whose announcement nobody could hear: only the shared state moves on.
    Article.objects.filter(pk=story.pk).update(title="Harga Cabai Naik Lagi")
    # Through the default cache: nothing is announced.
    cache.set(version_name(key_of(story)), time.time_ns(), timeout=None)

    assert "Harga Cabai Naik Lagi" in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.slow
def test_a_copy_is_read_again_from_the_shared_cache_after_its_time(copied, client, monkeypatch):
    monkeypatch.setattr(backends, "LOCAL_SECONDS", 0.5)
    story = make_article(title="Harga Cabai Turun")
    for _ in range(2):
        client.get(story.get_absolute_url())
    # What changes with the clock alone (“5 menit yang lalu”) is rendered again once the
    # shared entry has expired; emptying the shared cache stands for that here.
    Article.objects.filter(pk=story.pk).update(title="Harga Cabai Naik Lagi")
    cache.clear()
    assert "Harga Cabai Turun" in client.get(story.get_absolute_url()).content.decode()

    time.sleep(0.6)

    assert "Harga Cabai Naik Lagi" in client.get(story.get_absolute_url()).content.decode()


@pytest.mark.slow
@needs_postgresql
def test_every_gunicorn_worker_shows_an_edit_saved_in_another_process(
    settings, transactional_db, tmp_path
):
    prefix = f"newsroom-workers-{os.getpid()}"
    settings.CACHES = redis_cache(prefix)
    env = settings_module_env(
        tmp_path, "copies_settings", NEWSROOM_PAGE_CACHE_SECONDS=300, CACHES=redis_cache(prefix)
    )
    story = make_article(title="Jembatan Gantung Sukamaju Diresmikan")
    address = story.get_absolute_url()
    cache.clear()
    try:
        with gunicorn(env, tmp_path / "gunicorn.log", workers=2) as base:
            # Four at a time, several times over: a sync worker takes a connection only when
            # it is free, so both workers serve some and come to hold the page and the state.
            with ThreadPoolExecutor(max_workers=4) as pool:
                for _ in range(8):
                    pages = pool.map(fetch, [base + address] * 4)
                    assert all(story.title in page for page in pages)
            before = commands_processed()
            for _ in range(20):
                fetch(base + address)
            assert commands_processed() - before <= 2  # served from the workers' copies

            story.title = "Jembatan Gantung Sukamaju Ditutup Sementara"
            story.save()

            pages = [fetch(base + address) for _ in range(12)]
    finally:
        cache.clear()
    assert all("Ditutup Sementara" in page for page in pages)


def fetch(url):
    # A new connection each time, so gunicorn hands requests to either worker.
    status, text = get(url)
    assert status == 200
    return text
