"""Fixtures of the edge tests: a real varnishd with the shipped VCL (tests/varnish.py) in
front of the real site under gunicorn (`edge_site`, PostgreSQL only) or of a stand-in whose
answers a test sets (`stand_in`, `edge`); two app servers behind it (`cluster`)."""

import os
import uuid
from contextlib import ExitStack
from dataclasses import dataclass

import pytest

from tests.servers import db_worker, free_port, gunicorn, settings_module_env
from tests.varnish import StandInSite, Varnish, varnish


@pytest.fixture
def stand_in():
    site = StandInSite()
    yield site
    site.stop()


@pytest.fixture
def edge(stand_in, tmp_path):
    """varnishd in front of `stand_in`."""
    with varnish(stand_in.port, tmp_path) as running:
        yield running


@dataclass
class EdgeSite:
    edge: Varnish  # what readers reach
    backend: str  # gunicorn's own address, behind it
    stop_backend: object  # stops gunicorn, as a crash of the app server would


@pytest.fixture
def edge_site(settings, transactional_db, tmp_path):
    """The site under gunicorn with its page cache on and purges sent to varnishd in front,
    as in production (so its pages say `public, ..., s-maxage=86400` and name their keys).
    gunicorn and this test share one folder cache, so that a change saved here reaches the
    pages gunicorn keeps, and both purge Varnish, through the task worker that runs beside
    them (`db_worker` on the purges queue)."""
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    edge_port = free_port()  # known before gunicorn starts, which purges it
    purge_urls = [f"http://127.0.0.1:{edge_port}/"]
    settings.CACHES = caches
    settings.NEWSROOM_PURGE_URLS = purge_urls
    env = settings_module_env(
        tmp_path,
        "edge_settings",
        NEWSROOM_PAGE_CACHE_SECONDS=300,
        NEWSROOM_PURGE_URLS=purge_urls,
        NEWSROOM_EDGE_MAX_AGE=86400,
        CACHES=caches,
    )
    with ExitStack() as backend:
        base = backend.enter_context(gunicorn(env, tmp_path / "gunicorn.log"))
        backend.enter_context(db_worker(env, tmp_path / "worker.log", queues="purges"))
        port = int(base.rsplit(":", 1)[1])
        with varnish(port, tmp_path, port=edge_port) as running:
            yield EdgeSite(running, base, backend.close)


@dataclass
class Cluster:
    edge: Varnish  # what readers reach
    servers: list  # each app server's own address (gunicorn), behind it
    stop: list  # for each, what stops it


def redis_url():
    """This project's Redis database for tests that share it between processes."""
    import redis

    url = os.environ.get("NEWSROOM_TEST_REDIS_URL", "redis://127.0.0.1:6379/2")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        message = f"Redis is not answering at {url}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return url


@pytest.fixture
def cluster(settings, transactional_db, tmp_path):
    """Two app servers (gunicorn) on the PostgreSQL test database, sharing Redis as in
    production (each its own copies, told of changes on the Redis channel), Varnish in front
    of both, purged after each change by the task worker beside them."""
    prefix = f"newsroom-test-{uuid.uuid4().hex[:8]}"  # this test's keys only
    shared = {
        "LOCATION": redis_url(),
        "KEY_PREFIX": prefix,
        "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 2},
    }
    caches = {
        "default": {"BACKEND": "django_redis.cache.RedisCache", **shared},
        "readers": {"BACKEND": "caching.backends.RedisCacheWithLocalCopies", **shared},
    }
    edge_port = free_port()
    purge_urls = [f"http://127.0.0.1:{edge_port}/"]
    settings.NEWSROOM_PURGE_URLS = purge_urls
    env = settings_module_env(
        tmp_path,
        "cluster_settings",
        NEWSROOM_PAGE_CACHE_SECONDS=300,
        NEWSROOM_FRAGMENT_CACHE_SECONDS=300,
        NEWSROOM_PURGE_URLS=purge_urls,
        NEWSROOM_EDGE_MAX_AGE=86400,
        CACHES=caches,
    )
    with ExitStack() as running:
        servers, stops = [], []
        for number in (1, 2):
            server = ExitStack()
            running.callback(server.close)
            servers.append(server.enter_context(gunicorn(env, tmp_path / f"web{number}.log")))
            stops.append(server.close)
        # The purges the app servers enqueue are sent by a worker, as in production.
        running.enter_context(db_worker(env, tmp_path / "worker.log", queues="purges"))
        ports = [int(base.rsplit(":", 1)[1]) for base in servers]
        with varnish(ports, tmp_path, port=edge_port) as edge:
            yield Cluster(edge, servers, stops)
