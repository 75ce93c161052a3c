"""Run one `import_articles` in this process and print its seconds and peak memory.

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


def main():
    corpus, label = sys.argv[1], (sys.argv[2] if len(sys.argv) > 2 else connection.vendor)
    started = time.monotonic()
    call_command("import_articles", corpus, quiet=True)
    seconds = time.monotonic() - started
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{label}\tarticles={Article.objects.count()}\tlinks={RelatedLink.objects.count()}"
        f"\tseconds={seconds:.1f}\tpeak_rss_mb={peak_mb:.0f}",
        flush=True,
    )


if __name__ == "__main__":
    main()
