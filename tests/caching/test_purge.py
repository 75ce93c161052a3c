"""After a change commits, the HTTP cache in front is purged by the keys the pages carry; a
purge address that is down or slow never holds up nor fails the editor's save."""

import logging
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from articles.models import Article
from caching import purge
from tests.helpers import make_article

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

    assert f"article-{published.pk}" in endpoint.wait()
    assert all(f"article-{draft.pk}" not in keys for keys in endpoint.purged)


def test_a_purge_address_that_is_down_is_logged_and_tried_again(
    settings, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    port = free_port()
    settings.NEWSROOM_PURGE_URLS = [f"http://127.0.0.1:{port}/"]
    monkeypatch.setattr(purge, "RETRY_SECONDS", (0.3, 0.3, 0.3))
    caplog.set_level(logging.WARNING, logger="caching.purge")

    with django_capture_on_commit_callbacks(execute=True):
        story = make_article(title="Harga Cabai Turun")  # saved: nothing refused it

    assert story.pk is not None
    # Nothing listens yet: the first attempt fails and is logged; then the cache comes up.
    for _ in range(100):
        if "trying again" in caplog.text:
            break
        threading.Event().wait(0.05)
    assert "trying again" in caplog.text
    server = PurgeEndpoint(port=port)
    try:
        assert f"article-{story.pk}" in server.wait()
    finally:
        server.close()


def test_a_save_never_waits_for_a_purge_address_that_does_not_answer(
    settings, client, django_capture_on_commit_callbacks
):
    silent = PurgeEndpoint(hold=True)
    settings.NEWSROOM_PURGE_URLS = [silent.url]
    settings.NEWSROOM_PURGE_TIMEOUT = 30
    try:
        with django_capture_on_commit_callbacks(execute=True):
            story = make_article(title="Harga Cabai Turun")
        # The save has returned, and the page shows it, while the purge is still unanswered.
        assert "Harga Cabai Turun" in client.get(story.get_absolute_url()).content.decode()
        assert silent.received.wait(10)
        assert not silent.release.is_set()
    finally:
        silent.close()
