"""After a change commits, the HTTP cache in front is purged by the keys the pages carry, from
a task on the "purges" queue; a purge address that is down or slow never holds up nor fails
the editor's save, and one that stays down leaves a failed task with its error."""

import logging
import socket
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from caching import purge
from tests.helpers import make_article
from tests.tasks import run_tasks, waiting

pytestmark = pytest.mark.django_db


class PurgeEndpoint:
    """An HTTP server on 127.0.0.1 that records each PURGE it is sent, like the cache in front
    (`deploy/varnish/` answers these the same way). `hold` keeps each request unanswered until
    it is released."""

    def __init__(self, port=0, hold=False):
        self.purged = []
        self.received = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()
        endpoint = self

        class Handler(BaseHTTPRequestHandler):
            def do_PURGE(self):
                endpoint.purged.append(set(self.headers["xkey-purge"].split()))
                endpoint.received.set()
                endpoint.release.wait(30)
                self.send_response(200)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_port}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def wait(self):
        assert self.received.wait(10), "no purge arrived"
        return set().union(*self.purged)

    def close(self):
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def endpoint(settings):
    server = PurgeEndpoint()
    # As the settings make them with purge addresses: pages are kept at the edge for a day.
    settings.NEWSROOM_PURGE_URLS, settings.NEWSROOM_EDGE_MAX_AGE = [server.url], 86400
    yield server
    server.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_retitle_purges_the_keys_its_pages_carry(
    endpoint, client, django_capture_on_commit_callbacks
):
    story = make_article(title="Harga Cabai Turun")
    page_keys = set(client.get(story.get_absolute_url())["xkey"].split())
    home_keys = set(client.get("/")["xkey"].split())
    other = make_article(title="Timnas Menang Tipis")
    other_keys = set(client.get(other.get_absolute_url())["xkey"].split())

    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Harga Cabai Turun Tajam"
        story.save()
    # Enqueued on the purges queue when the save committed; a worker sends it.
    assert waiting().filter(queue_name="purges").count() == 1
    assert run_tasks(queue="purges") == 1

    purged = endpoint.wait()
    assert f"article-{story.pk}" in purged
    assert purged & page_keys and purged & home_keys
    # The other article's page shows nothing the retitle touched: it stays at the edge.
    assert not purged & (other_keys - home_keys)


def test_a_draft_saved_purges_nothing(endpoint, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        draft = make_article(title="Draf", status=Article.Status.DRAFT, published_at=None)
        draft.title = "Draf Kedua"
        draft.save()
        published = make_article(title="Terbit")
    run_tasks()

    assert f"article-{published.pk}" in endpoint.wait()
    assert all(f"article-{draft.pk}" not in keys for keys in endpoint.purged)


def test_many_keys_go_in_requests_of_a_hundred(endpoint):
    purge.purge_later({f"article-{number}" for number in range(250)})
    assert run_tasks() == 3
    assert sorted(len(keys) for keys in endpoint.purged) == [50, 100, 100]


def test_a_purge_address_that_is_down_is_tried_again_with_backoff_then_fails_for_good(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    port = free_port()
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    monkeypatch.setattr(purge, "RETRY_SECONDS", (0.2, 0.4, 0.6))
    caplog.set_level(logging.WARNING)

    with django_capture_on_commit_callbacks(execute=True):
        story = make_article(title="Harga Cabai Turun")  # saved: nothing refused it
    assert story.pk is not None

    # Nothing listens: each attempt fails, is logged and waits longer for the next one.
    delays = []
    for _attempt in range(3):
        assert run_tasks() == 1
        again = waiting().get()
        delays.append((again.run_after - again.enqueued_at).total_seconds())
        assert run_tasks() == 0  # not before its time
        time.sleep((again.run_after - again.enqueued_at).total_seconds() + 0.05)
    assert caplog.text.count("trying again") == 3
    assert [round(delay, 1) for delay in delays] == [0.2, 0.4, 0.6]
    # The last attempt gives up: the task is failed, with the error that stopped it.
    assert run_tasks() == 1
    assert waiting().count() == 0
    failed = DBTaskResult.objects.failed().get()
    assert failed.task_path == "caching.tasks.send_purge"
    assert "Connection refused" in failed.traceback
    assert "failed for good" in caplog.text


def test_a_purge_sent_once_the_cache_is_back_up(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    port = free_port()
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    monkeypatch.setattr(purge, "RETRY_SECONDS", (0.2,))
    with django_capture_on_commit_callbacks(execute=True):
        story = make_article(title="Harga Cabai Turun")
    assert run_tasks() == 1  # refused: tried again later
    server = PurgeEndpoint(port=port)
    try:
        time.sleep(0.25)
        assert run_tasks() == 1
        assert f"article-{story.pk}" in server.wait()
        assert DBTaskResult.objects.failed().count() == 0
    finally:
        server.close()


def test_a_save_never_waits_for_a_purge_address_that_does_not_answer(
    settings, client, django_capture_on_commit_callbacks
):
    silent = PurgeEndpoint(hold=True)
    settings.NEWSROOM_PURGE_URLS = [silent.url]
    settings.NEWSROOM_PURGE_TIMEOUT = 30
    try:
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            story = make_article(title="Harga Cabai Turun")
        # The save has returned, and the page shows it, while the purge waits for a worker.
        assert time.monotonic() - started < 5
        assert "Harga Cabai Turun" in client.get(story.get_absolute_url()).content.decode()
        assert waiting("caching.tasks.send_purge").count() == 1
        assert not silent.received.is_set()
    finally:
        silent.close()
