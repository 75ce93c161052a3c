"""Hostile query strings and paths on every public surface: never a 5xx, never a leak."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Topic
from tests.helpers import make_article, make_author, make_section, make_source, make_tag
from tests.security.hostile import (
    HOSTILE_PARAMETERS,
    HOSTILE_VALUES,
    REFLECTED_MARKERS,
    SINGLE_PARAMETER_VALUES,
)

pytestmark = pytest.mark.django_db

SECRET_TITLE = "DRAF RAHASIA JANGAN BOCOR"


@pytest.fixture
def surfaces(db):
    section = make_section(slug="nasional")
    tag = make_tag(slug="banjir")
    source = make_source(slug="antara")
    author = make_author(slug="siti-aminah")
    article = make_article(section=section, source=source, tags=[tag], authors=[author])
    draft = make_article(
        title=SECRET_TITLE,
        status=Article.Status.DRAFT,
        published_at=None,
        section=section,
        tags=[tag],
        authors=[author],
    )
    Topic.objects.create(title="Pemilu", slug="pemilu").articles.add(article, draft)
    return [
        "/",
        "/berita/",
        article.get_absolute_url(),
        "/rubrik/nasional/",
        "/tag/banjir/",
        "/sumber/antara/",
        "/penulis/siti-aminah/",
        "/cari/",
        "/indeks/",
        "/topik/pemilu/",
        "/topik/pemilu/feed/",
        f"/indeks/{timezone.localdate():%Y/%m/%d}/",
        "/feed/",
        "/feed/atom/",
        "/rubrik/nasional/feed/",
        "/tag/banjir/feed/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/sitemap-articles.xml",
        "/robots.txt",
        f"/pratinjau/{draft.pk}/",
        "/admin/login/",
        "/bahasa/",
        # The public API: its errors are JSON (400 for a bad value), never a 500.
        "/api/v1/articles/",
        f"/api/v1/articles/{article.pk}/",
        f"/api/v1/articles/{draft.pk}/ninjs/",
        "/api/v1/tags/",
        "/api/v1/topics/pemilu/",
        "/api/v1/most-read/",
    ]


def assert_safe(response, url, description):
    assert response.status_code < 500, f"{url} {description}: {response.status_code}"
    body = response.content.decode("utf-8", "replace")
    for marker in REFLECTED_MARKERS:
        assert marker not in body, f"{url} {description} reflects input unescaped"
    assert SECRET_TITLE not in body, f"{url} {description} shows a draft"


def test_every_surface_survives_every_hostile_parameter(surfaces):
    client = Client()
    filters = [name for name in HOSTILE_PARAMETERS if name != "page"]
    for url in surfaces:
        for value in HOSTILE_VALUES:
            # Every filter at once (a bad page number alone would stop the list early)...
            response = client.get(url, dict.fromkeys(filters, value))
            assert_safe(response, url, f"filters={value[:30]!r}")
            # ...then the page number on its own.
            response = client.get(url, {"page": value})
            assert_safe(response, url, f"page={value[:30]!r}")
        # One bad value can hide another (an invalid date stops the query), so the worst
        # values also go into each parameter alone.
        for name in HOSTILE_PARAMETERS:
            for value in SINGLE_PARAMETER_VALUES:
                response = client.get(url, {name: value})
                assert_safe(response, url, f"{name}={value[:30]!r}")


def test_lookups_across_relations_are_ignored_not_applied(surfaces):
    client = Client()
    plain = client.get("/berita/")
    crafted = client.get("/berita/", {"penulis__user__is_superuser": "1", "status": "draft"})
    assert [a.pk for a in crafted.context["articles"]] == [a.pk for a in plain.context["articles"]]


def test_hostile_path_segments_are_not_found(surfaces):
    client = Client()
    for path in [
        "/berita/%27%20OR%201%3D1/",
        "/tag/..%2F..%2Fetc%2Fpasswd/",
        "/rubrik/%00/",
        "/penulis/%F0%9F%8C%8A/",
        "/sumber/" + "x" * 5000 + "/",
        "/berita/<script>/",
        "/sitemap-%3Cscript%3E.xml",
        "/pratinjau/99999999999999999999/",
        "/api/v1/articles/99999999999999999999/",
        "/api/v1/tags/%00/",
        "/api/v1/authors/" + "x" * 5000 + "/",
    ]:
        response = client.get(path)
        assert response.status_code in (400, 404), path
        assert_safe(response, path, "path")


def test_invalid_utf8_in_a_query_is_harmless(surfaces):
    client = Client()
    for url in ["/berita/", "/cari/", "/feed/"]:
        response = client.get(f"{url}?q=%FF%FE%FD&rubrik=%C0%AF")
        assert_safe(response, url, "invalid UTF-8")


def test_more_than_a_thousand_parameters_is_a_bad_request(surfaces):
    query = "&".join(f"p{number}=1" for number in range(1001))
    for url in ["/", "/berita/", "/cari/", "/feed/"]:
        assert Client().get(f"{url}?{query}").status_code == 400


def test_a_huge_search_costs_no_more_than_a_small_one(surfaces):
    client = Client()
    with CaptureQueriesContext(connection) as small:
        client.get("/cari/", {"q": "banjir"})
    with CaptureQueriesContext(connection) as huge:
        client.get("/cari/", {"q": "banjir " * 2000})
    assert len(huge) <= len(small)
    assert max(len(q["sql"]) for q in huge) < 5000


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/\\evil.example"])
def test_login_and_language_switch_follow_only_same_host_relative_targets(
    surfaces, target, admin_user
):
    client = Client()
    response = client.post("/i18n/setlang/", {"language": "en", "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"

    page = client.get("/bahasa/", {"next": target})
    assert f'value="{target}"' not in page.content.decode()

    admin_user.set_password("kata-sandi-yang-kuat-123")
    admin_user.save()
    login = client.post(
        f"/admin/login/?next={target}",
        {"username": admin_user.username, "password": "kata-sandi-yang-kuat-123", "next": target},
        REMOTE_ADDR="127.0.0.9",
    )
    assert login.status_code == 302
    assert "evil.example" not in login["Location"]
