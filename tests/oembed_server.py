"""A local oEmbed server on 127.0.0.1 standing in for every provider, and a "player" page.

`/<mode>/oembed?url=…` answers as a provider would, or badly: `ok`, `slow` (after 2 s),
`huge` (2 MB), `malformed` (not JSON), `list` (JSON, not an object), `script` (a script in
the title), `private` (a thumbnail on a link-local address), `notext` (a number as title),
`notimage` (a thumbnail that is an HTML page).
`/thumb.png` is a thumbnail, `/player/<id>` a player page. `requests` lists every path
asked, so tests can tell what was fetched and when. Its fixtures (`oembed_server`,
`provider_mode`) are a plugin of every test (tests/conftest.py).
"""

import copy
import json
import time
from http.server import BaseHTTPRequestHandler
from urllib.parse import parse_qs, urlsplit

import pytest

from newsroom.embed_providers import PROVIDERS
from tests.image_files import png
from tests.servers import LocalHTTPServer


class _Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        parts = urlsplit(self.path)
        self.server.requests.append(self.path)
        if parts.path == "/thumb.png":
            return self._answer(png(480, 270, mode="RGB"), "image/png")
        if parts.path.startswith("/player/"):
            return self._answer(b"<!doctype html><title>player</title><p>Pemutar", "text/html")
        mode = parts.path.strip("/").split("/")[0]
        url = parse_qs(parts.query).get("url", [""])[0]
        answer = {
            "type": "video",
            "version": "1.0",
            "title": "Banjir di Kampung Melayu",
            "author_name": "Kanal Warga",
            "width": 480,
            "height": 270,
            "thumbnail_url": f"http://127.0.0.1:{self.server.server_address[1]}/thumb.png",
            "html": '<iframe src="https://evil.example/"></iframe><script>alert(1)</script>',
            "url": url,
        }
        if mode == "slow":
            time.sleep(2)
        if mode == "huge":
            answer["title"] = "x" * 2_000_000
        if mode == "script":
            answer["title"] = '<script>alert("judul")</script> Gempa'
        if mode == "private":
            answer["thumbnail_url"] = "http://169.254.169.254/latest/meta-data/thumb.png"
        if mode == "notimage":
            answer["thumbnail_url"] = answer["thumbnail_url"].replace("thumb.png", "player/x")
        if mode == "notext":
            answer["title"] = 42
        body = json.dumps(answer).encode()
        if mode == "malformed":
            body = b'{"title": "Banjir", '
        if mode == "list":
            body = b'["Banjir"]'
        return self._answer(body, "application/json")

    def _answer(self, body, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


class OEmbedServer(LocalHTTPServer):
    def __init__(self):
        self.requests = []
        super().__init__(_Handler)
        self.url = self.origin

    def providers(self, base_providers, mode="ok"):
        """`base_providers` (the setting) with every endpoint and player on this server."""
        providers = copy.deepcopy(base_providers)
        for name, provider in providers.items():
            provider["endpoint"] = f"{self.url}/{mode}/oembed"
            provider["player"] = f"{self.url}/player/{name}/{{id}}"
        return providers


@pytest.fixture(scope="module")
def oembed_server():
    server = OEmbedServer()
    yield server
    server.stop()


@pytest.fixture
def provider_mode(settings, oembed_server):
    """Point every provider at the local server answering in the mode given."""
    settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = True
    settings.NEWSROOM_EMBED_TIMEOUT = 0.5

    def answering(mode):
        settings.NEWSROOM_EMBED_PROVIDERS = oembed_server.providers(PROVIDERS, mode)

    answering("ok")
    return answering
