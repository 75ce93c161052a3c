"""Read replicas as readers and editors meet them: the site under gunicorn with
DATABASE_REPLICA_URLS naming a real streaming replica (`streaming_replica`, conftest.py).

The proof that a page came from the replica is lag: with the replica's replay paused, a
headline changed on the primary is not on the replica yet, so whoever reads the replica sees
the old one. Runs on PostgreSQL only (skipped on SQLite, a failure under CI if the replica
cannot be made).
"""

import http.client
import os
import re
import time
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.test import Client

from tests.desk_helpers import make_editor
from tests.helpers import make_article
from tests.servers import gunicorn, settings_module_env

pytestmark = pytest.mark.slow  # a second PostgreSQL cluster, gunicorn


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


def request(base, path, method="GET", headers=None, body=None):
    """One request to the site at `base`, redirects not followed."""
    host, port = base.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode())
    finally:
        connection.close()


def shared_caches(tmp_path):
    """The caches gunicorn and this test share, so that a change saved here moves the keys
    gunicorn's pages are kept with: Redis when REDIS_URL is set, else a folder."""
    if os.environ.get("REDIS_URL"):
        redis = {
            "LOCATION": os.environ["REDIS_URL"],
            "KEY_PREFIX": f"newsroom-replicas-{os.getpid()}",
            "OPTIONS": {"IGNORE_EXCEPTIONS": True},
        }
        return {
            "default": {"BACKEND": "django_redis.cache.RedisCache", **redis},
            "readers": {"BACKEND": "caching.backends.RedisCacheWithLocalCopies", **redis},
        }
    folder = {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(tmp_path / "cache"),
    }
    return {"default": folder, "readers": folder}


@contextmanager
def site_on(replica, settings, tmp_path, **overrides):
    """The site under gunicorn reading `replica`, with its page and fragment caches on and
    pages described for a cache in front, unless `overrides` say otherwise."""
    caches = shared_caches(tmp_path)
    settings.CACHES = caches
    values = {
        "NEWSROOM_PAGE_CACHE_SECONDS": 300,
        "NEWSROOM_FRAGMENT_CACHE_SECONDS": 300,
        "NEWSROOM_EDGE_MAX_AGE": 86400,
        "CACHES": caches,
    }
    env = settings_module_env(tmp_path, "replica_settings", **(values | overrides))
    env["DATABASE_REPLICA_URLS"] = replica.url
    try:
        with gunicorn(env, tmp_path / "gunicorn.log") as base:
            yield base
    finally:
        cache.clear()


@contextmanager
def paused(replica):
    replica.pause()
    try:
        yield
    finally:
        replica.resume()


def retitle(story, title):
    """A headline changed on the primary, as the desk saves it (keys moved, purges sent)."""
    story.title = title
    story.save()


def fresh_story(replica, title):
    """A new article the replica has replayed: the replica's last replayed change is now
    (its lag, once paused, counts from here)."""
    story = make_article(title=title)
    replica.catch_up()
    return story


def cookies_set(answer):
    return {
        cookie.split("=", 1)[0]: cookie for cookie in answer.headers.get_all("Set-Cookie") or []
    }


def after_a_readers_form(base, path):
    """The Cookie header of a reader who just sent the language form (POST), as their
    browser sends it next."""
    form = request(base, f"/bahasa/?next={path}")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    csrf = cookies_set(form)["csrftoken"].split(";")[0]
    sent = request(
        base,
        "/i18n/setlang/",
        method="POST",
        headers={
            "Cookie": csrf,
            "Content-Type": "application/x-www-form-urlencoded",
        },
        body=urlencode({"csrfmiddlewaretoken": token, "language": "id", "next": path}),
    )
    assert sent.status == 302
    wrote = cookies_set(sent)["newsroom_wrote"]
    assert re.search(r"(?i)max-age=10\b", wrote)
    assert "HttpOnly" in wrote
    assert re.search(r"(?i)samesite=lax", wrote)
    return f"{csrf}; django_language=id; newsroom_wrote=1"


def test_readers_read_the_replica_and_who_just_wrote_reads_the_primary(
    replica, settings, transactional_db, tmp_path
):
    with site_on(replica, settings, tmp_path, NEWSROOM_REPLICA_MAX_LAG_SECONDS=30) as base:
        story = fresh_story(replica, "Harga Beras Naik di Pasar Induk")
        address = story.get_absolute_url()
        assert "Harga Beras Naik" in request(base, address).text
        desk = Client()
        desk.force_login(make_editor())
        editor = {"Cookie": f"sessionid={desk.cookies['sessionid'].value}"}
        with paused(replica):
            retitle(story, "Harga Beras Turun di Pasar Induk")
            # The anonymous reader reads the replica, which has not replayed the change yet.
            stale = request(base, address)
            assert "Harga Beras Naik" in stale.text
            # ...and no cache is told it may keep that page: it may be behind.
            assert "s-maxage" not in stale.headers["Cache-Control"]
            assert "no-cache" in stale.headers["Cache-Control"]
            assert "xkey" not in stale.headers
            assert "Harga Beras Naik" in request(base, address).text  # still the replica
            # The logged-in editor reads the primary.
            assert "Harga Beras Turun" in request(base, address, headers=editor).text
            # So does a reader who just sent a form, for the next few seconds.
            wrote = after_a_readers_form(base, address)
            fresh = request(base, address, headers={"Cookie": wrote})
            assert "Harga Beras Turun" in fresh.text
            assert "private" in fresh.headers["Cache-Control"]
        replica.catch_up()
        # The page read while the replica was behind was kept by no cache: everyone sees
        # the new headline, and soon the page is kept and described as current again.
        assert "Harga Beras Turun" in request(base, address).text
        deadline = time.monotonic() + 10
        while "s-maxage" not in request(base, address).headers["Cache-Control"]:
            assert time.monotonic() < deadline, "the page was never described as current"
            time.sleep(0.2)
        assert "Harga Beras Turun" in request(base, address).text


def test_a_replica_further_behind_than_allowed_is_not_read(
    replica, settings, transactional_db, tmp_path
):
    with site_on(replica, settings, tmp_path, NEWSROOM_REPLICA_MAX_LAG_SECONDS=3) as base:
        story = fresh_story(replica, "Banjir Rendam Tiga Desa")
        address = story.get_absolute_url()
        with paused(replica):
            retitle(story, "Banjir Surut di Tiga Desa")
            assert "Banjir Rendam" in request(base, address).text  # behind, within 3 s
            time.sleep(4)  # the replica is now more than 3 s behind
            answer = request(base, address)
            assert answer.status == 200
            assert "Banjir Surut" in answer.text


def test_readers_get_their_pages_while_the_replica_is_down_and_it_is_read_again_after(
    replica, settings, transactional_db, tmp_path
):
    # Nothing kept: every page reads the database.
    uncached = {"NEWSROOM_PAGE_CACHE_SECONDS": 0, "NEWSROOM_FRAGMENT_CACHE_SECONDS": 0}
    with site_on(replica, settings, tmp_path, **uncached) as base:
        story = fresh_story(replica, "Gempa Guncang Lombok")
        pages = ["/", story.get_absolute_url(), "/berita/", "/cari/?q=gempa"]
        assert [request(base, page).status for page in pages] == [200] * 4
        replica.stop()
        answers = [request(base, page) for page in pages * 3]
        assert [answer.status for answer in answers] == [200] * 12
        assert all("Gempa Guncang Lombok" in answer.text for answer in answers)
        replica.start()
        replica.catch_up()
        time.sleep(6)  # a replica that failed is left alone for 5 s, then asked again
        # Its lag once paused counts from its last replayed change: a fresh one, not the
        # story's of six seconds ago (which would put it past the allowed lag at once).
        fresh_story(replica, "Penanda Replika")
        with paused(replica):
            retitle(story, "Gempa Susulan Guncang Lombok")
            assert "Gempa Guncang Lombok" in request(base, story.get_absolute_url()).text
    log = (tmp_path / "gunicorn.log").read_text()
    assert "reading the primary" in log
