"""A real varnishd running deploy/varnish/newsroom.vcl for a test, like tests/servers.py does
for gunicorn; and a stand-in backend whose answers a test sets, for what the VCL does with
headers Django does not send (yet).

varnishd listens on 127.0.0.1 only (its admin port too), in a working folder of the test's
own, and is stopped by its process id when the test ends. Without varnishd the test is
skipped, except under CI (the variable CI set), where it fails: CI installs Debian's
`varnish` and `varnish-modules` (.ci/run).
"""

import http.client
import os
import re
import secrets
import shutil
import subprocess
import threading
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from tests.servers import ROOT, free_port, wait_until

VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
# The shipped list of app servers (an example); a test's copy names its own, each defined as
# the example's first backend is (probe, timeouts), with only its address changed.
BACKENDS = ROOT / "deploy" / "varnish" / "backends.vcl"
BACKEND_BLOCK = re.compile(r"^backend (\w+) \{\n.*?^\}\n", re.MULTILINE | re.DOTALL)
ADDRESS = re.compile(r'\.host = "[^"]*"; \.port = "[^"]*";')


def varnishd_program():
    """The path of varnishd; skips the test without it, or fails it under CI."""
    found = shutil.which("varnishd") or shutil.which("varnishd", path="/usr/sbin:/usr/local/sbin")
    if not found:
        message = "varnishd is not installed (apt-get install varnish varnish-modules)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def backends_for(ports):
    """backends.vcl for app servers at 127.0.0.1:PORT for each of `ports`: web1, web2..."""
    text = BACKENDS.read_text()
    example = BACKEND_BLOCK.search(text)
    assert example and ADDRESS.search(example.group(0)), f"{BACKENDS} must define a backend"
    blocks, adds = [], []
    for number, port in enumerate(ports, start=1):
        name = f"web{number}"
        block = ADDRESS.sub(f'.host = "127.0.0.1"; .port = "{port}";', example.group(0))
        blocks.append(block.replace(f"backend {example.group(1)} ", f"backend {name} ", 1))
        adds.append(f"    app.add_backend({name});\n    retry.add_backend({name});\n")
    return "\n".join(blocks) + "\nsub vcl_init {\n" + "".join(adds) + "}\n"


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def cache(self):
        """What Varnish says it did: HIT, MISS or PASS."""
        return self.headers.get("X-Cache")


def request(url, path="/", method="GET", headers=None, source="127.0.0.1"):
    """One request to `url` (http://127.0.0.1:PORT) from the address `source`, redirects
    not followed; the Answer, or status 0 while nothing listens."""
    host, port = url.removeprefix("http://").split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=30, source_address=(source, 0))
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return Answer(response.status, response.headers, response.read().decode())
    except OSError:
        return Answer(0, http.client.HTTPMessage(), "")
    finally:
        connection.close()


class Varnish:
    """A running varnishd: its address (`url`) and its admin command line."""

    def __init__(self, url, workdir, process):
        self.url = url
        self.workdir = workdir
        self.process = process

    def get(self, path, **options):
        return request(self.url, path, **options)

    def admin(self, *command):
        """The output of `varnishadm COMMAND` (empty while the child is not up)."""
        result = subprocess.run(
            [shutil.which("varnishadm") or "varnishadm", "-n", str(self.workdir), *command],
            capture_output=True,
            text=True,
            timeout=30,
        )
        return result.stdout if result.returncode == 0 else ""

    def backend_health(self, name="web1"):
        """As the health probe last found the backend `name`: "healthy" or "sick"."""
        found = re.search(rf"\.{name}\s.*?\b(healthy|sick)\b", self.admin("backend.list"))
        return found and found.group(1)


@contextmanager
def varnish(backend_ports, tmp_path, port=None):
    """varnishd with the shipped VCL on 127.0.0.1:`port` (a free one by default) in front of
    127.0.0.1:PORT for each of `backend_ports` (one port or several: web1, web2...), until
    the end of the block; its log is tmp_path/varnishd.log."""
    program = varnishd_program()
    folder = tmp_path / "varnish"
    folder.mkdir()
    ports = [backend_ports] if isinstance(backend_ports, int) else list(backend_ports)
    (folder / "newsroom.vcl").write_text(VCL.read_text())
    (folder / "backends.vcl").write_text(backends_for(ports))
    (folder / "secret").write_text(secrets.token_hex(32))
    port = port or free_port()
    command = [
        program,
        "-F",  # in the foreground, so that this Popen is the manager process
        "-n", str(folder / "work"),  # its own working folder (shared memory, compiled VCL)
        "-j", "none",  # no jail: as root, its users could not enter pytest's folders
        "-a", f"127.0.0.1:{port}",
        "-T", "127.0.0.1:0",  # the admin port for varnishadm: any free one, local only
        "-S", str(folder / "secret"),
        "-s", "malloc,64m",
        "-p", f"vcl_path={folder}",
        "-f", str(folder / "newsroom.vcl"),
    ]  # fmt: skip
    log_path = tmp_path / "varnishd.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
        edge = Varnish(f"http://127.0.0.1:{port}", folder / "work", process)
        try:
            wait_until(
                lambda: "running" in edge.admin("status"),
                f"varnishd starting (its log: {log_path})",
                process,
                every=0.2,
            )
            yield edge
        except BaseException:
            print(log_path.read_text(errors="replace"))  # shown by pytest with the failure
            raise
        finally:
            process.terminate()
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


class StandInSite:
    """A small HTTP server on 127.0.0.1 answering what the test put in `pages`:
    pages["/path"] = (status, {header: value}, body). It counts the requests it served by
    path in `served`, keeps the Cookie header of each in `cookies`, and answers /healthz
    (the health probe) with 200."""

    def __init__(self):
        self.pages = {}
        self.served = Counter()
        self.cookies = []
        site = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):  # noqa: N802 -- the name http.server calls
                if self.path == "/healthz":
                    status, headers, body = 200, {}, "ok\n"
                else:
                    site.served[self.path] += 1
                    site.cookies.append(self.headers.get("Cookie"))
                    status, headers, body = site.pages.get(self.path, (404, {}, "not here"))
                data = body.encode()
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def stop(self):
        """Down as a crashed app server: nothing listens any more."""
        if self.thread.is_alive():
            self.server.shutdown()
            self.server.server_close()
            self.thread.join()


def within_a_second(condition):
    """Whether `condition()` holds within a second (the purge is sent after the save)."""
    deadline = time.monotonic() + 1
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.02)
    return condition()
