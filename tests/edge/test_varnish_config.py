"""deploy/varnish/newsroom.vcl in a real varnishd, in front of the real site under gunicorn
(PostgreSQL only: gunicorn's worker must read the test database) and of a stand-in backend
that sends what a test needs (runs on SQLite too).

Every answer says in X-Cache what Varnish did: HIT (from its cache), MISS (fetched and
kept) or PASS (fetched for this request only).
"""

import time

import pytest
from django.test import Client

from tests.desk_helpers import make_editor
from tests.helpers import make_article
from tests.servers import POSTGRESQL
from tests.varnish import request, within_a_second

pytestmark = pytest.mark.slow  # varnishd, gunicorn
needs_postgresql = pytest.mark.skipif(
    not POSTGRESQL, reason="gunicorn's worker can open the test database only on PostgreSQL"
)
PUBLIC = {"Cache-Control": "public, max-age=60, s-maxage=600, stale-while-revalidate=300"}


def twice(edge, path, **options):
    """The X-Cache of two requests for `path` in a row, and the second answer."""
    first = edge.get(path, **options)
    second = edge.get(path, **options)
    return [first.cache, second.cache], second


# The real site behind Varnish.


@needs_postgresql
def test_a_readers_page_is_fetched_from_django_once_then_served_by_varnish(edge_site):
    story = make_article(title="Harga Cabai Turun di Pasar Induk")
    caches, answer = twice(edge_site.edge, story.get_absolute_url())
    assert caches == ["MISS", "HIT"]
    assert answer.status == 200
    assert story.title in answer.text
    # A link shared on social media, tracking parameters and all, is the same page.
    shared = edge_site.edge.get(story.get_absolute_url() + "?utm_source=wa&fbclid=IwAR0x")
    assert (shared.cache, shared.status) == ("HIT", 200)
    # An analytics cookie, or the csrftoken the language form leaves, changes nothing.
    cookies = {"Cookie": "_ga=GA1.2.3; csrftoken=abc123"}
    assert edge_site.edge.get(story.get_absolute_url(), headers=cookies).cache == "HIT"


@needs_postgresql
def test_each_language_a_reader_chooses_has_its_own_copy(edge_site):
    story = make_article(title="Banjir Rendam Tiga Desa")
    english = {"Cookie": "csrftoken=abc123; django_language=en"}
    caches, answer = twice(edge_site.edge, story.get_absolute_url(), headers=english)
    assert caches == ["MISS", "HIT"]
    assert '<html lang="en"' in answer.text
    caches, answer = twice(edge_site.edge, story.get_absolute_url())
    assert caches == ["MISS", "HIT"]
    assert '<html lang="id"' in answer.text
    # A purge of the address forgets both.
    assert edge_site.edge.get(story.get_absolute_url(), method="PURGE").status == 200
    assert edge_site.edge.get(story.get_absolute_url()).cache == "MISS"
    assert edge_site.edge.get(story.get_absolute_url(), headers=english).cache == "MISS"


@needs_postgresql
def test_the_desk_and_logged_in_editors_never_come_from_the_cache(edge_site):
    story = make_article()
    caches, login = twice(edge_site.edge, "/admin/login/")
    assert caches == ["PASS", "PASS"]
    assert login.status == 200
    desk = Client()
    desk.force_login(make_editor())
    editor = {"Cookie": f"sessionid={desk.cookies['sessionid'].value}"}
    caches, index = twice(edge_site.edge, "/admin/", headers=editor)
    assert caches == ["PASS", "PASS"]
    assert index.status == 200  # the editor's own desk...
    assert edge_site.edge.get("/admin/").status == 302  # ...and for anyone else, the login
    caches, page = twice(edge_site.edge, story.get_absolute_url(), headers=editor)
    assert caches == ["PASS", "PASS"]
    assert page.status == 200


@needs_postgresql
def test_a_search_is_kept_until_an_article_changes(edge_site):
    caches, answer = twice(edge_site.edge, "/cari/?q=kedelai")
    assert caches == ["MISS", "HIT"]
    assert answer.status == 200
    story = make_article(title="Impor Kedelai Dibuka Lagi")  # purges every search
    assert within_a_second(lambda: story.title in edge_site.edge.get("/cari/?q=kedelai").text)


@needs_postgresql
def test_pages_kept_before_django_went_down_keep_answering(edge_site):
    kept, never_asked = make_article(), make_article()
    assert twice(edge_site.edge, kept.get_absolute_url())[0] == ["MISS", "HIT"]
    edge_site.stop_backend()
    wait_for_health(edge_site.edge, "sick")
    answer = edge_site.edge.get(kept.get_absolute_url())
    assert (answer.status, answer.cache) == (200, "HIT")
    assert kept.title in answer.text
    assert edge_site.edge.get(never_asked.get_absolute_url()).status == 503


# The contract with Django's side: each cacheable page may be kept a day at the edge, names
# its keys in an `xkey` header, and a change is purged by key as soon as it commits.


@needs_postgresql
def test_a_purge_by_key_makes_varnish_fetch_the_page_again(edge_site):
    story = make_article(title="Gempa Guncang Lombok")
    address = story.get_absolute_url()
    assert twice(edge_site.edge, address)[0] == ["MISS", "HIT"]
    from_django = request(edge_site.backend, address)
    assert "s-maxage=86400" in from_django.headers["Cache-Control"]
    assert f"article-{story.pk}" in from_django.headers.get("xkey", "").split()
    assert "xkey" not in edge_site.edge.get(address).headers  # the keys are Varnish's only

    purge = edge_site.edge.get("/", method="PURGE", headers={"xkey-purge": f"article-{story.pk}"})
    assert purge.status == 200
    assert int(purge.headers["X-Purged"]) >= 1
    assert edge_site.edge.get(address).cache == "MISS"


# What the VCL does with any backend's headers, on a stand-in backend.


def test_only_answers_marked_for_shared_caches_are_kept(stand_in, edge):
    stand_in.pages = {
        "/public": (200, {"Cache-Control": "public, max-age=60"}, "public"),
        "/shared": (200, {"Cache-Control": "s-maxage=600"}, "shared"),
        "/unmarked": (200, {}, "no Cache-Control: a search, a filtered list"),
        "/private": (200, {"Cache-Control": "private, max-age=60"}, "private"),
        "/cookie": (200, PUBLIC | {"Set-Cookie": "sessionid=abc; HttpOnly"}, "cookie"),
    }
    assert twice(edge, "/public")[0] == ["MISS", "HIT"]
    assert twice(edge, "/shared")[0] == ["MISS", "HIT"]
    for path in ("/unmarked", "/private", "/cookie"):
        assert twice(edge, path)[0] == ["PASS", "PASS"], path
        assert stand_in.served[path] == 2, path
    assert stand_in.served["/public"] == stand_in.served["/shared"] == 1


def test_the_keys_stay_in_varnish_and_a_purge_by_key_is_immediate(stand_in, edge):
    stand_in.pages = {
        "/berita/a/": (200, PUBLIC | {"xkey": "frame published article-12"}, "article 12"),
        "/": (200, PUBLIC | {"xkey": "frame published article-12 article-13"}, "home"),
        "/berita/b/": (200, PUBLIC | {"xkey": "frame published article-13"}, "article 13"),
    }
    for path in stand_in.pages:
        caches, answer = twice(edge, path)
        assert caches == ["MISS", "HIT"]
        assert "xkey" not in answer.headers
    stand_in.pages["/berita/a/"] = (410, PUBLIC, "taken down")

    purge = edge.get("/", method="PURGE", headers={"xkey-purge": "article-12"})
    assert (purge.status, purge.headers["X-Purged"], purge.text) == (200, "2", "purged 2\n")
    # Hard: the article answers 410 now, not a stale copy while Varnish refreshes it.
    assert edge.get("/berita/a/").status == 410
    assert edge.get("/").cache == "MISS"
    assert edge.get("/berita/b/").cache == "HIT"
    # Several keys at once; and a key nothing carries purges nothing.
    purge = edge.get("/", method="PURGE", headers={"xkey-purge": "article-13 section-3"})
    assert purge.headers["X-Purged"] == "2"
    assert (
        edge.get("/", method="PURGE", headers={"xkey-purge": "tag-99"}).headers["X-Purged"] == "0"
    )


def test_only_the_app_servers_may_purge(stand_in, edge):
    stand_in.pages = {"/": (200, PUBLIC | {"xkey": "frame"}, "home")}
    assert twice(edge, "/")[0] == ["MISS", "HIT"]
    key = {"xkey-purge": "frame"}
    # Another address (loopback's 127.0.0.2 stands for any machine not in the ACL).
    assert edge.get("/", method="PURGE", headers=key, source="127.0.0.2").status == 403
    # From 127.0.0.1 but through another proxy, as from the TLS terminator in front.
    via_proxy = key | {"X-Forwarded-For": "203.0.113.9"}
    assert edge.get("/", method="PURGE", headers=via_proxy).status == 403
    assert edge.get("/", headers=key).cache == "HIT"  # a GET with the header purges nothing
    # A plain PURGE of an address forgets that page.
    assert edge.get("/", method="PURGE").status == 200
    assert edge.get("/").cache == "MISS"


def test_only_the_readers_language_cookie_reaches_the_backend(stand_in, edge):
    stand_in.pages = {"/": (200, PUBLIC | {"Vary": "Accept-Encoding"}, "home")}
    assert twice(edge, "/", headers={"Cookie": "_ga=1; csrftoken=x"})[0] == ["MISS", "HIT"]
    english = {"Cookie": "_ga=1; django_language=en; csrftoken=x"}
    assert twice(edge, "/", headers=english)[0] == ["MISS", "HIT"]
    made_up = {"Cookie": "django_language=xx-evil"}  # not a language of the site
    assert edge.get("/", headers=made_up).cache == "HIT"  # the site's own language's copy
    assert stand_in.cookies == [None, "django_language=en"]


def test_while_the_backend_is_down_expired_pages_are_served_for_a_day(stand_in, edge):
    stand_in.pages = {"/": (200, {"Cache-Control": "public, s-maxage=1"}, "home")}
    assert twice(edge, "/")[0] == ["MISS", "HIT"]
    kept_at = time.monotonic()
    stand_in.stop()
    wait_for_health(edge, "sick")
    # Past its second and past the few seconds of grace a healthy backend gets.
    time.sleep(max(0, kept_at + 7.5 - time.monotonic()))
    answer = edge.get("/")
    assert (answer.status, answer.text) == (200, "home")
    assert int(answer.headers["Age"]) >= 7  # the stale copy
    assert edge.get("/never-asked").status == 503


def test_while_the_backend_answers_an_expired_page_is_refreshed_within_seconds(stand_in, edge):
    def publish(text):
        stand_in.pages["/"] = (200, {"Cache-Control": "public, s-maxage=1"}, text)

    publish("first")
    assert edge.get("/").text == "first"
    publish("second")
    time.sleep(1.5)
    # Just expired: served at once, as Varnish fetches the new copy behind it...
    assert edge.get("/").text == "first"
    wait_for(lambda: edge.get("/").text == "second", "the new copy")
    # ...but expired for longer than a few seconds, it is fetched while the reader waits:
    # the day of grace is only for when Django is down.
    publish("third")
    time.sleep(6.5)
    assert edge.get("/").text == "third"


def wait_for(condition, what, seconds=15):
    for _ in range(seconds * 10):
        if condition():
            return
        time.sleep(0.1)
    pytest.fail(f"{what}: not within {seconds} seconds")


def wait_for_health(edge, state):
    """Until the health probe finds the backend `state` (sick: 3 failed probes, 1 a second)."""
    wait_for(
        lambda: edge.backend_health() == state, f"the backend {state}: {edge.admin('backend.list')}"
    )
