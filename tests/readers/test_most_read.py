"""Terpopuler: visits counted without cookies or addresses, bots and staff left out, the
most read of 24 hours and 7 days, and never an article readers may not see."""

import os
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from articles.models import Article, ViewCount
from readers import popular
from tests.helpers import make_article, make_section

pytestmark = pytest.mark.django_db
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


@pytest.fixture(params=["database", *(["redis"] if os.environ.get("REDIS_URL") else [])])
def counting(request, settings):
    """Counts kept as shipped: in Redis (rolled up by the task) or, without, in the database."""
    caches["default"].clear()
    if request.param == "database":
        settings.REDIS_URL = ""
        yield lambda: None
        return
    settings.REDIS_URL = os.environ["REDIS_URL"]
    settings.NEWSROOM_VIEWS_PREFIX = f"newsroom-test-{os.getpid()}:views"
    store = popular.redis()
    yield popular.roll_up
    for name in store.scan_iter(match=f"{settings.NEWSROOM_VIEWS_PREFIX}:*"):
        store.delete(name)


def visit(article, *, agent=BROWSER, address="203.0.113.7", client=None):
    client = client or Client(HTTP_USER_AGENT=agent, REMOTE_ADDR=address)
    response = client.post(f"/hitung/{article.pk}/")
    assert response.status_code == 204
    return response


def views(article):
    return sum(ViewCount.objects.filter(article=article).values_list("views", flat=True))


def test_a_reader_reloading_fifty_times_counts_once_and_keeps_nothing(counting):
    story = make_article()
    for _ in range(50):
        response = visit(story)
    visit(story, address="198.51.100.20")  # another reader
    counting()

    assert views(story) == 2
    assert not response.cookies
    assert response["Cache-Control"].startswith("max-age=0")


def test_bots_and_staff_are_not_counted(counting, editor):
    story = make_article()
    for agent in ["Googlebot/2.1 (+http://www.google.com/bot.html)", "curl/8.5.0", ""]:
        visit(story, agent=agent)
    staff = Client(HTTP_USER_AGENT=BROWSER)
    staff.force_login(editor)
    visit(story, client=staff)
    counting()

    assert views(story) == 0


def test_counting_asks_for_a_post_and_survives_hostile_ids(client, counting):
    story = make_article()
    assert client.get(f"/hitung/{story.pk}/").status_code == 405
    for pk in ["999999999", "9" * 40, "0"]:
        assert client.post(f"/hitung/{pk}/", HTTP_USER_AGENT=BROWSER).status_code == 204
    assert client.post("/hitung/abc/").status_code == 404
    visit(story)
    counting()  # the roll-up is not broken by what was sent before
    assert list(ViewCount.objects.values_list("article", "views")) == [(story.pk, 1)]


def test_the_article_page_counts_with_a_script_of_its_own(client):
    story = make_article()
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'data-count-url="/hitung/{story.pk}/"' in page
    assert "<script>" not in page  # no inline script: the CSP allows none


def test_terpopuler_lists_the_most_read_of_a_day_and_a_week(client, counting):
    nasional = make_section(slug="nasional")
    now = timezone.now()
    today, older = make_article(title="Ramai Hari Ini"), make_article(title="Ramai Pekan Ini")
    quiet = make_article(title="Sepi", section=nasional)
    ViewCount.set_hour({today.pk: 40, quiet.pk: 3}, popular.hour_of(now))
    ViewCount.set_hour({older.pk: 90}, popular.hour_of(now - timedelta(days=3)))
    ViewCount.set_hour({quiet.pk: 500}, popular.hour_of(now - timedelta(days=9)))

    response = client.get("/terpopuler/")
    periods = {
        key: [a.title for a, _views in entries] for key, _l, entries in response.context["periods"]
    }

    assert periods == {
        "day": ["Ramai Hari Ini", "Sepi"],
        "week": ["Ramai Pekan Ini", "Ramai Hari Ini", "Sepi"],
    }
    page = response.content.decode()
    assert "dibaca 90 kali" in page and '"@type": "ItemList"' in page
    by_section = client.get("/terpopuler/", {"rubrik": "nasional"})
    assert [a.title for a, _v in by_section.context["periods"][0][2]] == ["Sepi"]
    unknown = client.get("/terpopuler/", {"rubrik": "<tidak-ada>"}).content.decode()
    assert 'role="alert"' in unknown and "<tidak-ada>" not in unknown


def test_unpublished_and_taken_down_articles_never_appear_however_read(client):
    hour = popular.hour_of(timezone.now())
    shown = make_article(title="Terbit")
    hidden = [
        make_article(title="Konsep", status=Article.Status.DRAFT, published_at=None),
        make_article(title="Terjadwal", published_at=timezone.now() + timedelta(hours=3)),
        make_article(title="Diturunkan", taken_down_at=timezone.now(), takedown_reason="Hukum"),
    ]
    ViewCount.set_hour({shown.pk: 1, **{article.pk: 1000 for article in hidden}}, hour)

    for url in ["/terpopuler/", "/", shown.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "Terbit" in page, url
        for article in hidden:
            assert article.title not in page, url


def test_the_roll_up_writes_the_same_counts_when_run_twice(counting):
    story = make_article()
    for number in range(5):
        visit(story, address=f"192.0.2.{number}")
    counting()
    counting()

    assert views(story) == 5


def test_terpopuler_costs_four_queries_at_most(client, settings, django_assert_max_num_queries):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    caches["readers"].clear()
    hour = popular.hour_of(timezone.now())
    ViewCount.set_hour({make_article().pk: n for n in range(1, 30)}, hour)
    ViewCount.set_hour({make_article().pk: n for n in range(1, 3)}, hour)
    client.get("/berita/")  # the frame and the next scheduled time are kept from here on
    with django_assert_max_num_queries(4):
        assert client.get("/terpopuler/").status_code == 200
    caches["readers"].clear()


def test_the_desk_shows_how_often_an_article_was_read(editor_client):
    story = make_article()
    now = timezone.now()
    ViewCount.set_hour({story.pk: 1200}, popular.hour_of(now))
    ViewCount.set_hour({story.pk: 300}, popular.hour_of(now - timedelta(days=3)))
    ViewCount.set_hour({story.pk: 45}, popular.hour_of(now - timedelta(days=30)))

    page = editor_client.get(f"/admin/articles/article/{story.pk}/change/").content.decode()

    assert "1.200 dalam 24 jam terakhir, 1.500 dalam 7 hari, 1.545 seluruhnya" in page
