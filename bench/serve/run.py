#!/usr/bin/env python3
"""Serving benchmark: Newsroom under gunicorn on PostgreSQL against the hello-world floor.

    python3 bench/serve/run.py                 # 10,000 articles
    python3 bench/serve/run.py --articles 100000

Loads the shared corpus (`../shared/bench/corpus.py`) through `import_articles` into its own
PostgreSQL database (kept between runs), starts the Django hello-world floor and the site with
the same gunicorn settings on 127.0.0.1, and runs bounded `wrk` loads on every page in three
modes (see MODES: cold, uncached, cached; Redis as the shared cache), conditional requests,
and page 250 against page 1.
Prints requests per second, p50 and p99 beside the floor's, as ratios, the median time of a
page requested alone (no other load), and writes
`bench/out/serve-N.json`. Needs `wrk` (apt-get install wrk). Only 127.0.0.1 is ever loaded.
"""

import argparse
import json
import os
import re
import resource
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("NEWSROOM_SHARED_BENCH", ROOT.parent / "shared" / "bench"))
OUT = ROOT / "bench" / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
SITE_PORT, FLOOR_PORT = 8090, 8091
# Another local PostgreSQL cluster's port (psql reads PGPORT too).
PGPORT = os.environ.get("PGPORT", "5432")
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105


def sh(*args, env=None, **kwargs):
    return subprocess.run(args, check=True, env=env, **kwargs)


# What each mode keeps in Redis, as production would: "cold" keeps nothing (every query and
# every template runs), "uncached" keeps fragments and data per content version but no whole
# pages, "cached" keeps whole pages too.
MODES = {
    "cold": {
        "NEWSROOM_PAGE_CACHE_SECONDS": "0",
        "NEWSROOM_FRAGMENT_CACHE_SECONDS": "0",
        "NEWSROOM_COUNT_CACHE_SECONDS": "0",
    },
    "uncached": {"NEWSROOM_PAGE_CACHE_SECONDS": "0"},
    "cached": {"NEWSROOM_PAGE_CACHE_SECONDS": "300"},
}


def site_env(database, mode="uncached"):
    return os.environ | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PGPORT}/{database}",
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/3"),
        **MODES[mode],
    }


def prepare_database(articles, database):
    corpus = OUT / f"corpus-{articles}.jsonl"
    # Written by bench/million/run.py, which reads a large corpus a line at a time.
    described = OUT / f"corpus-{articles}.describe.json"
    if not corpus.exists() and not described.exists():
        sh(sys.executable, str(SHARED / "corpus.py"), "-n", str(articles), "-o", str(corpus))
    exists = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{database}'",  # noqa: S608 -- our own name
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    env = site_env(database)
    if not exists:
        sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-qc", f"CREATE DATABASE {database}")
    # Also on a kept database, so it has the indexes of the code being measured.
    sh(str(PYTHON), "manage.py", "migrate", "--verbosity", "0", cwd=ROOT, env=env)
    if not exists:
        started = time.monotonic()
        sh(
            str(PYTHON),
            "manage.py",
            "import_articles",
            str(corpus),
            "--format",
            "jsonl",
            "--status",
            "published",
            "--quiet",
            cwd=ROOT,
            env=env,
        )
        print(f"imported {articles} articles in {time.monotonic() - started:.1f} s")
        sh("psql", "-h", "127.0.0.1", "-U", "postgres", "-d", database, "-qc", "VACUUM ANALYZE")
    sh(
        str(PYTHON),
        "manage.py",
        "collectstatic",
        "--noinput",
        "--verbosity",
        "0",
        cwd=ROOT,
        env=env,
    )
    if not described.exists():
        described.write_text(
            subprocess.run(
                [sys.executable, str(SHARED / "corpus.py"), "--describe", str(corpus)],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    return json.loads(described.read_text())


def start(app, port, env, chdir=ROOT):
    process = subprocess.Popen(
        [
            str(GUNICORN),
            app,
            "--config",
            str(ROOT / "gunicorn.conf.py"),
            "--bind",
            f"127.0.0.1:{port}",
            "--chdir",
            str(chdir),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=2)  # noqa: S310
            return process
        except OSError:
            time.sleep(0.2)
    stop(process)
    raise SystemExit(f"gunicorn on port {port} did not answer")


def stop(process):
    os.killpg(process.pid, signal.SIGTERM)
    process.wait(timeout=30)


# Pages whose every request must be new to the site (see the script).
NEW_EACH_TIME = {"search-new": ROOT / "bench" / "serve" / "new-searches.lua"}


def wrk(url, args, headers=(), seconds=None, script=None):
    """One bounded `wrk` load on `url`: its requests, rates, latencies and the server's CPU."""
    header_args = [item for header in headers for item in ("-H", header)]
    busy_before, wrk_before = busy_cpu_seconds(), children_cpu_seconds()
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{args.conns}",
            f"-d{seconds or args.duration / args.rounds:.0f}s",
            "--latency",
            "--timeout",
            "10s",
            "-s",
            str(script or SHARED / "report.lua"),
            *header_args,
            url,
        ],
        env=os.environ | {"NEWSROOM_REPORT_LUA": str(SHARED / "report.lua")},
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    server_cpu = (busy_cpu_seconds() - busy_before) - (children_cpu_seconds() - wrk_before)
    line = next(row for row in output.splitlines() if row.startswith("RESULT"))
    row = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
    row["cpu_s"] = server_cpu
    return row


def combined(runs):
    """Several loads of one address as one: rates over their whole time, the median p50, the
    worst p99."""
    requests = sum(run["requests"] for run in runs)
    return {
        "requests": requests,
        "rps": requests / sum(run["duration_s"] for run in runs),
        "p50_ms": statistics.median(run["p50_ms"] for run in runs),
        "p99_ms": max(run["p99_ms"] for run in runs),
        "non2xx": sum(run["non2xx"] for run in runs),
        "cpu_ms": sum(run["cpu_s"] for run in runs) * 1000 / max(requests, 1),
    }


def busy_cpu_seconds():
    """CPU time the whole machine spent working (not idle, not taken by its host)."""
    with open("/proc/stat") as stat:
        user, nice, system, _idle, _iowait, irq, softirq = map(int, stat.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


def children_cpu_seconds():
    """CPU time of this script's finished children: here, wrk's own."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def unloaded_ms(url, times=20, new_each_time=False, budget_s=30):
    """The median time of `times` requests one after another, with no other load (fewer
    if they take more than `budget_s` in all: a sitemap page of 10,000 addresses)."""
    # First, the requests the load left queued are answered (seconds for a slow page).
    with urllib.request.urlopen(url, timeout=300) as response:  # noqa: S310
        response.read()
    timings, started_all = [], time.monotonic()
    for number in range(times):
        started = time.perf_counter()
        address = f"{url}&baru={time.time_ns()}-{number}" if new_each_time else url
        with urllib.request.urlopen(address, timeout=60) as response:  # noqa: S310
            response.read()
        timings.append((time.perf_counter() - started) * 1000)
        if time.monotonic() - started_all > budget_s and len(timings) >= 3:
            break
    return statistics.median(timings)


def etag_of(url):
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    with urllib.request.urlopen(request, timeout=10) as response:  # noqa: S310
        return response.headers.get("ETag"), len(response.read())


def page_paths(sample):
    """The pages loaded, by name; `sample` is what `corpus.py --describe` says of the corpus."""
    return {
        "home": "/",
        "list": "/berita/",
        "article": f"/berita/{sample['detail_slug']}/",
        "tag": f"/tag/{sample['top_tag_slug']}/",
        "search": f"/cari/?q={sample['search_word']}",
        # The same words, never asked before: no kept result answers (see NEW_EACH_TIME).
        "search-new": f"/cari/?q={sample['search_word']}",
        "list-page-250": "/berita/?page=250",
        "sitemap-index": "/sitemap.xml",
        # The last full page of the articles' sitemap: the deepest OFFSET of them.
        "sitemap-page": f"/sitemap-articles.xml?p={max(sample['articles'] // 10_000, 1)}",
        "sitemap-news": "/sitemap-news.xml",
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=15, help="seconds of load per page")
    parser.add_argument("--rounds", type=int, default=3, help="turns the page and floor take")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before measuring")
    parser.add_argument("--conns", type=int, default=16)
    parser.add_argument(
        "--modes", default="cold,uncached,cached", help="which of cold,uncached,cached to load"
    )
    parser.add_argument("--pages", help="comma-separated page names to load (all)")
    parser.add_argument(
        "--database",
        help="an imported database to serve (bench/million/run.py); newsroom_bench_N otherwise",
    )
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    database = args.database or f"newsroom_bench_{args.articles}"
    sample = prepare_database(args.articles, database)
    pages = page_paths(sample)
    if args.pages:
        pages = {name: pages[name] for name in args.pages.split(",")}
    results = {"articles": args.articles, "conns": args.conns, "duration": args.duration}
    floor = start(
        "hello:application", FLOOR_PORT, os.environ.copy(), chdir=SHARED / "limits" / "hello"
    )

    def beside_floor(url, path, headers=(), script=None):
        # The page and the floor take turns: a shared machine's speed drifts within a run,
        # and a ratio is only fair between loads made close together.
        floor_url = f"http://127.0.0.1:{FLOOR_PORT}{path}"
        wrk(url, args, headers=headers, seconds=args.warmup, script=script)
        page_runs, floor_runs = [], []
        for _ in range(args.rounds):
            page_runs.append(wrk(url, args, headers=headers, script=script))
            floor_runs.append(wrk(floor_url, args))
        row, floor_row = combined(page_runs), combined(floor_runs)
        row["floor_rps"], row["floor_cpu_ms"] = floor_row["rps"], floor_row["cpu_ms"]
        row["floor_p99_ms"] = floor_row["p99_ms"]
        return row

    try:
        for mode in args.modes.split(","):
            site = start("newsroom.wsgi:application", SITE_PORT, site_env(database, mode))
            try:
                for name, path in pages.items():
                    url = f"http://127.0.0.1:{SITE_PORT}{path}"
                    script = NEW_EACH_TIME.get(name)
                    results.setdefault(mode, {})[name] = beside_floor(url, path, script=script)
                    results[mode][name]["unloaded_ms"] = unloaded_ms(url, new_each_time=script)
                    row = results[mode][name]
                    print(
                        f"{name} {mode}: {row['rps'] / row['floor_rps']:.1%} of the floor, "
                        f"alone {row['unloaded_ms']:.1f} ms",
                        flush=True,
                    )
                    # Kept as it goes: a long run that fails keeps what it measured.
                    (OUT / f"serve-{args.articles}.json").write_text(json.dumps(results, indent=2))
                if mode == "cached":
                    for name in [name for name in ("home", "article") if name in pages]:
                        url = f"http://127.0.0.1:{SITE_PORT}{pages[name]}"
                        etag, _size = etag_of(url)
                        results.setdefault("conditional", {})[name] = beside_floor(
                            url,
                            pages[name],
                            headers=[f"If-None-Match: {etag}", "Accept-Encoding: gzip"],
                        )
                if "article" in pages:
                    url = f"http://127.0.0.1:{SITE_PORT}{pages['article']}"
                    results["article_gzip_bytes"] = etag_of(url)[1]
            finally:
                stop(site)
    finally:
        stop(floor)
    (OUT / f"serve-{args.articles}.json").write_text(json.dumps(results, indent=2))
    report(results)


def report(results):
    print(
        f"\n{results['articles']} articles, {results['conns']} connections, "
        f"{results['duration']} s per page"
    )
    columns = ("page", "mode", "req/s", "p50 ms", "p99 ms", "non2xx", "floor", "alone ms")
    columns += ("cpu ms", "floor cpu", "floor p99")
    print("{:<14} {:<12} {:>9} {:>8} {:>8} {:>7} {:>7} {:>9} {:>7} {:>9} {:>9}".format(*columns))
    for mode in (*MODES, "conditional"):
        for name, row in results.get(mode, {}).items():
            floor = row["floor_rps"]
            print(
                f"{name:<14} {mode:<12} {row['rps']:>9.1f} {row['p50_ms']:>8.2f} "
                f"{row['p99_ms']:>8.2f} {int(row['non2xx']):>7} {row['rps'] / floor:>7.1%}"
                f" {row.get('unloaded_ms', 0):>9.2f} {row['cpu_ms']:>7.2f}"
                f" {row['floor_cpu_ms']:>9.2f} {row.get('floor_p99_ms', 0):>9.2f}"
            )
    uncached = results.get("uncached", {})
    if {"list", "list-page-250"} <= uncached.keys():
        print(
            f"page 250 / page 1 latency (p50): "
            f"{uncached['list-page-250']['p50_ms'] / uncached['list']['p50_ms']:.2f}"
        )
    if "article_gzip_bytes" in results:
        print(f"article page, gzip: {results['article_gzip_bytes']} bytes")


if __name__ == "__main__":
    main()
