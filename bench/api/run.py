#!/usr/bin/env python3
"""The API against the matching HTML page, each beside the hello-world floor.

    python3 bench/api/run.py                      # a few seconds per address
    python3 bench/api/run.py --duration 15 --rounds 3 --modes cold,uncached,cached

Serves the database `bench/serve/run.py` imported (`newsroom_bench_10000` unless
`--database`; run that first) with the same gunicorn settings on 127.0.0.1, and loads in turn
the API's list and the list page (`/api/v1/articles/`, `/berita/`), then the API's detail and
the article page (`/api/v1/articles/<id>/`, `/berita/<slug>/`), each taking turns with the
floor (bench/serve's helpers: `wrk`, the CPU read from /proc). "uncached" is what the issue's
target names: no whole page kept, the fragment and data caches on (Redis). Prints requests
per second, p50, the share of the floor and the API's share over its page's; writes
`bench/out/api.json`. Only 127.0.0.1 is ever loaded.
"""

import argparse
import importlib.util
import json
import os
import subprocess
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
_spec = importlib.util.spec_from_file_location("serve", ROOT / "bench" / "serve" / "run.py")
serve = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(serve)

if not serve.GUNICORN.exists():  # run from another virtual environment's Python
    serve.PYTHON = Path(sys.executable)
    serve.GUNICORN = Path(sys.executable).with_name("gunicorn")
# Apart from bench/serve's, so both can run on one machine.
SITE_PORT, FLOOR_PORT = 8190, 8191


def newest_article(database):
    """The id and slug of the newest published article."""
    row = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-p",
            serve.PGPORT,
            "-U",
            "postgres",
            "-d",
            database,
            "-tAc",
            "SELECT id, slug FROM articles_article WHERE status = 'published' "
            "AND taken_down_at IS NULL AND published_at <= now() "
            "ORDER BY published_at DESC, id DESC LIMIT 1",
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    if not row:
        raise SystemExit(f"{database} holds no published article: run bench/serve/run.py first")
    pk, slug = row.split("|")
    return int(pk), slug


def pairs(pk, slug):
    return {
        "list": ("/api/v1/articles/", "/berita/"),
        "detail": (f"/api/v1/articles/{pk}/", f"/berita/{slug}/"),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default="newsroom_bench_10000")
    parser.add_argument("--duration", type=int, default=4, help="seconds of load per address")
    parser.add_argument("--rounds", type=int, default=2, help="turns each takes with the floor")
    parser.add_argument("--warmup", type=int, default=2)
    parser.add_argument("--conns", type=int, default=8)
    parser.add_argument("--modes", default="uncached")
    args = parser.parse_args()
    serve.OUT.mkdir(parents=True, exist_ok=True)
    pk, slug = newest_article(args.database)
    floor = serve.start(
        "hello:application",
        FLOOR_PORT,
        os.environ.copy(),
        chdir=serve.SHARED / "limits" / "hello",
    )
    results = {}
    try:
        for mode in args.modes.split(","):
            # The limit per address still runs (its cost is measured) but never refuses wrk,
            # one address; a per-second rate keeps its history of requests short.
            env = serve.site_env(args.database, mode) | {"NEWSROOM_API_RATE": "100000/s"}
            serve.sh(
                str(serve.PYTHON),
                "manage.py",
                "collectstatic",
                "--noinput",
                "-v",
                "0",
                cwd=ROOT,
                env=env,
            )
            site = serve.start("newsroom.wsgi:application", SITE_PORT, env)
            try:
                for name, (api, page) in pairs(pk, slug).items():
                    for kind, path in (("api", api), ("page", page)):
                        url = f"http://127.0.0.1:{SITE_PORT}{path}"
                        with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310
                            assert response.status == 200, url
                        results.setdefault(mode, {}).setdefault(name, {})[kind] = beside_floor(
                            args, url
                        )
            finally:
                serve.stop(site)
    finally:
        serve.stop(floor)
    (serve.OUT / "api.json").write_text(json.dumps(results, indent=2))
    report(results)


def beside_floor(args, url):
    floor_url = f"http://127.0.0.1:{FLOOR_PORT}/"
    serve.wrk(url, args, seconds=args.warmup)
    runs, floor_runs = [], []
    for _ in range(args.rounds):
        runs.append(serve.wrk(url, args))
        floor_runs.append(serve.wrk(floor_url, args))
    row, floor = serve.combined(runs), serve.combined(floor_runs)
    return row | {"floor_rps": floor["rps"], "alone_ms": serve.unloaded_ms(url, times=10)}


def share(row):
    return row["rps"] / row["floor_rps"]


def report(results):
    print(
        f"{'mode':<9} {'what':<7} {'':<5} {'req/s':>8} {'p50 ms':>7} {'floor':>7} "
        f"{'alone ms':>8} {'API/page':>8}"
    )
    for mode, rows in results.items():
        for name, kinds in rows.items():
            for kind in ("api", "page"):
                row = kinds[kind]
                # Each beside the floor measured with it: the machine's speed drifts.
                ratio = share(kinds["api"]) / share(kinds["page"]) if kind == "api" else None
                print(
                    f"{mode:<9} {name:<7} {kind:<5} {row['rps']:>8.0f} {row['p50_ms']:>7.2f} "
                    f"{share(row):>7.1%} {row['alone_ms']:>8.2f} "
                    + (f"{ratio:>8.2f}" if ratio else "")
                )


if __name__ == "__main__":
    main()
