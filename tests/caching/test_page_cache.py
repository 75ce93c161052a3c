"""Anonymous readers are served from the page cache, which never shows stale news."""

import time
from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from articles.models import Article
from tests.helpers import make_article


def test_a_repeated_anonymous_request_is_served_without_the_database(
    page_cache, story, client, django_assert_num_queries
):
    first = client.get("/")
    assert first.status_code == 200
    with django_assert_num_queries(0):
        again = client.get("/")
    assert again.content == first.content


def test_editing_an_article_shows_at_once(page_cache, story, client):
    assert "Harga Cabai Turun" in client.get(story.get_absolute_url()).content.decode()
    client.get("/")
    story.title = "Harga Cabai Turun Tajam"
    story.save()
    assert "Harga Cabai Turun Tajam" in client.get(story.get_absolute_url()).content.decode()
    assert "Harga Cabai Turun Tajam" in client.get("/").content.decode()


def test_publishing_and_unpublishing_show_at_once(page_cache, story, client):
    draft = make_article(
        title="Kabar Baru Pagi Ini", status=Article.Status.DRAFT, published_at=None
    )
    assert "Kabar Baru Pagi Ini" not in client.get("/").content.decode()

    draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
    draft.save()
    assert "Kabar Baru Pagi Ini" in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 200

    draft.status, draft.published_at = Article.Status.DRAFT, None
    draft.save()
    assert "Kabar Baru Pagi Ini" not in client.get("/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


@pytest.mark.slow
def test_a_scheduled_article_appears_when_its_time_comes(page_cache, story, client):
    make_article(title="Terbit Sebentar Lagi", published_at=timezone.now() + timedelta(seconds=1))
    assert "Terbit Sebentar Lagi" not in client.get("/").content.decode()
    time.sleep(1.2)
    assert "Terbit Sebentar Lagi" in client.get("/").content.decode()


def test_logged_in_staff_bypass_the_cache(page_cache, story, client, admin_user):
    client.get("/")
    client.force_login(admin_user)
    Article.objects.filter(pk=story.pk).update(title="Diubah Tanpa Sinyal")
    response = client.get("/")
    assert "Diubah Tanpa Sinyal" in response.content.decode()
    assert "private" in response["Cache-Control"]


def test_each_language_is_cached_apart(page_cache, story, client):
    assert '<html lang="id">' in client.get("/").content.decode()
    client.cookies["django_language"] = "en"
    assert '<html lang="en">' in client.get("/").content.decode()


def test_filtered_lists_and_searches_are_rendered_every_time(page_cache, story, client):
    for address in ["/berita/?q=ringkasan", "/berita/?rubrik=apa-saja", "/cari/?q=ringkasan"]:
        client.get(address)
    # An update() sends no signal, so only a page rendered afresh can show it.
    Article.objects.filter(pk=story.pk).update(title="Tanpa Sinyal")
    assert "Tanpa Sinyal" in client.get("/berita/?q=ringkasan").content.decode()
    assert "Tanpa Sinyal" in client.get("/cari/?q=ringkasan").content.decode()


def test_cached_pages_tell_browsers_and_cdns_how_long_to_keep_them(page_cache, story, client):
    client.get("/")
    response = client.get("/")
    assert "public" in response["Cache-Control"]
    assert "max-age=60" in response["Cache-Control"]
    assert "stale-while-revalidate=300" in response["Cache-Control"]
    assert "Cookie" in response["Vary"]
    assert response["ETag"] and response["Last-Modified"]


def test_conditional_requests_get_304_without_rendering(
    page_cache, story, client, django_assert_num_queries
):
    first = client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        by_tag = client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"])
        by_date = client.get(
            story.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]
        )
    assert by_tag.status_code == 304
    assert by_date.status_code == 304
    story.title = "Judul Berubah"
    story.save()
    assert client.get(story.get_absolute_url(), HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 200


def test_the_site_keeps_serving_when_the_cache_server_is_down(settings, story, client, caplog):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",  # nothing listens on the discard port
            "OPTIONS": {"IGNORE_EXCEPTIONS": True, "SOCKET_CONNECT_TIMEOUT": 0.2},
        }
    }
    for _ in range(2):
        response = client.get(story.get_absolute_url())
        assert response.status_code == 200
        assert "Harga Cabai Turun" in response.content.decode()
    assert any(
        "redis" in record.getMessage().lower() or record.exc_info for record in caplog.records
    )


def test_pages_are_served_compressed_to_browsers_that_accept_it(page_cache, story, client):
    plain = client.get(story.get_absolute_url())
    compressed = client.get(story.get_absolute_url(), HTTP_ACCEPT_ENCODING="gzip, br")
    assert compressed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert len(compressed.content) < len(plain.content) / 2
    # The cached compressed copy is not handed to a client that cannot read it.
    assert client.get(story.get_absolute_url()).content == plain.content


def test_a_list_is_counted_once_until_its_content_changes(
    settings, story, client, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 0  # rendered every time; only the count is kept
    first = client.get("/berita/")
    assert first.context["paginator"].count == 1
    # The frame's sections, static pages and breaking-news banner, the page of articles,
    # their authors (on PostgreSQL read with the page's rows).
    with django_assert_num_queries(4 if connection.vendor == "postgresql" else 5):
        again = client.get("/berita/?page=1")
    assert again.context["paginator"].count == 1
    make_article(title="Satu Lagi")
    assert client.get("/berita/").context["paginator"].count == 2
    # A search is counted afresh each time.
    client.get("/berita/?q=ringkasan")
    Article.objects.filter(pk=story.pk).update(lead="tanpa kata itu")
    assert client.get("/berita/?q=ringkasan").context["paginator"].count == 1


def test_a_page_from_the_cache_keeps_every_security_header(
    page_cache, story, client, django_assert_num_queries
):
    rendered = client.get(story.get_absolute_url())
    with django_assert_num_queries(0):
        cached = client.get(story.get_absolute_url())
    for header in [
        "Content-Security-Policy",
        "X-Content-Type-Options",
        "X-Frame-Options",
        "Referrer-Policy",
        "Cross-Origin-Opener-Policy",
        "Content-Language",
    ]:
        assert cached[header] == rendered[header]


def test_a_query_the_cache_does_not_keep_still_meets_the_parameter_limit(page_cache, client, db):
    flood = "&".join(f"p{number}=1" for number in range(1200))
    assert client.get(f"/?{flood}").status_code == 400
    assert client.get("/?page=1&" + flood).status_code == 400


def test_a_plain_http_request_is_redirected_even_when_the_page_is_cached(
    page_cache, story, client, settings
):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get(story.get_absolute_url(), secure=True).status_code == 200
    assert client.get(story.get_absolute_url(), secure=True).status_code == 200  # from the cache

    response = client.get(story.get_absolute_url())

    assert response.status_code == 301
    assert response["Location"].startswith("https://")
