"""Live reports: updates newest first with the pinned on top, each anchored; closed reports
say so; the polling address answers from the page cache, 304 until an update is added."""

import json
import re
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.utils import timezone

from articles.models import LiveReport, LiveUpdate
from tests.helpers import make_article

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


@pytest.fixture
def report():
    article = make_article(title="Gempa Cianjur: Laporan Langsung", slug="gempa-cianjur")
    return LiveReport.objects.create(
        article=article, started_at=timezone.now() - timedelta(hours=3)
    )


def add_update(report, minutes_ago, title="", **fields):
    return LiveUpdate.objects.create(
        article=report.article,
        created_at=timezone.now() - timedelta(minutes=minutes_ago),
        title=title,
        body=fields.pop("body", f"<p>Kabar {title}</p>"),
        **fields,
    )


def anchors(page):
    return re.findall(r'<li class="live-update[^"]*" id="(update-\d+)"', page)


def json_ld(page):
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    return [json.loads(block) for block in blocks]


def test_updates_are_newest_first_with_the_pinned_on_top_each_anchored(client, report):
    old = add_update(report, 120, "Pertama")
    pinned = add_update(report, 90, "Nomor darurat", pinned=True)
    new = add_update(report, 5, "Terbaru")
    page = client.get(report.article.get_absolute_url()).content.decode()
    assert anchors(page) == [pinned.anchor, new.anchor, old.anchor]
    assert f'<a href="#{new.anchor}">' in page
    assert "Important" in page.split(f'id="{pinned.anchor}"')[1].split("</li>")[0]
    assert 'data-live-url="/berita/gempa-cianjur/terbaru/"' in page
    assert '<script src="/static/js/live.js" defer></script>' in page


def test_an_update_body_passes_through_the_html_policy(report):
    update = add_update(report, 1, body='<p onclick="x()">Aman</p><script>alert(1)</script>')
    update.refresh_from_db()
    assert update.body == "<p>Aman</p>"


def test_a_closed_report_says_so_and_stops_polling(client, report):
    add_update(report, 1, "Penutup")
    report.close()
    page = client.get(report.article.get_absolute_url()).content.decode()
    assert "The live report has ended." in page
    assert "data-live-url" not in page
    assert "live.js" not in page
    [posting] = [d for d in json_ld(page) if d["@type"] == "LiveBlogPosting"]
    assert posting["coverageEndTime"].startswith(str(timezone.localdate().year))


def test_structured_data_is_a_live_blog_posting_with_its_updates(client, report):
    first = add_update(report, 30, "Gempa susulan")
    add_update(report, 10, body="<p>Listrik padam di dua kecamatan.</p>")
    page = client.get(report.article.get_absolute_url()).content.decode()
    [posting] = [d for d in json_ld(page) if d["@type"] == "LiveBlogPosting"]
    assert "coverageStartTime" in posting and "coverageEndTime" not in posting
    assert [u["headline"] for u in posting["liveBlogUpdate"]] == [
        "Listrik padam di dua kecamatan.",
        "Gempa susulan",
    ]
    assert posting["liveBlogUpdate"][1]["url"].endswith(f"/berita/gempa-cianjur/#{first.anchor}")
    assert posting["dateModified"] >= posting["liveBlogUpdate"][0]["datePublished"]


def test_an_article_that_is_no_live_report_has_no_polling_address(client):
    article = make_article()
    assert client.get(f"{article.get_absolute_url()}terbaru/").status_code == 404
    assert "data-live" not in client.get(article.get_absolute_url()).content.decode()


def test_the_poll_answers_304_from_the_cache_until_an_update_is_added(
    client, report, settings, django_assert_num_queries
):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    add_update(report, 10, "Pertama")
    url = f"{report.article.get_absolute_url()}terbaru/"
    first = client.get(url)
    assert first.status_code == 200 and "Pertama" in first.content.decode()
    with django_assert_num_queries(0):
        unchanged = client.get(url, headers={"if-none-match": first["ETag"]})
    assert unchanged.status_code == 304
    newer = add_update(report, 0, "Kedua")
    changed = client.get(url, headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert anchors(changed.content.decode())[0] == newer.anchor
    assert f"article-{report.article.pk}" in changed["xkey"].split()
    # Editing an update shows too, and so does the report's closing.
    newer.title = "Kedua (diperbarui)"
    newer.save()
    assert "Kedua (diperbarui)" in client.get(url).content.decode()
    report.close()
    assert "data-live-closed" in client.get(url).content.decode()


def test_a_report_of_500_updates_stays_within_the_article_pages_budget(
    client, report, settings, django_assert_max_num_queries
):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    now = timezone.now()
    LiveUpdate.objects.bulk_create(
        LiveUpdate(
            article=report.article,
            created_at=now - timedelta(minutes=n),
            title=f"Kabar ke-{n}",
            body=f"<p>Isi kabar ke-{n}.</p>",
            pinned=n % 100 == 0,
        )
        for n in range(500)
    )
    client.get(make_article().get_absolute_url())  # the frame and Terpopuler, kept
    with django_assert_max_num_queries(10):
        page = client.get(report.article.get_absolute_url())
    assert len(anchors(page.content.decode())) == 500
    client.get("/")  # the kept article data is not what the poll may lean on alone
    from django.core.cache import caches

    caches["readers"].clear()
    client.get(make_article().get_absolute_url())
    with django_assert_max_num_queries(10):
        poll = client.get(f"{report.article.get_absolute_url()}terbaru/")
    # The pinned ones and the newest twenty.
    assert len(anchors(poll.content.decode())) == 5 + 20


def test_an_update_moves_the_articles_content_key_like_an_edit(report):
    from django.http import HttpRequest

    from caching.versions import versions_of

    key = f"article-{report.article.pk}"
    before = versions_of(HttpRequest(), [key]).get(key)
    update = add_update(report, 0, "Baru")
    after_add = versions_of(HttpRequest(), [key])[key]
    assert before is None or after_add > before
    update.delete()
    assert versions_of(HttpRequest(), [key])[key] > after_add
