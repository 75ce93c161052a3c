"""Imports in the background: `import_articles --background URL` enqueues an import the
worker runs; subscribed feeds are pulled when their time comes; importing a feed twice adds
nothing; a feed that cannot be downloaded is tried again later, then shown failed."""

import io
import socket
import time
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article, FeedSubscription
from tests.tasks import run_tasks, waiting
from tests.transfer.test_import_feed import private_allowed, server  # noqa: F401 -- fixtures
from transfer import tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english", "private_allowed")]


def test_background_prints_the_task_id_and_the_worker_imports_the_feed(server):  # noqa: F811
    out = io.StringIO()
    call_command("import_articles", "--background", f"{server}/feed.xml", stdout=out)
    task = waiting("transfer.tasks.import_from_url").get()
    assert f"{server}/feed.xml: enqueued as task {task.id}" in out.getvalue()
    assert Article.objects.count() == 0  # nothing imported yet: the command returned at once

    assert run_tasks() >= 1
    assert Article.objects.filter(title="Nelayan Kembali Melaut Setelah Cuaca Membaik").exists()
    task.refresh_from_db()
    assert task.status == "SUCCESSFUL"
    assert task.return_value["imported"] == Article.objects.count()


def test_importing_the_same_feed_twice_adds_nothing(server):  # noqa: F811
    tasks.import_from_url.call(f"{server}/feed.xml")
    count = Article.objects.count()
    again = tasks.import_from_url.call(f"{server}/feed.xml")
    assert Article.objects.count() == count
    assert again["imported"] == 0 and again["updated"] == 0


def test_background_takes_addresses_only(tmp_path):
    with pytest.raises(CommandError, match="http"):
        call_command("import_articles", "--background", str(tmp_path / "a.txt"))
    assert not waiting().exists()


def test_a_feed_that_cannot_be_downloaded_is_tried_again_later_then_failed(monkeypatch):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    monkeypatch.setattr(tasks, "DOWNLOAD_RETRY_SECONDS", (0.1, 0.1))
    subscription = FeedSubscription.objects.create(url=f"http://127.0.0.1:{port}/feed.xml")
    tasks.import_subscription.enqueue(subscription.pk)

    for _attempt in range(2):
        assert run_tasks() == 1
        time.sleep(0.15)
    assert run_tasks() == 1
    failed = DBTaskResult.objects.failed().get()
    assert failed.task_path == "transfer.tasks.import_subscription"
    assert "InputError" in failed.traceback
    subscription.refresh_from_db()
    assert subscription.last_failed and "cannot fetch" in subscription.last_result


def test_subscriptions_are_pulled_when_their_time_comes(server):  # noqa: F811
    due = FeedSubscription.objects.create(url=f"{server}/feed.xml", every_minutes=30)
    FeedSubscription.objects.create(url=f"{server}/off.xml", active=False)
    out = io.StringIO()
    call_command("pull_feeds", stdout=out)
    assert "1 feed enqueued." in out.getvalue()
    # Pulled again at once (two timers, or the next minute): nothing more is enqueued.
    call_command("pull_feeds", stdout=io.StringIO())
    assert waiting("transfer.tasks.import_subscription").count() == 1

    run_tasks()
    due.refresh_from_db()
    assert not due.last_failed and due.last_result.startswith("imported")
    imported = Article.objects.get(title="Nelayan Kembali Melaut Setelah Cuaca Membaik")
    assert imported.status == Article.Status.DRAFT  # a subscription imports drafts by default

    assert tasks.enqueue_due_imports(now=timezone.now() + timedelta(minutes=29)) == []
    assert tasks.enqueue_due_imports(now=timezone.now() + timedelta(minutes=31)) == [due]
