"""Terpopuler's costs: the server CPU of one counted visit, and the roll-up of a day's visits.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/newsroom_bench_popular \
    REDIS_URL=redis://127.0.0.1:6379/6 .venv/bin/python bench/popular/run.py [--visits 20000]

Makes the database (migrate) and ARTICLES articles if it has none. Visits go through Django's
whole middleware stack in this process (the test client: no network, no gunicorn), each
from another address, and the CPU time of the process is divided by them; the database
queries they make are counted (the target is none). Then a day of visits (--day, 1,000,000 by
default) is put into Redis as the visits would leave them (24 hourly hashes over the
articles) and rolled up into the database by the task's own function, timed.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
os.environ.setdefault("NEWSROOM_VIEWS_PREFIX", "newsroom-bench:views")

ARTICLES = 5000
BROWSER = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/131.0 Mobile Safari/537.36"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--visits", type=int, default=20_000)
    parser.add_argument("--day", type=int, default=1_000_000)
    options = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from articles.models import Article, ViewCount
    from readers import popular

    if not settings.REDIS_URL or connection.vendor != "postgresql":
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")
    call_command("migrate", verbosity=0)
    if Article.objects.count() < ARTICLES:
        now = timezone.now()
        Article.objects.bulk_create(
            Article(
                title=f"Berita bangku {n}",
                slug=f"berita-bangku-{n}",
                lead="Ringkasan.",
                body="<p>Isi.</p>",
                status=Article.Status.PUBLISHED,
                published_at=now,
            )
            for n in range(ARTICLES)
        )
    ids = list(Article.objects.values_list("pk", flat=True)[:ARTICLES])
    store = popular.redis()
    for name in store.scan_iter(match=f"{settings.NEWSROOM_VIEWS_PREFIX}:*"):
        store.delete(name)
    ViewCount.objects.all().delete()

    client = Client(HTTP_USER_AGENT=BROWSER)
    client.post(f"/hitung/{ids[0]}/", REMOTE_ADDR="10.0.0.1")  # imports and connections warm
    # The floor: the same middleware and test client around the cheapest view there is.
    client.get("/healthz")
    started_cpu = time.process_time()
    for _number in range(options.visits):
        client.get("/healthz")
    floor = (time.process_time() - started_cpu) / options.visits * 1000
    print(f"floor (/healthz through the same stack): {floor:.3f} ms CPU each")
    started_cpu, started = time.process_time(), time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        for number in range(options.visits):
            address = f"10.{number // 65536 % 256}.{number // 256 % 256}.{number % 256}"
            client.post(f"/hitung/{random.choice(ids)}/", REMOTE_ADDR=address)
    cpu, wall = time.process_time() - started_cpu, time.perf_counter() - started
    print(
        f"visits: {options.visits}, {cpu / options.visits * 1000:.3f} ms CPU and "
        f"{wall / options.visits * 1000:.3f} ms wall each, database queries: {len(queries)}"
    )

    for name in store.scan_iter(match=f"{settings.NEWSROOM_VIEWS_PREFIX}:*"):
        store.delete(name)
    now = timezone.now()
    per_hour = options.day // 24
    pipeline = store.pipeline(transaction=False)
    for hour in range(24):
        start = popular.hour_of(now) - timedelta(hours=hour)
        name = f"{popular.prefix()}:hour:{start:%Y%m%d%H}"
        counts = {}
        for _ in range(per_hour):
            article = random.choice(ids)
            counts[article] = counts.get(article, 0) + 1
        for article, views in counts.items():
            pipeline.hincrby(name, str(article), views)
    pipeline.execute()
    started = time.perf_counter()
    written = popular.roll_up(now)
    elapsed = time.perf_counter() - started
    total = sum(ViewCount.objects.values_list("views", flat=True))
    print(
        f"roll-up of {per_hour * 24} visits: {written} hourly counts written in "
        f"{elapsed:.2f} s; {total} views in the database"
    )
    for name in store.scan_iter(match=f"{settings.NEWSROOM_VIEWS_PREFIX}:*"):
        store.delete(name)


if __name__ == "__main__":
    main()
