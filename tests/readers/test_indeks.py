"""Indeks: yesterday's news found by its date, in Jakarta time, newest first."""

import datetime
import zoneinfo

import pytest
from django.core.cache import caches
from django.utils import timezone

from articles.models import Article
from tests.helpers import make_article, make_section

pytestmark = pytest.mark.django_db
JAKARTA = zoneinfo.ZoneInfo("Asia/Jakarta")


def at(day, hour, minute=0):
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=JAKARTA)


def day_url(day):
    return f"/indeks/{day:%Y/%m/%d}/"


def titles(response):
    return [article.title for article in response.context["articles"]]


@pytest.fixture
def days():
    today = timezone.localdate()
    return today - datetime.timedelta(days=3), today - datetime.timedelta(days=2), today


def test_a_day_lists_its_articles_by_jakarta_time_newest_first(client, days):
    first, second, _today = days
    make_article(title="Awal Hari", published_at=at(first, 0, 0))
    make_article(title="Menjelang Tengah Malam", published_at=at(first, 23, 59))
    make_article(title="Siang Hari", published_at=at(first, 12, 30))
    make_article(title="Lewat Tengah Malam", published_at=at(second, 0, 0))

    response = client.get(day_url(first))

    assert response.status_code == 200
    assert titles(response) == ["Menjelang Tengah Malam", "Siang Hari", "Awal Hari"]
    page = response.content.decode()
    assert "23.59 WIB" in page  # the time of day on each card, not "3 hari yang lalu"
    assert titles(client.get(day_url(second))) == ["Lewat Tengah Malam"]


def test_only_published_articles_are_listed(client, days):
    first, _second, today = days
    make_article(title="Terbit", published_at=at(first, 8))
    make_article(title="Konsep", status=Article.Status.DRAFT, published_at=at(first, 9))
    make_article(
        title="Diturunkan",
        published_at=at(first, 10),
        taken_down_at=timezone.now(),
        takedown_reason="Perintah pengadilan",
    )
    later = timezone.now() + datetime.timedelta(hours=2)
    make_article(title="Terjadwal", published_at=later)

    assert titles(client.get(day_url(first))) == ["Terbit"]
    assert "Terjadwal" not in titles(client.get("/indeks/"))


def test_days_ahead_and_before_the_first_article_are_not_found(client, days):
    first, _second, today = days
    make_article(published_at=at(first, 8))

    assert client.get(day_url(today + datetime.timedelta(days=1))).status_code == 404
    assert client.get(day_url(first - datetime.timedelta(days=1))).status_code == 404
    assert client.get("/indeks/2025/02/30/").status_code == 404
    assert client.get("/indeks/2025/2/3/").status_code == 404
    assert client.get(day_url(first)).status_code == 200


def test_today_without_news_yet_says_so(client):
    response = client.get("/indeks/")
    assert response.status_code == 200
    assert "Belum ada berita yang terbit hari ini." in response.content.decode()


def test_days_link_to_the_day_before_and_after(client, days):
    first, second, today = days
    make_article(published_at=at(first, 8))

    page = client.get(day_url(second)).content.decode()
    assert f'href="{day_url(first)}" rel="prev"' in page
    assert f'href="{day_url(today - datetime.timedelta(days=1))}" rel="next"' in page
    first_page = client.get(day_url(first)).content.decode()
    assert 'rel="prev"' not in first_page
    assert 'rel="next"' not in client.get("/indeks/").content.decode()


def test_a_day_filtered_by_section_and_a_section_that_is_none(client, days):
    first, _second, _today = days
    nasional, olahraga = make_section(slug="nasional"), make_section(slug="olahraga")
    make_article(title="Sidang Kabinet", section=nasional, published_at=at(first, 9))
    make_article(title="Final Liga", section=olahraga, published_at=at(first, 20))

    assert titles(client.get(day_url(first), {"rubrik": "olahraga"})) == ["Final Liga"]
    page = client.get(day_url(first), {"rubrik": "olahraga"}).content.decode()
    assert f'href="{day_url(first + datetime.timedelta(days=1))}?rubrik=olahraga"' in page

    response = client.get(day_url(first), {"rubrik": "<b>tidak-ada</b>"})
    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and "<b>tidak-ada</b>" not in page
    assert titles(response) == []


def test_the_date_picker_works_without_javascript(client, days):
    first, _second, today = days
    make_section(slug="nasional")
    make_article(published_at=at(first, 8))

    response = client.get("/indeks/", {"tanggal": first.isoformat(), "rubrik": "nasional"})
    assert response.status_code == 302
    assert response["Location"] == f"{day_url(first)}?rubrik=nasional"

    page = client.get("/indeks/").content.decode()
    assert 'type="date" name="tanggal"' in page
    assert f'min="{first:%Y-%m-%d}" max="{today:%Y-%m-%d}"' in page


@pytest.mark.parametrize("asked", ["kemarin", "2025-13-01", "9999-01-01", "1900-01-01"])
def test_a_date_the_index_cannot_show_is_a_clear_error_on_today(client, days, asked):
    first, _second, _today = days
    make_article(title="Hari Ini", published_at=timezone.now() - datetime.timedelta(minutes=5))
    make_article(published_at=at(first, 8))

    response = client.get("/indeks/", {"tanggal": asked})

    assert response.status_code == 200
    page = response.content.decode()
    assert 'role="alert"' in page and 'aria-invalid="true"' in page
    assert titles(response) == ["Hari Ini"]


def test_a_busy_day_is_paginated(client, days):
    first, _second, _today = days
    for minute in range(120):
        make_article(published_at=at(first, 6) + datetime.timedelta(minutes=minute))

    first_page, last_page = client.get(day_url(first)), client.get(day_url(first), {"page": 3})

    assert len(titles(first_page)) == 50 and len(titles(last_page)) == 20
    assert "120 artikel" in first_page.content.decode()
    assert client.get(day_url(first), {"page": 4}).status_code == 404


def test_a_day_costs_five_queries_at_most_at_any_length(
    client, days, settings, django_assert_max_num_queries
):
    first, _second, _today = days
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # as readers are served
    caches["readers"].clear()
    client.get("/indeks/")  # the frame and the first day are kept from here on
    for length in (10, 60):
        for minute in range(length - Article.objects.count()):
            make_article(published_at=at(first, 6) + datetime.timedelta(minutes=minute))
        with django_assert_max_num_queries(5):
            response = client.get(day_url(first), {"page": 2 if length > 50 else 1})
        assert len(titles(response)) == 10
    caches["readers"].clear()


def test_the_index_says_what_it_is_to_crawlers(client, days):
    first, _second, _today = days
    make_section(slug="nasional")
    make_article(published_at=at(first, 8))

    page = client.get(day_url(first)).content.decode()
    assert '"@type": "CollectionPage"' in page
    assert f'<link rel="canonical" href="http://testserver{day_url(first)}">' in page
    filtered = client.get(day_url(first), {"rubrik": "nasional"}).content.decode()
    assert '<meta name="robots" content="noindex, follow">' in filtered


def test_every_page_links_to_the_index(client):
    make_article()
    assert 'href="/indeks/"' in client.get("/").content.decode()
