#!/usr/bin/env python3
"""Every query of every public page, explained on the benchmark database.

    python3 bench/serve/explain.py --articles 100000

Renders each page of the serving bench once in process, with fragments and pages not kept
(every query runs), and prints each query's execution time and the plan nodes that read a
table: an index scan names its index, a sequential scan over a large table is flagged. Run
`bench/serve/run.py --articles N` first: it prepares the database `newsroom_bench_N`.
"""

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as serve  # noqa: E402

# Tables this small are read whole faster than through an index; PostgreSQL knows it.
SMALL_TABLES = {"articles_section", "articles_source", "articles_image", "articles_staticpage"}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--database", help="newsroom_bench_N unless given (bench/million)")
    parser.add_argument("--pages", help="comma-separated page names (all)")
    args = parser.parse_args()
    database = args.database or f"newsroom_bench_{args.articles}"
    os.environ.update(serve.site_env(database, "cold"))
    os.environ["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    described = serve.OUT / f"corpus-{args.articles}.describe.json"
    if not described.exists():
        described.write_text(
            subprocess.run(
                [
                    sys.executable,
                    str(serve.SHARED / "corpus.py"),
                    "--describe",
                    str(serve.OUT / f"corpus-{args.articles}.jsonl"),
                ],
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
    sample = json.loads(described.read_text())
    import django

    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    flagged = 0
    for name, path in serve.page_paths(sample).items():
        if args.pages and name not in args.pages.split(","):
            continue
        client.get(path)  # warm the connection and the content version
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200, path
        print(f"\n== {name} {path}: {len(captured.captured_queries)} queries")
        for query in captured.captured_queries:
            if query["sql"].startswith("EXPLAIN"):  # a long list's estimated count
                print(f"{'':>8}     {query['sql'][:60]}")
                continue
            with connection.cursor() as cursor:
                cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
                plan = cursor.fetchone()[0][0]
            reads = list(table_reads(plan["Plan"]))
            slow = [
                read
                for read in reads
                if read[0] == "Seq Scan" and read[1] not in SMALL_TABLES and read[2] > 1000
            ]
            flagged += len(slow)
            summary = ", ".join(
                f"{kind} {table}{' via ' + index if index else ''} ({rows} rows)"
                for kind, table, rows, index in reads
            )
            print(f"{plan['Execution Time']:8.2f} ms  {'SEQ SCAN ' if slow else ''}{summary}")
    print(f"\nsequential scans of large tables: {flagged}")
    return 1 if flagged else 0


def table_reads(node):
    if "Relation Name" in node:
        yield (
            node["Node Type"],
            node["Relation Name"],
            node.get("Actual Rows", 0) * node.get("Actual Loops", 1),
            node.get("Index Name", ""),
        )
    for child in node.get("Plans", []):
        yield from table_reads(child)


if __name__ == "__main__":
    sys.exit(main())
