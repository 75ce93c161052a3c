"""Who may read a replica, and the mark a write leaves, through Django's test client and a
real varnishd in front of a stand-in site (both databases; the real replica's tests are in
test_read_replicas.py)."""

import json

import pytest
from django.test import RequestFactory

from articles.models import Article
from newsroom.replicas import WROTE_COOKIE, ReplicaRouter, may_read_replica
from tests.fresh_process import PRODUCTION, run
from tests.helpers import make_article
from tests.varnish import StandInSite, request, varnish


@pytest.mark.parametrize(
    ("method", "cookies", "replica"),
    [
        ("GET", {}, True),
        ("HEAD", {"django_language": "en", "csrftoken": "x"}, True),
        ("GET", {"sessionid": "abc"}, False),  # logged in: always the primary
        ("GET", {WROTE_COOKIE: "1"}, False),  # just wrote
        ("POST", {}, False),
        ("OPTIONS", {}, False),
    ],
)
def test_only_anonymous_readers_who_did_not_just_write_may_read_a_replica(method, cookies, replica):
    asked = RequestFactory().generic(method, "/berita/")
    asked.COOKIES = cookies
    assert may_read_replica(asked) is replica


def test_outside_a_readers_request_everything_uses_the_primary():
    router = ReplicaRouter()
    # Management commands, the task worker, tests: no request chose a replica.
    assert router.db_for_read(Article) == "default"
    assert router.db_for_write(Article) == "default"
    assert router.allow_migrate("default", "articles")
    assert not router.allow_migrate("replica1", "articles")


@pytest.mark.django_db
def test_a_write_marks_the_visitor_for_a_few_seconds(client, settings):
    assert WROTE_COOKIE not in client.get("/").cookies
    answer = client.post("/i18n/setlang/", {"language": "id", "next": "/"})
    mark = answer.cookies[WROTE_COOKIE]
    assert mark["max-age"] == 10
    assert mark["httponly"]
    assert mark["samesite"] == "Lax"
    assert not mark["secure"]
    # Even a write that is refused (no CSRF token) was a write the visitor may look for.
    settings.HTTPS = True
    refused = client.post("/admin/login/", {"username": "x", "password": "y"}, secure=True)
    assert refused.cookies[WROTE_COOKIE]["secure"]
    settings.NEWSROOM_PRIMARY_AFTER_WRITE_SECONDS = 0
    assert WROTE_COOKIE not in client.post("/i18n/setlang/", {"language": "id"}).cookies


@pytest.mark.django_db
def test_who_just_wrote_gets_pages_made_now_and_kept_by_no_cache(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    story = make_article(title="Harga Cabai Turun")
    address = story.get_absolute_url()
    assert "Harga Cabai Turun" in client.get(address).text  # kept
    # Changed behind the caches' back (no signal moves its keys): readers get the kept page.
    Article.objects.filter(pk=story.pk).update(title="Harga Cabai Naik")
    assert "Harga Cabai Turun" in client.get(address).text
    client.cookies[WROTE_COOKIE] = "1"
    fresh = client.get(address)
    assert "Harga Cabai Naik" in fresh.text
    assert "private" in fresh["Cache-Control"]
    assert "no-cache" in fresh["Cache-Control"]


@pytest.mark.slow
def test_varnish_passes_who_just_wrote_to_django(tmp_path):
    site = StandInSite()
    public = {"Cache-Control": "public, max-age=60, s-maxage=600"}
    site.pages = {"/": (200, public, "home")}
    try:
        with varnish(site.port, tmp_path) as edge:
            assert [edge.get("/").cache for _ in range(2)] == ["MISS", "HIT"]
            wrote = {"Cookie": f"csrftoken=x; {WROTE_COOKIE}=1"}
            assert [edge.get("/", headers=wrote).cache for _ in range(2)] == ["PASS", "PASS"]
            assert site.served["/"] == 3
            assert WROTE_COOKIE in site.cookies[-1]  # Django sees it, and reads the primary
            assert request(edge.url, "/").cache == "HIT"  # the readers' copy stays
    finally:
        site.stop()


REPLICA_SETTINGS = """
import json
from django.conf import settings
print(json.dumps({
    alias: [db["HOST"], db["PORT"], db["TEST"].get("MIRROR"), db["OPTIONS"]]
    for alias, db in settings.DATABASES.items() if alias != "default"
} | {"routers": settings.DATABASE_ROUTERS}))
"""


@pytest.mark.slow
def test_each_replica_url_is_a_database_the_router_reads():
    urls = "postgres://a@10.0.0.2:5432/berita,postgres://a@10.0.0.3:5433/berita"
    found = json.loads(run(REPLICA_SETTINGS, **PRODUCTION, DATABASE_REPLICA_URLS=urls).stdout)
    assert found == {
        "replica1": ["10.0.0.2", 5432, "default", {"connect_timeout": 2}],
        "replica2": ["10.0.0.3", 5433, "default", {"connect_timeout": 2}],
        "routers": ["newsroom.replicas.ReplicaRouter"],
    }
    assert json.loads(run(REPLICA_SETTINGS, **PRODUCTION).stdout) == {"routers": []}
