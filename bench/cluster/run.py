#!/usr/bin/env python3
"""Two app servers behind Varnish: one lost under load, then a breaking-news spike.

    python3 bench/cluster/run.py [--articles 1000] [--database newsroom_bench_cluster]

The site runs as in production on 127.0.0.1 only: two gunicorns (2 workers each) on one
PostgreSQL database (created, migrated and filled with the shared corpus by
`import_articles` when it has no article) and Redis (db 2, NEWSROOM_BENCH_REDIS_URL), and
varnishd with deploy/varnish/newsroom.vcl in front of both, purged by them.

1. Node lost: 8 readers ask article pages through Varnish without pause, each at a new address
   (an unused parameter), so each request reaches an app server; after --before seconds the
   second gunicorn is stopped (SIGTERM). Reports requests, errors (anything but a 200 with
   the article's title), p50 and p99, and p99 between the stop and the probe finding it sick.
2. Breaking news: the second gunicorn started again, an article is published, and at once
   `wrk -t2 -c64 -d10s` asks its page through Varnish (accepting gzip, as browsers do).
   Reports errors, p99 and how many requests reached an app server (Varnish coalesces the
   first ones into one fetch).

Prints both, writes bench/out/cluster.json, stops everything it started by itself.
"""

import argparse
import json
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench" / "serve"), str(Path(__file__).resolve().parent)]

import edge  # noqa: E402
import run as serve  # noqa: E402

REDIS_URL = serve.os.environ.get("NEWSROOM_BENCH_REDIS_URL", "redis://127.0.0.1:6379/2")
READERS = 8


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def psql(database, sql):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", serve.PGPORT, "-U", "postgres", "-d", database,
         "-tAF", "\t", "-c", sql],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip


def prepare(database, articles, env):
    """The database migrated and filled once; a few published articles (slug, title)."""
    exists = f"SELECT 1 FROM pg_database WHERE datname = '{database}'"  # noqa: S608 -- ours
    if not psql("postgres", exists).strip():
        psql("postgres", f"CREATE DATABASE {database}")
    run = {"cwd": ROOT, "env": env, "check": True}
    subprocess.run([serve.PYTHON, "manage.py", "migrate", "--verbosity", "0"], **run)
    count = "SELECT count(*) FROM articles_article WHERE status = 'published'"
    if psql(database, count).strip() == "0":
        corpus = serve.OUT / f"corpus-{articles}.jsonl"
        if not corpus.exists():
            subprocess.run(
                [sys.executable, serve.SHARED / "corpus.py", "-n", str(articles), "-o", corpus],
                check=True,
            )
        subprocess.run(
            [serve.PYTHON, "manage.py", "import_articles", corpus, "--format", "jsonl",
             "--status", "published", "--quiet"],
            **run,
        )  # fmt: skip
        psql(database, "VACUUM ANALYZE")
    subprocess.run(
        [serve.PYTHON, "manage.py", "collectstatic", "--noinput", "--verbosity", "0"], **run
    )
    rows = psql(
        database,
        "SELECT slug, title FROM articles_article WHERE status = 'published' "
        "AND published_at <= now() ORDER BY published_at DESC LIMIT 8",
    )
    return [line.split("\t", 1) for line in rows.splitlines() if line]


def publish(env, slug):
    """A breaking story, published now through the model (as the desk would)."""
    code = (
        "from django.utils import timezone\n"
        "from articles.models import Article\n"
        f"Article.objects.create(title='Gempa Magnitudo 6,1 Guncang Selatan Jawa {slug[-6:]}',"
        f" slug='{slug}', lead='Getaran terasa hingga Yogyakarta.', body='<p>Warga keluar"
        " rumah.</p>', status=Article.Status.PUBLISHED, published_at=timezone.now())\n"
        "import time; time.sleep(1)  # the purge thread's moment\n"
    )
    run = [serve.PYTHON, "manage.py", "shell", "--no-imports", "-c", code]
    subprocess.run(run, cwd=ROOT, env=env, check=True)


class Readers:
    """Readers asking article pages at new addresses, each answer timed and checked."""

    def __init__(self, base, articles):
        self.base, self.articles = base, articles
        self.results = []  # (started, milliseconds, good)
        self.stopping = threading.Event()
        self.threads = [threading.Thread(target=self.read, args=(n,)) for n in range(READERS)]

    def read(self, number):
        slug, title = self.articles[number % len(self.articles)]
        turn = 0
        while not self.stopping.is_set():
            started = time.monotonic()
            try:
                url = f"{self.base}/berita/{slug}/?baca={number}-{turn}"
                with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                    good = response.status == 200 and title in response.read().decode()
            except (urllib.error.URLError, OSError):
                good = False
            self.results.append((started, (time.monotonic() - started) * 1000, good))
            turn += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.stopping.set()
        for thread in self.threads:
            thread.join()


def p99(timings):
    return round(statistics.quantiles(timings, n=100)[98], 1) if len(timings) > 1 else None


def node_lost(varnish, servers, articles, before, after):
    with Readers(varnish.url, articles) as readers:
        time.sleep(before)
        stopped_at = time.monotonic()
        serve.stop(servers[1])
        while varnish.health("web2") != "sick" and time.monotonic() < stopped_at + 30:
            time.sleep(0.1)
        sick_at = time.monotonic()
        time.sleep(after)
    results = readers.results
    during = [ms for started, ms, _good in results if stopped_at <= started <= sick_at]
    return {
        "requests": len(results),
        "errors": sum(1 for *_rest, good in results if not good),
        "p50_ms": round(statistics.median(ms for _s, ms, _g in results), 1),
        "p99_ms": p99([ms for _s, ms, _g in results]),
        "requests_during_stop": len(during),
        "p99_during_stop_ms": p99(during),
        "seconds_until_sick": round(sick_at - stopped_at, 1),
    }


def breaking_news(varnish, env):
    slug = f"gempa-guncang-selatan-jawa-{time.time_ns() % 10**6:06d}"
    publish(env, slug)
    fetched = varnish.counter("MAIN.backend_req")
    load = serve.wrk(
        f"{varnish.url}/berita/{slug}/",
        SimpleNamespace(conns=64, duration=10, rounds=1),
        headers=["Accept-Encoding: gzip, br"],  # as every browser: the copy kept, as kept
    )
    return {
        "requests": int(load["requests"]),
        "rps": round(load["rps"]),
        "errors": int(load["non2xx"] + load["sockerr"] + load["timeouts"]),
        "p50_ms": load["p50_ms"],
        "p99_ms": load["p99_ms"],
        "reached_an_app_server": varnish.counter("MAIN.backend_req") - fetched,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--database", default="newsroom_bench_cluster")
    parser.add_argument("--before", type=float, default=4, help="seconds of load before the stop")
    parser.add_argument("--after", type=float, default=4, help="seconds of load after it is sick")
    args = parser.parse_args()
    serve.OUT.mkdir(parents=True, exist_ok=True)
    ports, edge_port = [free_port(), free_port()], free_port()
    env = serve.site_env(args.database, "cached") | {
        "REDIS_URL": REDIS_URL,
        "GUNICORN_WORKERS": "2",
        "NEWSROOM_PURGE_URLS": f"http://127.0.0.1:{edge_port}/",
        "NEWSROOM_TRUSTED_PROXY_COUNT": "1",
    }
    # Filled without purges: Varnish is not running yet.
    articles = prepare(args.database, args.articles, env | {"NEWSROOM_PURGE_URLS": ""})
    app = "newsroom.wsgi:application"
    servers = [serve.start(app, port, env) for port in ports]
    with tempfile.TemporaryDirectory(prefix="newsroom-cluster-") as folder:
        varnish = edge.Varnish(ports, Path(folder), edge_port)
        try:
            lost = node_lost(varnish, servers, articles, args.before, args.after)
            servers[1] = serve.start(app, ports[1], env)
            while varnish.health("web2") != "healthy":
                time.sleep(0.2)
            spike = breaking_news(varnish, env)
        finally:
            varnish.stop()
            for server in servers:
                if server.poll() is None:
                    serve.stop(server)
    report = {"node_lost": lost, "breaking_news": spike}
    (serve.OUT / "cluster.json").write_text(json.dumps(report, indent=2) + "\n")
    for name, figures in report.items():
        print(name + ": " + ", ".join(f"{key} {value}" for key, value in figures.items()))


if __name__ == "__main__":
    main()
