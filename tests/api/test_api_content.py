"""What the API shows: published content, as the pages show it, and nothing else."""

import pytest
from django.test import Client

from tests.api.newsroom_data import HIDDEN_TITLE
from tests.helpers import make_article

pytestmark = pytest.mark.django_db


def every_endpoint(newsroom):
    return [
        "/api/v1/articles/",
        f"/api/v1/articles/?rubrik={newsroom.section.slug}",
        f"/api/v1/articles/?tag={newsroom.tag.slug}",
        f"/api/v1/articles/?sumber={newsroom.source.slug}",
        f"/api/v1/articles/?sumber={newsroom.agency.slug}",
        f"/api/v1/articles/?penulis={newsroom.authors[1].slug}",
        "/api/v1/articles/?q=RAHASIA",
        "/api/v1/articles/?urut=terlama",
        f"/api/v1/articles/{newsroom.article.pk}/",
        f"/api/v1/articles/{newsroom.article.pk}/ninjs/",
        "/api/v1/sections/",
        "/api/v1/tags/",
        "/api/v1/sources/",
        "/api/v1/authors/",
        "/api/v1/topics/",
        f"/api/v1/topics/{newsroom.topic.slug}/",
        "/api/v1/most-read/",
        "/api/v1/most-read/?period=week",
        f"/api/v1/most-read/?rubrik={newsroom.section.slug}",
    ]


def test_nothing_unpublished_is_reachable_by_id_slug_or_list(newsroom):
    client = Client()
    for state, hidden in newsroom.hidden.items():
        for url in [
            f"/api/v1/articles/{hidden.pk}/",
            f"/api/v1/articles/{hidden.pk}/ninjs/",
            f"/api/v1/articles/{hidden.slug}/",
            f"/api/v1/topics/{hidden.slug}/",
        ]:
            response = client.get(url)
            assert response.status_code == 404, (state, url)
            assert response.json()["code"] == "not_found"
            assert HIDDEN_TITLE not in response.content.decode()
    for url in every_endpoint(newsroom):
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert HIDDEN_TITLE not in body, url
        for hidden in newsroom.hidden.values():
            assert f"/api/v1/articles/{hidden.pk}/" not in body, url
            assert f"/berita/{hidden.slug}/" not in body, url


def test_the_list_holds_the_published_articles_newest_first(newsroom):
    results = Client().get("/api/v1/articles/").json()["results"]
    assert [item["id"] for item in results] == [
        newsroom.reply.pk,
        newsroom.article.pk,
        newsroom.other.pk,
    ]
    oldest = Client().get("/api/v1/articles/", {"urut": "terlama"}).json()["results"]
    assert [item["id"] for item in oldest] == [item["id"] for item in reversed(results)]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"rubrik": "nasional"}, {"article", "other", "reply"}),
        ({"tag": "banjir"}, {"article", "other"}),
        ({"sumber": "antara"}, {"article"}),  # credited
        ({"sumber": "warta"}, {"article"}),  # origin
        ({"penulis": "siti"}, {"article"}),
        ({"q": "Tanggul"}, {"other"}),
        ({"rubrik": "tidak-ada"}, set()),
    ],
)
def test_the_filters_of_the_reader_list(newsroom, query, expected):
    results = Client().get("/api/v1/articles/", query).json()["results"]
    assert {item["id"] for item in results} == {getattr(newsroom, name).pk for name in expected}


def test_dates_filter_whole_days_in_jakarta(newsroom):
    day = newsroom.article.published_at.astimezone().date().isoformat()
    results = Client().get("/api/v1/articles/", {"dari": day, "sampai": day}).json()["results"]
    assert newsroom.article.pk in {item["id"] for item in results}
    none = Client().get("/api/v1/articles/", {"dari": "2001-01-01", "sampai": "2001-01-02"})
    assert none.json()["results"] == []


def test_the_detail_shows_everything_the_page_shows(newsroom):
    data = Client().get(f"/api/v1/articles/{newsroom.article.pk}/").json()
    assert data["title"] == "Banjir melanda Jakarta"
    assert data["lead"] == "Hujan semalam merendam ratusan rumah."
    assert data["dateline"] == "JAKARTA (WARTA)"
    assert data["body"].startswith("<p>Paragraf satu.</p>")
    assert [author["name"] for author in data["bylines"]] == ["Budi", "Siti Aminah"]
    assert data["section"]["slug"] == "nasional"
    assert [tag["slug"] for tag in data["tags"]] == ["banjir"]
    assert data["source"]["slug"] == "warta"
    assert [source["slug"] for source in data["credited_sources"]] == ["antara"]
    assert [label["code"] for label in data["labels"]] == ["opinion", "unverified"]
    image = data["image"]
    assert (image["caption"], image["credit"]) == ("Banjir di Bekasi", "Foto: Antara")
    assert image["renditions"] and image["renditions"][0]["url"].startswith("http://testserver/")
    # The link to a draft and the empty slot are not shown; the others in reading order.
    related = data["related"]
    assert [(link["after_paragraph"], link["title"]) for link in related] == [
        (1, "Tanggul jebol"),
        (2, "Cerita dari luar"),
    ]
    assert related[0]["article"]["id"] == newsroom.other.pk
    assert related[1]["url"] == "https://luar.example/cerita" and related[1]["article"] is None
    corrections = data["corrections"]
    assert [entry["kind"] for entry in corrections] == ["correction", "reply", "reply"]
    assert corrections[1]["reply"]["id"] == newsroom.reply.pk
    assert corrections[2]["reply"] is None  # its reply article is not published
    reply = Client().get(f"/api/v1/articles/{newsroom.reply.pk}/").json()
    assert reply["reply_to"]["id"] == newsroom.article.pk


def test_cursor_pages_walk_the_whole_list_once(newsroom):
    for number in range(7):
        make_article(title=f"Tambahan {number}")
    client, seen, url = Client(), [], "/api/v1/articles/?limit=3"
    while url:
        page = client.get(url).json()
        assert len(page["results"]) <= 3
        seen += [item["id"] for item in page["results"]]
        url = page["next"]
    assert len(seen) == len(set(seen)) == 10


def test_taxonomy_and_topics(newsroom):
    client = Client()
    assert [s["slug"] for s in client.get("/api/v1/sections/").json()] == ["nasional"]
    tags = client.get("/api/v1/tags/").json()
    assert [t["slug"] for t in tags["results"]] == ["banjir"]
    authors = client.get("/api/v1/authors/?limit=1").json()
    assert [a["slug"] for a in authors["results"]] == ["budi"] and authors["next"]
    assert client.get(authors["next"]).json()["results"][0]["slug"] == "siti"
    assert client.get("/api/v1/sources/antara/").json()["kind"] == "agency"
    topic = client.get(f"/api/v1/topics/{newsroom.topic.slug}/").json()
    assert {a["id"] for a in topic["articles"]} == {newsroom.article.pk, newsroom.other.pk}


def test_most_read_counts_only_published_articles(newsroom):
    data = Client().get("/api/v1/most-read/").json()
    assert [(entry["article"]["id"], entry["views"]) for entry in data] == [
        (newsroom.article.pk, 50)
    ]
