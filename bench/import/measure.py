"""Run one `import_articles` in this process: its seconds, CPU time, statements and peak memory.

CPU time (user + system, of this process only) and SQL statements per article (BEGIN and
COMMIT not counted) vary far less than seconds on a busy machine; the database server's own
work is in neither.

Usage (from the project folder, with DATABASE_URL pointing at a migrated, empty database):
    python bench/import/measure.py CORPUS.jsonl [LABEL]
"""

import os
import resource
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from articles.models import Article, RelatedLink  # noqa: E402


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def main():
    corpus, label = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else connection.vendor)
    statements = 0

    def count(execute, sql, params, many, context):
        nonlocal statements
        statements += 1
        return execute(sql, params, many, context)

    started, cpu_started = time.monotonic(), cpu_seconds()
    with connection.execute_wrapper(count):
        call_command("import_articles", corpus, quiet=True)
    seconds, cpu = time.monotonic() - started, cpu_seconds() - cpu_started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    articles = Article.objects.count()
    print(
        f"{label}\tarticles={articles}\tlinks={RelatedLink.objects.count()}"
        f"\tseconds={seconds:.1f}\tcpu_seconds={cpu:.1f}"
        f"\tstatements_per_article={statements / max(articles, 1):.2f}"
        f"\tpeak_rss_mb={peak_mb:.0f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
