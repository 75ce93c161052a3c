#!/usr/bin/env python3
"""Load and hostile-input run against gunicorn on 127.0.0.1 (PostgreSQL, Redis).

    python3 bench/load/run.py [--articles 10000] [--duration 60s]

1. A bounded mixed load (16 connections) over home, lists, articles, tags, sections, search,
   feeds and sitemaps, half the search requests with fresh words so they miss every cache;
   reports requests per second, latency and answers by status class (the goal: no 5xx, no
   socket errors).
2. Every public page with the hostile inputs of tests/security/hostile.py, one at a time,
   recording the slowest answer (the goal: none over 2 s) and any 5xx.
Uses the database `bench/serve/run.py` prepares.
"""

import argparse
import json
import re
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "bench" / "serve"), str(ROOT)]

import run as serve  # noqa: E402

from tests.security.hostile import HOSTILE_PARAMETERS, HOSTILE_VALUES  # noqa: E402


def mixed_paths(sample):
    words = ["banjir", "pemilu", "harga", "nelayan", "gempa", "sekolah", "korupsi", "kopi"]
    paths = [
        "/",
        "/berita/",
        "/berita/?page=2",
        f"/berita/{sample['detail_slug']}/",
        f"/tag/{sample['top_tag_slug']}/",
        f"/cari/?q={sample['search_word']}",
        "/feed/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/robots.txt",
    ]
    paths += [f"/cari/?q={word}+{number}" for number, word in enumerate(words)]
    return paths


def hostile_run(base, paths):
    slowest, failures, count = (0.0, ""), [], 0
    for path in paths:
        for name in HOSTILE_PARAMETERS:
            for value in HOSTILE_VALUES:
                separator = "&" if "?" in path else "?"
                url = f"{base}{path}{separator}{urllib.parse.urlencode({name: value})}"
                started = time.monotonic()
                try:
                    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                        status = response.status
                except urllib.error.HTTPError as error:
                    status = error.code
                elapsed = time.monotonic() - started
                count += 1
                if elapsed > slowest[0]:
                    slowest = (elapsed, f"{path} {name}={value[:30]!r}")
                if status >= 500:
                    failures.append(f"{status} {path} {name}={value[:30]!r}")
    return {
        "requests": count,
        "slowest_s": round(slowest[0], 3),
        "slowest": slowest[1],
        "server_errors": failures,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--duration", default="60s")
    parser.add_argument("--conns", type=int, default=16)
    args = parser.parse_args()
    database = f"newsroom_bench_{args.articles}"
    sample = serve.prepare_database(args.articles, database)
    paths = mixed_paths(sample)
    site = serve.start(
        "newsroom.wsgi:application", serve.SITE_PORT, serve.site_env(database, "cached")
    )
    base = f"http://127.0.0.1:{serve.SITE_PORT}"
    try:
        output = subprocess.run(
            [
                "wrk",
                "-t2",
                f"-c{args.conns}",
                f"-d{args.duration}",
                "--latency",
                "--timeout",
                "10s",
                "-s",
                str(ROOT / "bench" / "load" / "mixed.lua"),
                base,
            ],
            capture_output=True,
            text=True,
            check=True,
            env={"PATHS": " ".join(paths)},
        ).stdout
        line = next(row for row in output.splitlines() if row.startswith("RESULT"))
        load = {key: float(value) for key, value in re.findall(r"(\w+)=([\d.]+)", line)}
        hostile = hostile_run(base, paths[:10])
    finally:
        serve.stop(site)
    results = {
        "articles": args.articles,
        "duration": args.duration,
        "load": load,
        "hostile": hostile,
    }
    (serve.OUT / f"load-{args.articles}.json").write_text(json.dumps(results, indent=2))
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
