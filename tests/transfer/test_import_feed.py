"""RSS and Atom feeds, from files and from a real local HTTP server."""

import socket
import threading
import time
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from articles.models import Article, RelatedLink
from transfer.importers import read
from transfer.importers.fetch import InputError, check_address, fetch
from transfer.importers.save import import_records

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
RSS2 = (FIXTURES / "rss2.xml").read_bytes()


pytestmark = pytest.mark.usefixtures("in_english")


class _Handler(BaseHTTPRequestHandler):
    """/feed.xml, /slow (answers after 2 s), /loop (redirects to itself), /big (3 MB)."""

    def do_GET(self):
        if self.path == "/slow":
            time.sleep(2)
        if self.path == "/loop":
            self.send_response(302)
            self.send_header("Location", "/loop")
            self.end_headers()
            return
        body = b"<rss>" + b" " * 3_000_000 + b"</rss>" if self.path == "/big" else RSS2
        if self.path == "/missing":
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class _QuietServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):
        pass  # clients that give up early (the timeout tests) are expected here


@pytest.fixture(scope="module")
def server():
    httpd = _QuietServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def private_allowed(settings):
    settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = True


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "title", "published_at"),
    [
        ("rss2.xml", "Nelayan Kembali Melaut Setelah Cuaca Membaik", datetime(2020, 10, 3, 2, 30)),
        ("atom.xml", "Irigasi Baru Mengairi Sawah Dua Kecamatan", datetime(2020, 10, 4, 1, 0)),
        ("rss1.xml", "Sumur Bor untuk Desa Kekeringan", datetime(2020, 9, 30, 0, 0)),
    ],
)
def test_each_feed_flavour_imports_its_entries(name, title, published_at):
    report = import_records(read([str(FIXTURES / name)]))

    article = Article.objects.order_by("published_at").first()
    assert report.failed == 0
    assert article.title == title
    assert article.published_at == published_at.replace(tzinfo=UTC)
    assert article.body.startswith("<p>")


@pytest.mark.django_db
def test_rss_091_entry_without_a_date_arrives_as_a_draft():
    report = import_records(read([str(FIXTURES / "rss091.xml")]))

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    assert article.import_id == "https://buletinkampung.example.id/ronda-malam/"
    assert report.warnings == 1


@pytest.mark.django_db
def test_feed_entries_keep_author_tags_source_and_baca_juga():
    import_records(read([str(FIXTURES / "rss2.xml")]))

    article = Article.objects.get(import_id="kabarpesisir-5001")
    assert article.source.name == "Kabar Pesisir"
    assert article.authors.get().name == "Rahmat Hidayat"
    assert set(article.tags.values_list("name", flat=True)) == {"Kelautan", "Nelayan"}
    link = article.related_links.get()
    assert (link.position, link.target.import_id) == (1, "kabarpesisir-5002")
    assert "onerror" not in article.body


@pytest.mark.django_db
def test_second_run_of_a_feed_creates_nothing():
    import_records(read([str(FIXTURES / "atom.xml")]))

    report = import_records(read([str(FIXTURES / "atom.xml")]))

    assert (report.imported, report.unchanged) == (0, 1)
    assert Article.objects.count() == 1


def test_feed_with_entity_declarations_is_refused(tmp_path):
    hostile = tmp_path / "feed.xml"
    hostile.write_bytes(
        b'<?xml version="1.0"?><!DOCTYPE rss [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
        b"<rss><channel><item><title>&x;</title></item></channel></rss>"
    )

    [problem] = read([str(hostile)])

    assert problem.message == "refused: the feed declares XML entities"


@pytest.mark.django_db
@pytest.mark.usefixtures("private_allowed")
def test_feed_from_a_url_imports(server):
    report = import_records(read([f"{server}/feed.xml"]))

    assert report.imported == 2
    assert RelatedLink.objects.get().target.import_id == "kabarpesisir-5002"


@pytest.mark.slow
@pytest.mark.usefixtures("private_allowed")
def test_slow_url_times_out(server):
    started = time.monotonic()

    with pytest.raises(InputError, match="no answer within"):
        fetch(f"{server}/slow", timeout=0.5)

    assert time.monotonic() - started < 1.5


def test_private_loopback_and_link_local_addresses_are_refused_by_default(server):
    for url in (f"{server}/feed.xml", "http://169.254.169.254/latest/", "http://10.0.0.1/"):
        with pytest.raises(InputError, match="refused"):
            fetch(url, timeout=1)


@pytest.mark.usefixtures("private_allowed")
def test_redirects_are_bounded(server):
    with pytest.raises(InputError, match="more than 5 redirects"):
        fetch(f"{server}/loop")


@pytest.mark.usefixtures("private_allowed")
def test_downloads_are_size_limited(server):
    with pytest.raises(InputError, match="larger than 1 MB"):
        fetch(f"{server}/big", max_bytes=1024 * 1024)


@pytest.mark.usefixtures("private_allowed")
def test_error_status_is_reported(server):
    with pytest.raises(InputError, match="404"):
        fetch(f"{server}/missing")


@pytest.mark.usefixtures("private_allowed")
def test_unreachable_url_is_reported_as_a_failure_of_that_input():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]  # nothing listens here once the probe closes

    [problem] = read([f"http://127.0.0.1:{port}/feed.xml"])

    assert problem.failed
    assert problem.message.startswith("cannot fetch")


def test_only_http_and_https_are_fetched():
    with pytest.raises(InputError, match="only http and https"):
        fetch("ftp://example.org/feed.xml")


@pytest.mark.parametrize(
    "address",
    [
        "64:ff9b::7f00:1",  # NAT64 of 127.0.0.1
        "64:ff9b::a9fe:a9fe",  # NAT64 of 169.254.169.254, the cloud metadata service
        "64:ff9b::c0a8:101",  # NAT64 of 192.168.1.1
        "64:ff9b:1::a00:1",  # local-use NAT64 of 10.0.0.1
        "2002:7f00:1::1",  # 6to4 of 127.0.0.1
        "2002:a00:1::",  # 6to4 of 10.0.0.1
        "::ffff:10.0.0.1",  # IPv4-mapped
        "::10.0.0.1",  # IPv4-compatible
    ],
)
def test_ipv6_addresses_that_reach_a_private_ipv4_address_are_refused(address):
    with pytest.raises(InputError, match="refused"):
        check_address(address, allow_private=False)


@pytest.mark.parametrize("address", ["64:ff9b::808:808", "2002:808:808::1", "2606:4700::1111"])
def test_ipv6_addresses_that_reach_the_internet_pass(address):
    check_address(address, allow_private=False)
