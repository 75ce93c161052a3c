"""The real programs as subprocesses: gunicorn serving the site, on a database the test sees;
and the local HTTP servers other systems are played by (`LocalHTTPServer`).

Used by the fault tests (tests/newsroom/test_faults.py) and the shared-cache tests
(tests/caching/), which need gunicorn's workers to read pytest-django's test database.
"""

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import closing, contextmanager
from http.server import ThreadingHTTPServer
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parent.parent


class LocalHTTPServer(ThreadingHTTPServer):
    """`handler` answering on 127.0.0.1 at a free port, in a thread of its own, from the moment
    it is made until `stop()`: a feed, an oEmbed provider or a webhook receiver of a test."""

    daemon_threads = True

    def __init__(self, handler):
        super().__init__(("127.0.0.1", 0), handler)
        self.origin = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()

    def handle_error(self, request, client_address):
        pass  # a client that gave up on a stalled answer (the timeout tests) is expected

    def stop(self):
        self.shutdown()
        self.server_close()


POSTGRESQL = settings.DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql"


def wait_until(condition, what, process=None, every=0.05):
    """Poll `condition` until it is true; fail if `process` dies or it never happens."""
    for _ in range(int(60 / every)):
        if condition():
            return
        if process is not None and process.poll() is not None:
            pytest.fail(f"{what}: the process ended first with code {process.returncode}")
        time.sleep(every)
    pytest.fail(f"{what}: did not happen within a minute")


def postgresql_url(**options):
    """The test database (pytest-django's) as a DATABASE_URL for a subprocess."""
    db = connection.settings_dict
    query = "&".join(f"{key}={quote(value)}" for key, value in options.items())
    return (
        f"postgres://{quote(db['USER'] or '')}:{quote(db['PASSWORD'] or '')}@{db['HOST']}:"
        f"{db['PORT'] or 5432}/{db['NAME']}" + (f"?{query}" if query else "")
    )


def subprocess_env(database_url, tmp_path, **extra):
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "DATABASE_URL": database_url,
        "NEWSROOM_TEST_MEDIA_ROOT": str(tmp_path / "media"),
        **extra,
    }


def settings_module_env(tmp_path, module, **overrides):
    """The environment of a site on the PostgreSQL test database whose settings are
    tests.settings plus `overrides`, written to `tmp_path` as the settings module `module`."""
    lines = [f"{name} = {value!r}\n" for name, value in overrides.items()]
    (tmp_path / f"{module}.py").write_text(
        "from tests.settings import *  # noqa\n" + "".join(lines)
    )
    return subprocess_env(
        postgresql_url(),
        tmp_path,
        DJANGO_SETTINGS_MODULE=module,
        PYTHONPATH=f"{tmp_path}{os.pathsep}{os.environ.get('PYTHONPATH', '')}",
    )


def free_port():
    with closing(socket.socket()) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env, log_path, workers=1):
    """The site under gunicorn as configured, with one thread per worker (one worker: it
    serves every request)."""
    port = free_port()
    env |= {
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": str(workers),
        "GUNICORN_THREADS": "1",
    }
    with log_path.open("wb") as log:
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "newsroom.wsgi:application",
                "-c",
                "gunicorn.conf.py",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        base = f"http://127.0.0.1:{port}"
        try:
            wait_until(lambda: get(f"{base}/robots.txt")[0] == 200, "gunicorn answering", server)
            yield base
        finally:
            server.terminate()
            server.wait()


def get(url):
    """(status, text) of a GET; (0, "") while nothing listens."""
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()
    except OSError:
        return 0, ""


@contextmanager
def db_worker(env, log_path, queues="*", interval=0.05):
    """The real task worker (`manage.py db_worker`) on the database `env` names, taking
    tasks of `queues` every `interval` seconds when idle."""
    with log_path.open("wb") as log:
        worker = subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--queue-name",
                queues,
                "--interval",
                str(interval),
                "--no-startup-delay",
                "--no-reload",
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            wait_until(
                lambda: b"Starting worker" in log_path.read_bytes(), "db_worker starting", worker
            )
            yield worker
        finally:
            worker.terminate()
            worker.wait(30)
