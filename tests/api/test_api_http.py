"""The API over HTTP: query budgets, conditional requests, the same caches and keys as the
pages, rate limits, CORS and JSON errors."""

import pytest
from django.test import Client

from api.throttling import ClientAddressThrottle
from tests.helpers import make_article, make_author, make_image, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def page_cache(settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_EDGE_MAX_AGE = 3600
    settings.NEWSROOM_KEY_HEADERS = ["xkey"]


def many_articles(count):
    tags = [make_tag() for _ in range(3)]
    authors = [make_author() for _ in range(2)]
    image = make_image()
    return [make_article(tags=tags, authors=authors, featured_image=image) for _ in range(count)]


@pytest.mark.parametrize("limit", [1, 20, 100])
def test_a_list_costs_four_queries_at_most_at_any_size(
    limit, django_assert_max_num_queries, client
):
    many_articles(25)
    client.get("/api/v1/sections/")  # the next scheduled time, read once (see below)
    for query in [
        {"limit": limit},
        {"limit": limit, "tag": "tag-1", "sumber": "x", "penulis": "y", "dari": "2020-01-01"},
        {"limit": limit, "q": "berita"},
    ]:
        with django_assert_max_num_queries(4):
            response = client.get("/api/v1/articles/", query)
        assert response.status_code == 200
    assert len(client.get("/api/v1/articles/", {"limit": limit}).json()["results"]) == min(
        limit, 25
    )


def test_a_detail_costs_six_queries_at_most(newsroom, django_assert_max_num_queries, client):
    # Once the next scheduled time is known: every page reads it once per change of the
    # schedule (`caching.schedule`), then from the cache.
    client.get("/api/v1/sections/")
    for url in [
        f"/api/v1/articles/{newsroom.article.pk}/",
        f"/api/v1/articles/{newsroom.article.pk}/ninjs/",
    ]:
        with django_assert_max_num_queries(6):
            assert client.get(url).status_code == 200
    with django_assert_max_num_queries(4):
        assert client.get(f"/api/v1/topics/{newsroom.topic.slug}/").status_code == 200


def test_conditional_requests_are_answered_304(newsroom, page_cache, client):
    url = f"/api/v1/articles/{newsroom.article.pk}/"
    first = client.get(url)
    assert first["ETag"] and first["Last-Modified"]
    again = client.get(url, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304 and again.content == b""
    since = client.get(url, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    # A list not kept by the page cache (a cursor page, a filter) is answered 304 too.
    filtered = client.get("/api/v1/articles/", {"tag": newsroom.tag.slug})
    assert (
        client.get(
            "/api/v1/articles/",
            {"tag": newsroom.tag.slug},
            headers={"If-None-Match": filtered["ETag"]},
        ).status_code
        == 304
    )


def test_answers_carry_the_pages_keys_and_are_kept_and_purged_like_pages(
    newsroom, page_cache, client, django_assert_num_queries
):
    url = f"/api/v1/articles/{newsroom.article.pk}/"
    first = client.get(url)
    keys = set(first["xkey"].split())
    assert {f"article-{newsroom.article.pk}", f"section-{newsroom.section.pk}"} <= keys
    assert f"image-{newsroom.image.pk}" in keys and f"tag-{newsroom.tag.pk}" in keys
    assert f"article-{newsroom.hidden['draft'].pk}" in keys  # its link shows once published
    assert "public" in first["Cache-Control"] and "s-maxage=3600" in first["Cache-Control"]
    with django_assert_num_queries(0):
        assert client.get(url).content == first.content
    newsroom.article.title = "Banjir surut di Jakarta"
    newsroom.article.save()
    assert client.get(url).json()["title"] == "Banjir surut di Jakarta"
    assert client.get("/api/v1/articles/").json()["results"][1]["title"] == (
        "Banjir surut di Jakarta"
    )
    listed = client.get("/api/v1/articles/")
    assert "published" in listed["xkey"].split()


def test_a_new_tag_shows_in_the_kept_list_of_tags(newsroom, page_cache, client):
    assert [t["slug"] for t in client.get("/api/v1/tags/").json()["results"]] == ["banjir"]
    make_tag(slug="gempa")
    assert [t["slug"] for t in client.get("/api/v1/tags/").json()["results"]] == [
        "banjir",
        "gempa",
    ]


def test_too_many_requests_from_one_address_are_refused_in_json(monkeypatch, db):
    monkeypatch.setattr(ClientAddressThrottle, "THROTTLE_RATES", {"api": "3/min"})
    client = Client(REMOTE_ADDR="203.0.113.7")
    statuses = [client.get("/api/v1/sections/").status_code for _ in range(4)]
    assert statuses == [200, 200, 200, 429]
    refused = client.get("/api/v1/sections/")
    assert refused.json()["code"] == "throttled"
    assert int(refused["Retry-After"]) > 0
    # Another address is counted apart; one claimed in a header we do not trust is not.
    assert Client(REMOTE_ADDR="203.0.113.8").get("/api/v1/sections/").status_code == 200
    spoofed = Client(REMOTE_ADDR="203.0.113.7", HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert spoofed.get("/api/v1/sections/").status_code == 429


def test_any_origin_may_read_it(newsroom, client):
    response = client.get("/api/v1/articles/", headers={"Origin": "https://aplikasi.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert "ETag" in response["Access-Control-Expose-Headers"]
    preflight = client.options(
        "/api/v1/articles/",
        headers={"Origin": "https://a.example", "Access-Control-Request-Method": "GET"},
    )
    assert preflight.status_code == 204
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert "If-None-Match" in preflight["Access-Control-Allow-Headers"]
    assert "Access-Control-Allow-Origin" not in client.get("/berita/")


def test_errors_are_json_in_the_language_asked_for(newsroom, client):
    english = client.get(
        "/api/v1/articles/", {"dari": "kemarin"}, headers={"Accept-Language": "en"}
    )
    assert english.status_code == 400
    assert english["Content-Type"].startswith("application/json")
    assert english.json()["errors"] == {"dari": ["Enter a valid date."]}
    assert english["Content-Language"] == "en" and "no-store" in english["Cache-Control"]
    indonesian = client.get("/api/v1/articles/", {"dari": "kemarin"})
    assert indonesian.json()["errors"] == {"dari": ["Masukkan tanggal yang valid."]}
    assert indonesian["Content-Language"] == "id"
    limit = client.get("/api/v1/articles/", {"limit": "500"}, headers={"Accept-Language": "en"})
    assert limit.json()["errors"] == {"limit": ["Give a whole number from 1 to 100."]}
    missing = client.get("/api/v1/tidak-ada/")
    assert missing.status_code == 404 and missing.json()["code"] == "not_found"
    written = client.post("/api/v1/articles/", {"title": "x"})
    assert written.status_code == 405 and written.json()["status"] == 405


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ({"limit": "1000"}, "limit"),
        ({"limit": "0"}, "limit"),
        ({"limit": "-5"}, "limit"),
        ({"limit": "１２"}, "limit"),
        ({"cursor": "bukan-kursor"}, "cursor"),
        ({"cursor": "a\x00b"}, "cursor"),
        ({"cursor": "x" * 10_000}, "cursor"),
        ({"dari": "2020-02-31"}, "dari"),
        ({"rubrik": "a\x00b"}, "rubrik"),
        ({"urut": "acak"}, "urut"),
        ({"tag": ["a", "b", "c", "d", "e", "f"]}, "tag"),
    ],
)
def test_hostile_values_are_a_400_naming_the_parameter(newsroom, client, query, parameter):
    response = client.get("/api/v1/articles/", query)
    assert response.status_code == 400
    assert parameter in response.json()["errors"]


def test_a_cursor_of_another_order_is_refused(newsroom, client):
    many_articles(3)
    page = client.get("/api/v1/articles/", {"limit": 1}).json()
    cursor = page["next"].split("cursor=")[1].split("&")[0]
    assert client.get("/api/v1/tags/", {"cursor": cursor}).status_code == 400
    assert client.get("/api/v1/articles/", {"cursor": cursor, "urut": "terlama"}).status_code == 400


@pytest.fixture
def data_cache(settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300


def test_answers_are_kept_in_the_data_cache_until_what_they_show_changes(
    newsroom, data_cache, client, django_assert_max_num_queries
):
    detail = f"/api/v1/articles/{newsroom.article.pk}/"
    first = client.get(detail).json()
    with django_assert_max_num_queries(0):
        assert client.get(detail).json() == first
    newsroom.other.title = "Tanggul diperbaiki"  # named in a Baca Juga box
    newsroom.other.save()
    assert client.get(detail).json()["related"][0]["title"] == "Tanggul diperbaiki"
    # A list is kept once asked for twice; a new article shows at once.
    client.get("/api/v1/articles/", {"limit": 2})
    kept = client.get("/api/v1/articles/", {"limit": 2}).json()
    with django_assert_max_num_queries(0):
        assert client.get("/api/v1/articles/", {"limit": 2}).json() == kept
    make_article(title="Kabar terbaru")
    assert client.get("/api/v1/articles/", {"limit": 2}).json()["results"][0]["title"] == (
        "Kabar terbaru"
    )


def test_an_address_without_its_slash_is_sent_to_the_one_with_it(db, client):
    response = client.get("/api/v1/articles")
    assert response.status_code == 301 and response["Location"] == "/api/v1/articles/"
    assert client.get("/api/v1/nothing").status_code == 301
    assert client.get("/api/v1/nothing/").json()["code"] == "not_found"
