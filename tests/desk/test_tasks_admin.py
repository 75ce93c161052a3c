"""Background tasks in the desk: editors find the failed ones with their error and can run
them again; writers do not see them; a queue no worker takes is said on the list."""

import socket
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from caching import purge
from tests.desk_helpers import make_editor, make_writer
from tests.tasks import run_tasks, waiting

pytestmark = pytest.mark.django_db

TASKS_URL = "/admin/django_tasks_database/dbtaskresult/"


@pytest.fixture
def failed_purge(settings, monkeypatch):
    """A purge of a cache that stays down, tried as often as it is tried, and failed."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    monkeypatch.setattr(purge, "RETRY_SECONDS", (0, 0))
    purge.purge_later({"article-7"})
    assert run_tasks() == 3  # the first attempt and two more
    return DBTaskResult.objects.failed().get()


def test_editors_find_a_failed_task_with_its_error_and_traceback(client, failed_purge):
    client.force_login(make_editor())
    listing = client.get(TASKS_URL, {"status": "FAILED"}).content.decode()
    # The last line of its error; only the failed attempt is listed, not the retried ones.
    assert listing.count("URLError: &lt;urlopen error [Errno 111] Connection refused&gt;") == 1

    page = client.get(f"{TASKS_URL}{failed_purge.pk}/change/").content.decode()
    assert "Traceback (most recent call last)" in page
    assert "article-7" in page
    assert "<pre>" in page


def test_a_failed_task_run_again_gets_its_full_retries(client, failed_purge):
    client.force_login(make_editor())
    response = client.post(
        TASKS_URL, {"action": "run_again", "_selected_action": [failed_purge.pk]}
    )
    assert response.status_code == 302
    again = waiting("caching.tasks.send_purge").get()
    url = failed_purge.args_kwargs["args"][0]
    assert again.args_kwargs == {"args": [url, ["article-7"]], "kwargs": {}}


def test_writers_do_not_see_the_tasks(client, failed_purge):
    client.force_login(make_writer())
    assert client.get(TASKS_URL).status_code == 403


def test_the_list_says_when_tasks_wait_with_no_worker_to_take_them(client):
    purge_task = DBTaskResult.objects.create(
        args_kwargs={"args": ["http://127.0.0.1:1/", ["frame"]], "kwargs": {}},
        task_path="caching.tasks.send_purge",
        queue_name="purges",
        backend_name="default",
        run_after=timezone.now(),
    )
    DBTaskResult.objects.filter(pk=purge_task.pk).update(
        enqueued_at=timezone.now() - timedelta(minutes=10)
    )
    client.force_login(make_editor())
    page = client.get(TASKS_URL).content.decode()
    assert "db_worker" in page


def test_a_task_its_worker_left_running_is_run_again_and_said_failed(client):
    stuck, busy = (
        DBTaskResult.objects.create(
            args_kwargs={"args": ["http://127.0.0.1:1/", [key]], "kwargs": {}},
            task_path="caching.tasks.send_purge",
            queue_name="purges",
            backend_name="default",
            run_after=timezone.now(),
            status="RUNNING",
            started_at=timezone.now() - started,
        )
        for key, started in [("frame", timedelta(hours=2)), ("published", timedelta(minutes=1))]
    )
    client.force_login(make_editor())
    response = client.post(
        TASKS_URL, {"action": "run_again", "_selected_action": [stuck.pk, busy.pk]}
    )

    assert response.status_code == 302
    stuck.refresh_from_db(), busy.refresh_from_db()
    assert stuck.status == "FAILED" and "WorkerLost" in stuck.exception_class_path
    assert busy.status == "RUNNING"  # still within its time: perhaps running still
    assert [r.args_kwargs["args"][1] for r in waiting("caching.tasks.send_purge")] == [["frame"]]
