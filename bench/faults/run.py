#!/usr/bin/env python3
"""Restart PostgreSQL, then Redis, while gunicorn serves; report what readers got.

    python3 bench/faults/run.py [--articles 1000] [--cluster 15/main] [--redis-port 6379]

RESTARTS THE REAL SERVICES: every other program using them loses its connections. To keep
them out of it, point the script at a cluster and a Redis of its own (see bench/README.md).

The site runs as in production (gunicorn, debug off, persistent health-checked database
connections, Redis page cache) on the database `bench/serve/run.py` prepares. Four clients
request pages without pause: half are searches with words never asked before (they miss
every cache and need PostgreSQL), half are cached pages (Redis). Each phase lasts
--seconds: before, then PostgreSQL restarted (`pg_ctlcluster ... restart`), then Redis
restarted (`redis-cli shutdown`, `redis-server` started again). Requests sent while a
service was down are counted apart; every request sent after it answered again must succeed.
Prints the counts per phase, writes bench/out/faults.json, and exits non-zero otherwise.
"""

import argparse
import itertools
import json
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench" / "serve")]

import run as serve  # noqa: E402

CLIENTS = 4
PHASES = ["before", "postgresql down", "after postgresql", "redis down", "after redis"]


class Load:
    """Clients requesting pages in a loop; each answer is filed under the current phase."""

    def __init__(self, base, paths):
        self.base, self.paths = base, paths
        self.phase = 0  # index in PHASES
        self.results = Counter()
        self.searches = itertools.count()
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.client, args=(n,)) for n in range(CLIENTS)]

    def client(self, number):
        for turn in itertools.count():
            if self.stopping.is_set():
                return
            if (number + turn) % 2:
                path = self.paths[turn % len(self.paths)]
            else:
                path = f"/cari/?q=pemilu+{next(self.searches)}"  # never cached
            started = self.phase
            try:
                with urllib.request.urlopen(self.base + path, timeout=30) as response:
                    outcome = str(response.status)
            except urllib.error.HTTPError as error:
                outcome = str(error.code)
            except OSError as error:
                outcome = type(error).__name__
            # A request that overlapped a restart counts as sent while the service was down.
            phase = started if started == self.phase or started % 2 else started + 1
            with self.lock:
                self.results[PHASES[phase], outcome] += 1

    def next_phase(self):
        self.phase += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()


def wait_for(command):
    for _ in range(600):
        if subprocess.run(command, capture_output=True, check=False).returncode == 0:
            return
        time.sleep(0.1)
    raise SystemExit(f"{' '.join(command)} never succeeded")


def restart_postgresql(cluster, port):
    version, name = cluster.split("/")
    subprocess.run(
        ["pg_ctlcluster", "--skip-systemctl-redirect", version, name, "restart"], check=True
    )
    wait_for(["pg_isready", "-q", "-h", "127.0.0.1", "-p", str(port)])


def restart_redis(port):
    subprocess.run(["redis-cli", "-p", str(port), "shutdown", "nosave"], check=False)
    wait_for(["sh", "-c", f"! redis-cli -p {port} ping"])
    subprocess.run(
        [
            "redis-server",
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--daemonize",
            "yes",
            "--save",
            "",
            "--appendonly",
            "no",
        ],
        check=True,
    )
    wait_for(["redis-cli", "-p", str(port), "ping"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--cluster", default="15/main", help="PostgreSQL VERSION/NAME")
    parser.add_argument("--redis-port", type=int, default=6379)
    parser.add_argument("--seconds", type=float, default=10)
    args = parser.parse_args()
    serve.OUT.mkdir(parents=True, exist_ok=True)
    database = f"newsroom_bench_{args.articles}"
    sample = serve.prepare_database(args.articles, database)
    env = serve.site_env(database, "cached") | {
        "REDIS_URL": f"redis://127.0.0.1:{args.redis_port}/3",
        "GUNICORN_WORKERS": "2",
    }
    site = serve.start("newsroom.wsgi:application", serve.SITE_PORT, env)
    paths = [
        "/",
        "/berita/",
        f"/berita/{sample['detail_slug']}/",
        f"/tag/{sample['top_tag_slug']}/",
    ]
    timeline = {}
    try:
        with Load(f"http://127.0.0.1:{serve.SITE_PORT}", paths) as load:
            for name, restart in [
                ("postgresql", lambda: restart_postgresql(args.cluster, serve.PGPORT)),
                ("redis", lambda: restart_redis(args.redis_port)),
            ]:
                time.sleep(args.seconds)
                load.next_phase()
                started = time.monotonic()
                restart()
                timeline[f"{name}_restart_s"] = round(time.monotonic() - started, 2)
                load.next_phase()
            time.sleep(args.seconds)
    finally:
        serve.stop(site)
    results = {
        phase: {outcome: n for (name, outcome), n in sorted(load.results.items()) if name == phase}
        for phase in PHASES
    }
    (serve.OUT / "faults.json").write_text(json.dumps(results | timeline, indent=2))
    for phase in PHASES:
        answers = ", ".join(f"{outcome}: {n}" for outcome, n in results[phase].items())
        print(f"{phase:<18} {answers}")
    print(
        f"PostgreSQL restart took {timeline['postgresql_restart_s']} s, "
        f"Redis restart {timeline['redis_restart_s']} s"
    )
    failed = {
        phase: answers
        for phase, answers in results.items()
        if "down" not in phase and set(answers) - {"200"}
    }
    if failed:
        raise SystemExit(f"requests failed while every service was up: {failed}")


if __name__ == "__main__":
    main()
