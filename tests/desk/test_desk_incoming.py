"""The incoming queue (Masuk) and the feeds in the desk: editors see the wire copy nobody
has taken, take it, and find a failing feed with its last error and failures."""

import pytest
from django.contrib.auth import get_user_model

from articles.models import Article, FeedSubscription, IncomingEntry
from tests.desk_helpers import article_form_data, change_url, make_editor, make_writer
from tests.helpers import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]

MASUK_URL = "/admin/articles/incomingentry/"
FEEDS_URL = "/admin/articles/feedsubscription/"


@pytest.fixture
def feed():
    return FeedSubscription.objects.create(url="https://kbn.example/wire.xml", source="KBN")


def arrived(feed, title):
    article = make_article(title=title, status=Article.Status.DRAFT, published_at=None)
    IncomingEntry.objects.create(article=article, subscription=feed)
    return article


def test_editors_see_the_wire_copy_nobody_took_and_take_it(
    client, feed, django_assert_max_num_queries
):
    editor = make_editor()
    for number in range(20):
        arrived(feed, f"Kawat nomor {number}")
    gempa = arrived(feed, "Gempa Guncang Maluku")
    taken = arrived(feed, "Sudah Diambil")
    IncomingEntry.objects.filter(article=taken).take(by=get_user_model().objects.create())
    moved_on = arrived(feed, "Sudah Terbit")
    moved_on.status, moved_on.published_at = Article.Status.PUBLISHED, gempa.created_at
    moved_on.save()
    make_article(title="Bukan Kawat", status=Article.Status.DRAFT, published_at=None)
    client.force_login(editor)

    with django_assert_max_num_queries(12):
        listing = client.get(MASUK_URL).content.decode()
    assert "Gempa Guncang Maluku" in listing and change_url(gempa) in listing
    for absent in ("Sudah Diambil", "Sudah Terbit", "Bukan Kawat"):
        assert absent not in listing

    entry = IncomingEntry.objects.get(article=gempa)
    response = client.post(
        MASUK_URL, {"action": "take", "_selected_action": [entry.pk]}, follow=True
    )
    assert "1 article is yours now" in response.content.decode()
    entry.refresh_from_db()
    assert entry.taken_by == editor and entry.taken_at is not None
    assert "Gempa Guncang Maluku" not in client.get(MASUK_URL).content.decode()


def test_editing_wire_copy_in_the_desk_takes_it(client, feed):
    editor = make_editor()
    story = arrived(feed, "Rupiah Menguat")
    client.force_login(editor)
    response = client.post(change_url(story), article_form_data(story, lead="Disunting."))
    assert response.status_code == 302
    assert IncomingEntry.objects.get(article=story).taken_by == editor


def test_writers_do_not_see_the_queue(client, feed):
    arrived(feed, "Rupiah Menguat")
    client.force_login(make_writer())
    assert client.get(MASUK_URL).status_code == 403


def test_a_failing_feed_shows_its_last_error_and_failures(client, feed):
    for _attempt in range(3):
        feed.record("the server answered 500 Internal Server Error", failed=True)
    client.force_login(make_editor())
    listing = client.get(FEEDS_URL).content.decode()
    assert "failed: the server answered 500 Internal Server Error" in listing
    assert '<td class="field-failures">3</td>' in listing
