#!/usr/bin/env python3
"""CPU of each cold public page, made in process: where a cold page's time goes.

    python3 bench/serve/cpu.py [--articles 10000] [--pages home,article] [--top 25]

Renders each page of the serving bench with nothing kept (the "cold" mode of `run.py`: no
page, fragment or count cache), `--times` times one after another, through Django's test
client on the benchmark database (`run.py --articles N` prepares it). Prints, per page, the
median CPU time of this process per request (Python only: PostgreSQL's own CPU is apart) and
its queries, and the least CPU of them (the steadiest figure while other work shares the
machine); with `--top`, the functions that cost most (cProfile, cumulative). CPU time of
one process is steadier than requests per second on a shared machine.
"""

import argparse
import cProfile
import json
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as serve  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--pages", default="home,list,article,tag,search")
    parser.add_argument("--times", type=int, default=30)
    parser.add_argument("--top", type=int, default=0, help="print the N costliest functions")
    parser.add_argument("--sort", default="cumulative", help="cProfile's order (tottime…)")
    args = parser.parse_args()
    database = f"newsroom_bench_{args.articles}"
    os.environ.update(serve.site_env(database, "cold"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    sample = json.loads((serve.OUT / f"corpus-{args.articles}.describe.json").read_text())

    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    paths = serve.page_paths(sample)
    for name in args.pages.split(","):
        path = paths[name]
        for _ in range(3):
            assert client.get(path).status_code == 200, path
        cpu = []
        for _ in range(args.times):
            started = time.process_time()
            client.get(path)
            cpu.append((time.process_time() - started) * 1000)
        with CaptureQueriesContext(connection) as queries:
            client.get(path)
        print(
            f"{name:14} {statistics.median(cpu):6.2f} ms CPU (least {min(cpu):6.2f})"
            f"  {len(queries)} queries  {path}"
        )
        if args.top:
            profile = cProfile.Profile(time.process_time)
            profile.enable()
            for _ in range(10):
                client.get(path)
            profile.disable()
            pstats.Stats(profile).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
