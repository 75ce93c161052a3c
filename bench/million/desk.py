"""The desk's article list on a large database: milliseconds per page and its slowest SQL.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_million \\
        .venv/bin/python bench/million/desk.py [--runs 7]

Logs in an editor of its own (`bench-desk-editor`, created once, a superuser) with Django's
test client, in this process, and asks each list below `--runs` times after one warm-up:
prints the median and the slowest milliseconds, the queries and the slowest of them, and
whether any counted rows with a full COUNT(*). Reads only; nothing is served on a port.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Tag  # noqa: E402

LIST = "/admin/articles/article/"


def lists():
    tag = Tag.objects.order_by("pk").values_list("pk", flat=True).first()
    return {
        "all": LIST,
        "page 90": f"{LIST}?p=90",
        "published": f"{LIST}?state=published",
        "a year": f"{LIST}?published_at__year=2020",
        "a tag": f"{LIST}?tags__id__exact={tag}",
        "search": f"{LIST}?q=banyuwangi",
    }


def timed(client, url, runs):
    client.get(url)
    timings, slowest = [], None
    for _ in range(runs):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)  # noqa: S101
        slowest = max(queries.captured_queries, key=lambda query: float(query["time"]))
        counts = [q["sql"] for q in queries.captured_queries if "COUNT(*)" in q["sql"].upper()]
    return timings, len(queries.captured_queries), slowest, counts


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--only", help="comma-separated list names")
    args = parser.parse_args()
    user, _created = get_user_model().objects.get_or_create(
        username="bench-desk-editor", defaults={"is_staff": True, "is_superuser": True}
    )
    client = Client()
    client.force_login(user)
    for name, url in lists().items():
        if args.only and name not in args.only.split(","):
            continue
        timings, queries, slowest, counts = timed(client, url, args.runs)
        print(
            f"{name:<10} median {statistics.median(timings):7.1f} ms  max {max(timings):7.1f}"
            f"  queries {queries:3}  slowest {float(slowest['time']) * 1000:6.1f} ms"
            f"  counts {len(counts)}",
            flush=True,
        )
        print(f"           {slowest['sql'][:160]}")
        for sql in counts:
            print(f"           count: {sql[:200]}")


if __name__ == "__main__":
    main()
