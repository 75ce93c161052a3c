#!/usr/bin/env python3
"""The million-article archive: generate the shared corpus, import it, measure, serve it.

    python3 bench/million/run.py                          # 1,000,000 articles, every step
    python3 bench/million/run.py --steps import           # import again into a fresh database
    python3 bench/million/run.py --steps serve --modes uncached --pages search
    python3 bench/million/run.py --articles 20000 --database newsroom_bench_million_small

Steps (`--steps`, in this order):

- generate: `../shared/bench/corpus.py -n N` into `--data` (the 1M corpus is about 4.4 GB),
  linked from `bench/out/corpus-N.jsonl`, where `bench/serve/run.py` looks for it; then the
  corpus' sample paths (`corpus.py --describe`, read a line at a time here, as the shared
  script holds the whole corpus in memory) into `bench/out/corpus-N.describe.json`.
- import: a fresh PostgreSQL database (`--database`, dropped and created), migrated, then
  `manage.py import_articles` as shipped under `nice -n 5` (others' tests share the cores),
  with DEBUG off. Every 10 s the importer's resident memory (VmRSS) and the highest article
  id so far are written to `bench/out/million-import-N.tsv`; at the end its wall and CPU
  seconds and its peak memory, then `VACUUM ANALYZE`'s seconds, to
  `bench/out/million-import-N.json`.
- serve: `bench/serve/run.py --articles N --database DATABASE` on the imported database (no
  second import), in the modes and pages given.

Only 127.0.0.1 is used; every step ends by itself.
"""

import argparse
import json
import os
import re
import resource
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("NEWSROOM_SHARED_BENCH", ROOT.parent / "shared" / "bench"))
OUT = ROOT / "bench" / "out"
PYTHON = ROOT / ".venv" / "bin" / "python"
PGPORT = os.environ.get("PGPORT", "5432")
SECRET = "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
SAMPLE_SECONDS = 10


def psql(database, sql):
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-p", PGPORT, "-U", "postgres", "-d", database, "-tAc", sql],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def env_for(database):
    return os.environ | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DATABASE_URL": f"postgres://postgres@127.0.0.1:{PGPORT}/{database}",
        # A database of Redis of its own; nothing here flushes it.
        "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/4"),
    }


def generate(articles, data):
    corpus = data / f"corpus-{articles}.jsonl"
    if not corpus.exists():
        started = time.monotonic()
        partial = corpus.with_suffix(".jsonl.tmp")
        subprocess.run(
            [sys.executable, str(SHARED / "corpus.py"), "-n", str(articles), "-o", str(partial)],
            check=True,
        )
        partial.rename(corpus)
        print(f"generated {corpus} in {time.monotonic() - started:.0f} s", flush=True)
    link = OUT / corpus.name
    if link.resolve() != corpus.resolve():
        link.unlink(missing_ok=True)
        link.symlink_to(corpus)
    described = OUT / f"corpus-{articles}.describe.json"
    if not described.exists():
        described.write_text(json.dumps(describe(corpus), ensure_ascii=False, indent=1))
    return corpus


def describe(path):
    """What `corpus.py --describe` prints, read a line at a time (the same choices)."""
    sys.path.insert(0, str(SHARED))
    from corpus import slugify  # noqa: PLC0415 -- the shared script's own slugs

    tags, articles, body_bytes, hits, detail = Counter(), 0, 0, 0, None
    word = "banyuwangi"
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            articles += 1
            tags.update(article["tags"])
            body_bytes += len(article["body"].encode())
            hits += word in (article["title"] + article["lead"] + article["body"]).lower()
            # The newest article with 3 related links and 3 tags or more: the last one read.
            if len(article["related"]) == 3 and len(article["tags"]) >= 3:
                detail = article
            last = article
    detail = detail or last
    top_tag, top_n = tags.most_common(1)[0]
    return {
        "articles": articles,
        "distinct_tags": len(tags),
        "detail_slug": detail["slug"],
        "detail_published_at": detail["published_at"],
        "top_tag": top_tag,
        "top_tag_slug": slugify(top_tag),
        "top_tag_articles": top_n,
        "search_word": word,
        "search_hits": hits,
        "avg_body_bytes": body_bytes // articles,
    }


def status_of(pid):
    """VmRSS and VmHWM of a process in MB, or None once it is gone."""
    try:
        text = Path(f"/proc/{pid}/status").read_text()
    except FileNotFoundError:
        return None
    found = dict(re.findall(r"^(VmRSS|VmHWM):\s+(\d+) kB", text, re.MULTILINE))
    return {name: int(value) / 1024 for name, value in found.items()}


def import_corpus(articles, corpus, database):
    if database in ("postgres", "template0", "template1"):
        raise SystemExit("not that database")
    psql("postgres", f"DROP DATABASE IF EXISTS {database}")
    psql("postgres", f"CREATE DATABASE {database}")
    env = env_for(database)
    subprocess.run([str(PYTHON), "manage.py", "migrate", "--verbosity", "0"], cwd=ROOT, env=env)
    command = ["nice", "-n", "5", str(PYTHON), "manage.py", "import_articles", str(corpus)]
    command += ["--format", "jsonl", "--status", "published", "--quiet"]
    samples_path = OUT / f"million-import-{articles}.tsv"
    started = time.monotonic()
    process = subprocess.Popen(command, cwd=ROOT, env=env)
    samples = []
    with samples_path.open("w") as out:
        out.write("seconds\trss_mb\thighest_id\n")
        while process.poll() is None:
            memory = status_of(process.pid)
            highest = psql(database, "SELECT coalesce(max(id), 0) FROM articles_article")
            if memory:
                sample = (round(time.monotonic() - started), memory["VmRSS"], int(highest))
                samples.append(sample)
                out.write("{}\t{:.1f}\t{}\n".format(*sample))
                out.flush()
            time.sleep(SAMPLE_SECONDS)
    seconds = time.monotonic() - started
    if process.returncode:
        raise SystemExit(f"import_articles failed ({process.returncode})")
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    analyze_started = time.monotonic()
    psql(database, "VACUUM ANALYZE")
    rss = [sample[1] for sample in samples] or [0]
    result = {
        "articles": int(psql(database, "SELECT count(*) FROM articles_article")),
        "seconds": round(seconds, 1),
        # Of the finished children: the importer (and migrate, a second or two).
        "cpu_seconds": round(usage.ru_utime + usage.ru_stime, 1),
        "peak_rss_mb": round(usage.ru_maxrss / 1024, 1),
        "rss_mb_min": min(rss),
        "rss_mb_max": max(rss),
        "rss_samples": len(samples),
        "vacuum_analyze_seconds": round(time.monotonic() - analyze_started, 1),
        "database_size": psql(database, f"SELECT pg_size_pretty(pg_database_size('{database}'))"),
        "nice": 5,
    }
    (OUT / f"million-import-{articles}.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--data", type=Path, default=Path("/work/bench-data"))
    parser.add_argument("--database", default="newsroom_million")
    parser.add_argument("--steps", default="generate,import,serve")
    parser.add_argument("--modes", default="cold,uncached")
    parser.add_argument("--pages", help="pages to serve (bench/serve/run.py --pages)")
    parser.add_argument("--duration", type=int, default=15)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()
    OUT.mkdir(parents=True, exist_ok=True)
    args.data.mkdir(parents=True, exist_ok=True)
    steps = args.steps.split(",")
    corpus = generate(args.articles, args.data) if "generate" in steps else None
    if "import" in steps:
        corpus = corpus or OUT / f"corpus-{args.articles}.jsonl"
        import_corpus(args.articles, corpus, args.database)
    if "serve" in steps:
        serve = [sys.executable, str(ROOT / "bench" / "serve" / "run.py")]
        serve += ["--articles", str(args.articles), "--database", args.database]
        serve += ["--modes", args.modes, "--duration", str(args.duration)]
        serve += ["--rounds", str(args.rounds), "--warmup", str(args.warmup)]
        serve += ["--pages", args.pages] if args.pages else []
        subprocess.run(serve, check=True, env=env_for(args.database))


if __name__ == "__main__":
    main()
