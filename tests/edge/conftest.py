"""Fixtures of the edge tests: a real varnishd with the shipped VCL (tests/varnish.py) in
front of the real site under gunicorn (`edge_site`, PostgreSQL only) or of a stand-in whose
answers a test sets (`stand_in`, `edge`)."""

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
