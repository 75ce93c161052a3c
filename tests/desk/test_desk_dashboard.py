"""The desk's home: the day's queues for whoever is logged in, and the month's output."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, ArticleWorkingCopy, ViewCount
from readers import popular
from tests.desk_helpers import make_writer
from tests.helpers import make_article, make_author, make_section

pytestmark = pytest.mark.django_db
Status = Article.Status


def queue(response, key):
    return [
        a.title for k, _title, articles in response.context["queues"] if k == key for a in articles
    ]


@pytest.fixture
def desk_day(editor):
    now = timezone.now()
    writer = make_writer("penulis")
    other = make_writer("penulis-lain")
    mine = {"created_by": writer, "status": Status.DRAFT, "published_at": None}
    make_article(title="Draf Saya", **mine)
    make_article(title="Draf Orang Lain", created_by=other, status=Status.DRAFT, published_at=None)
    old_review = make_article(
        title="Lama Menunggu", status=Status.REVIEW, published_at=None, created_by=writer
    )
    Article.objects.filter(pk=old_review.pk).update(updated_at=now - timedelta(hours=5))
    make_article(title="Baru Diajukan", status=Status.REVIEW, published_at=None, created_by=other)
    make_article(title="Terbit Besok", published_at=now + timedelta(days=1))
    make_article(title="Terbit Pekan Depan", published_at=now + timedelta(days=7))
    make_article(
        title="Embargo Dicabut",
        published_at=now + timedelta(hours=3),
        embargo_until=now + timedelta(hours=3),
    )
    make_article(title="Terbit Tadi", published_at=now - timedelta(minutes=10))
    return writer


def test_an_editor_sees_the_days_queues(editor_client, desk_day):
    response = editor_client.get("/admin/")

    assert response.status_code == 200
    assert queue(response, "review") == ["Lama Menunggu", "Baru Diajukan"]
    assert queue(response, "scheduled") == ["Embargo Dicabut", "Terbit Besok"]
    assert queue(response, "embargoes") == ["Embargo Dicabut"]
    assert "Terbit Tadi" in queue(response, "published")
    page = response.content.decode()
    assert "Menunggu ditinjau, yang terlama dulu" in page
    assert "menunggu 5\xa0jam" in page
    assert 'href="/admin/articles/article/' in page  # each entry opens its article


def test_a_writer_sees_only_their_own_work(desk_day):
    client = Client()
    client.force_login(desk_day)
    response = client.get("/admin/")

    assert queue(response, "drafts") == ["Draf Saya"]
    assert queue(response, "review") == ["Lama Menunggu"]
    assert "Draf Orang Lain" not in response.content.decode()
    assert "Baru Diajukan" not in response.content.decode()


def test_the_months_output_as_svg_with_its_table(editor_client):
    nasional = make_section(name="Nasional")
    siti = make_author(name="Siti Aminah")
    for days in (0, 0, 3, 40):
        make_article(
            section=nasional,
            authors=[siti],
            published_at=timezone.now() - timedelta(days=days, minutes=5),
        )

    response = editor_client.get("/admin/")

    per_day = response.context["per_day"]["bars"]
    assert len(per_day) == 30 and sum(bar["count"] for bar in per_day) == 3
    assert per_day[-1]["count"] == 2 and per_day[-1]["length"] == 120
    assert response.context["by_section"]["bars"][0]["label"] == "Nasional"
    page = response.content.decode()
    assert page.count('<svg class="desk-chart" role="img"') == 3
    assert '<th scope="row">Siti Aminah</th><td>3</td>' in page


def test_the_most_read_of_the_day_is_on_the_desk(editor_client):
    story = make_article(title="Paling Dibaca")
    ViewCount.set_hour({story.pk: 77}, popular.hour_of(timezone.now()))
    response = editor_client.get("/admin/")
    assert [a.title for a in response.context["most_read_today"]] == ["Paling Dibaca"]


def test_the_dashboard_costs_twelve_queries_at_most_at_any_length(
    editor_client, desk_day, django_assert_max_num_queries
):
    editor_client.get("/admin/")
    for number in range(30):
        make_article(title=f"Tambahan {number}", status=Status.REVIEW, published_at=None)
    with django_assert_max_num_queries(12):
        editor_client.get("/admin/")


def test_the_desk_home_is_for_staff_only(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_a_change_to_a_published_story_waits_for_review_with_the_rest(editor_client, editor):
    live = make_article(title="Sudah Terbit")
    ArticleWorkingCopy.keep(live, {"title": "Sudah Terbit, Diperbarui"}, by=editor, status="review")
    make_article(title="Draf Diajukan", status=Status.REVIEW, published_at=None)

    response = editor_client.get("/admin/")

    assert queue(response, "review") == ["Sudah Terbit", "Draf Diajukan"]
    [waiting] = [items for key, _title, items in response.context["queues"] if key == "review"]
    assert [article.is_change for article in waiting] == [True, False]


def test_the_live_reports_still_open_are_on_the_desk_with_todays_news(
    editor_client, desk_day, django_assert_max_num_queries
):
    from articles.models import LiveReport

    yesterday = timezone.now() - timedelta(days=1, hours=2)
    running = make_article(title="Laporan Langsung Gempa", published_at=yesterday)
    LiveReport.objects.create(article=running, started_at=yesterday)
    ended = make_article(title="Laporan Langsung Banjir", published_at=yesterday)
    LiveReport.objects.create(article=ended, started_at=yesterday, closed_at=timezone.now())
    editor_client.get("/admin/")

    with django_assert_max_num_queries(12):
        response = editor_client.get("/admin/")

    assert queue(response, "live") == ["Laporan Langsung Gempa"]
    # Yesterday's report is not news of today; today's articles are still there.
    assert "Laporan Langsung Gempa" not in queue(response, "published")
    assert "Terbit Tadi" in queue(response, "published")
    assert "Laporan langsung yang masih berjalan" in response.content.decode()
