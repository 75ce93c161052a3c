"""Wire copy pulled on a schedule: a feed asked for with its validators costs one request and
no write when it has not changed; new entries wait in the incoming queue as drafts; an entry
an editor took is never overwritten nor duplicated; a feed that fails says why, and how
many times in a row, with nothing half-written."""

import pytest
from django.core.management import call_command

from articles import fetch
from articles.models import Article, FeedSubscription, IncomingEntry
from tests.desk_helpers import make_editor
from tests.helpers import make_section, make_tag
from tests.tasks import run_tasks
from tests.transfer.test_import_feed import private_allowed  # noqa: F401 -- a fixture
from tests.transfer.wire_server import WireServer
from transfer import tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english", "private_allowed")]

FIRST = [
    ("kbn-1", "Gempa Guncang Maluku", "Gempa magnitudo 5,2.", "Bencana"),
    ("kbn-2", "Rupiah Menguat", "Rupiah menguat tipis."),
]


@pytest.fixture
def wire():
    server = WireServer(FIRST)
    yield server
    server.close()


@pytest.fixture
def subscription(wire):
    feed = FeedSubscription.objects.create(
        url=wire.url, source="Kantor Berita Nusantara", every_minutes=5, section=make_section()
    )
    feed.tags.set([make_tag(name="Kawat")])
    return feed


def pull(subscription):
    return tasks.import_subscription.call(subscription.pk)


def titles():
    return sorted(Article.objects.values_list("title", flat=True))


def test_new_entries_arrive_in_the_incoming_queue_as_drafts(subscription, wire):
    call_command("pull_feeds", verbosity=0)
    assert run_tasks() == 1

    assert titles() == ["Gempa Guncang Maluku", "Rupiah Menguat"]
    assert set(Article.objects.values_list("status", flat=True)) == {Article.Status.DRAFT}
    waiting = IncomingEntry.objects.waiting()
    assert {entry.article.title for entry in waiting} == set(titles())
    assert {entry.subscription for entry in waiting} == {subscription}
    quake = Article.objects.get(title="Gempa Guncang Maluku")
    # The feed's default section, and its tags beside the entry's own.
    assert quake.section == subscription.section
    assert sorted(quake.tags.values_list("name", flat=True)) == ["Bencana", "Kawat"]
    subscription.refresh_from_db()
    assert subscription.etag and subscription.last_modified
    assert not subscription.last_failed and subscription.failures == 0


def test_an_unchanged_feed_costs_one_conditional_request_and_no_write(
    subscription, wire, django_assert_num_queries
):
    pull(subscription)
    subscription.refresh_from_db()
    before = FeedSubscription.objects.filter(pk=subscription.pk).values().get()
    count = Article.objects.count()

    with django_assert_num_queries(1):  # the subscription read; nothing written
        assert pull(subscription) == {"unchanged": True}
    assert wire.requests[-1]["If-None-Match"] == subscription.etag
    assert wire.requests[-1]["If-Modified-Since"] == subscription.last_modified
    assert FeedSubscription.objects.filter(pk=subscription.pk).values().get() == before
    assert Article.objects.count() == count


def test_the_same_feed_again_from_a_server_without_validators_writes_nothing(
    subscription, wire, django_assert_num_queries
):
    wire.send_validators = False
    pull(subscription)
    with django_assert_num_queries(1):
        assert pull(subscription) == {"unchanged": True}


def test_a_changed_feed_adds_the_new_entry_and_never_overwrites_a_taken_one(subscription, wire):
    pull(subscription)
    editor = make_editor()
    taken = Article.objects.get(title="Gempa Guncang Maluku")
    IncomingEntry.objects.filter(article=taken).take(by=editor)

    wire.items = [
        ("kbn-1", "Gempa Guncang Maluku, Tiga Rumah Rusak", "Diperbarui kantor berita."),
        ("kbn-2", "Rupiah Menguat ke 15.600", "Rupiah menguat lagi."),
        ("kbn-3", "Harga Cabai Naik", "Harga cabai naik."),
    ]
    result = pull(subscription)

    assert result["imported"] == 1 and result["updated"] == 1
    assert titles() == ["Gempa Guncang Maluku", "Harga Cabai Naik", "Rupiah Menguat ke 15.600"]
    taken.refresh_from_db()
    assert taken.lead == "Gempa magnitudo 5,2."  # as the desk has it
    subscription.refresh_from_db()
    assert "kept 1 (taken by the desk)" in subscription.last_result
    assert IncomingEntry.objects.get(article=taken).taken_by == editor
    assert {entry.article.title for entry in IncomingEntry.objects.waiting()} == {
        "Harga Cabai Naik",
        "Rupiah Menguat ke 15.600",
    }


def test_an_entry_no_longer_a_draft_is_left_alone(subscription, wire):
    pull(subscription)
    story = Article.objects.get(title="Rupiah Menguat")
    story.submit_for_review(by=make_editor())
    wire.items = [(guid, title + " (revisi)", text) for guid, title, text, *_rest in FIRST]
    pull(subscription)
    story.refresh_from_db()
    assert story.title == "Rupiah Menguat" and story.status == Article.Status.REVIEW
    assert Article.objects.filter(title="Gempa Guncang Maluku (revisi)").exists()
    assert Article.objects.count() == 2


@pytest.mark.parametrize(
    ("mode", "error"),
    [("500", "500"), ("stall", "no answer within 0.5 seconds"), ("broken", "line 1")],
)
def test_a_failing_feed_records_its_last_error_and_failures_with_nothing_half_written(
    subscription, wire, monkeypatch, mode, error
):
    monkeypatch.setattr(fetch, "TIMEOUT", 0.5)
    monkeypatch.setattr(tasks, "DOWNLOAD_RETRY_SECONDS", ())
    pull(subscription)
    subscription.refresh_from_db()
    good = (subscription.etag, subscription.digest)
    snapshot = list(Article.objects.order_by("pk").values("title", "lead", "updated_at"))

    wire.items = [*FIRST, ("kbn-9", "Tidak Boleh Setengah", "Setengah jadi.")]
    wire.mode = mode
    for failures in (1, 2):
        with pytest.raises((fetch.InputError, tasks.ImportFailed)):
            pull(subscription)
        subscription.refresh_from_db()
        assert subscription.last_failed and subscription.failures == failures
        assert error in subscription.last_result
    assert list(Article.objects.order_by("pk").values("title", "lead", "updated_at")) == snapshot
    assert (subscription.etag, subscription.digest) == good  # the next pull tries it all again

    wire.mode = "ok"
    pull(subscription)
    subscription.refresh_from_db()
    assert not subscription.last_failed and subscription.failures == 0
    assert "Tidak Boleh Setengah" in titles()
