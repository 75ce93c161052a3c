"""A wire service's feed on 127.0.0.1 for the tests: an RSS feed built from `items`, served
with an ETag and a Last-Modified, answering 304 to a request that names them; `mode` makes
it fail instead ("500", "stall" past the client's timeout, "broken": XML cut short)."""

import hashlib
import time
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler
from xml.sax.saxutils import escape

from tests.servers import LocalHTTPServer


def rss(items):
    entries = "".join(
        f"<item><title>{escape(title)}</title><guid isPermaLink='false'>{guid}</guid>"
        f"<pubDate>Mon, 01 Dec 2025 08:00:00 +0000</pubDate>"
        f"<description>{escape(text)}</description>"
        + "".join(f"<category>{escape(name)}</category>" for name in categories)
        + "</item>"
        for guid, title, text, *categories in items
    )
    return (
        "<?xml version='1.0' encoding='UTF-8'?><rss version='2.0'><channel>"
        f"<title>Kantor Berita Nusantara</title><link>https://kbn.example/</link>{entries}"
        "</channel></rss>"
    ).encode()


class WireServer:
    def __init__(self, items=()):
        self.items = list(items)
        self.mode = "ok"
        self.send_validators = True
        self.requests = []  # the headers of each request
        self.modified = formatdate(usegmt=True)
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                server.requests.append(dict(self.headers))
                if server.mode == "500":
                    self.send_response(500)
                    self.end_headers()
                    return
                if server.mode == "stall":
                    time.sleep(2)
                body = rss(server.items)
                if server.mode == "broken":
                    body = body[: len(body) // 2]
                etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
                if server.send_validators and self.headers.get("If-None-Match") == etag:
                    self.send_response(304)
                    self.end_headers()
                    return
                self.send_response(200)
                self.send_header("Content-Type", "application/rss+xml")
                self.send_header("Content-Length", str(len(body)))
                if server.send_validators:
                    self.send_header("ETag", etag)
                    self.send_header("Last-Modified", server.modified)
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = LocalHTTPServer(Handler)
        self.url = f"{self.server.origin}/wire.xml"

    def close(self):
        self.server.stop()
