#!/usr/bin/env bash
# Import benchmark: the shared 10,000-article corpus (or N=100000) into a fresh SQLite file
# and a fresh PostgreSQL database, then the same file again (everything unchanged).
# Prints seconds and peak memory of each run. Needs PostgreSQL on 127.0.0.1:5432.
#   bash bench/import/run.sh            # N=10000
#   N=100000 bash bench/import/run.sh   # memory must stay flat
set -euo pipefail
cd "$(dirname "$0")/../.."
N="${N:-10000}"
PYTHON="${PYTHON:-.venv/bin/python}"
CORPUS="/tmp/newsroom-corpus-$N.jsonl"
SQLITE="/tmp/newsroom-bench-import.sqlite3"
PG_NAME="newsroom_bench_import"
PG_URL="postgres://postgres@127.0.0.1:5432/$PG_NAME"
export DJANGO_SECRET_KEY="bench-only-secret-key"

if [ ! -s "$CORPUS" ]; then
  python3 ../shared/bench/corpus.py -n "$N" -o "$CORPUS.tmp" && mv "$CORPUS.tmp" "$CORPUS"
fi
echo "corpus: $CORPUS ($(du -h "$CORPUS" | cut -f1), $N articles)"

rm -f "$SQLITE" "$SQLITE-shm" "$SQLITE-wal"
DATABASE_URL="sqlite:///$SQLITE" "$PYTHON" manage.py migrate --verbosity 0
DATABASE_URL="sqlite:///$SQLITE" "$PYTHON" bench/import/measure.py "$CORPUS" "sqlite first run"
DATABASE_URL="sqlite:///$SQLITE" "$PYTHON" bench/import/measure.py "$CORPUS" "sqlite second run"

psql -h 127.0.0.1 -U postgres -q -c "DROP DATABASE IF EXISTS $PG_NAME" -c "CREATE DATABASE $PG_NAME"
DATABASE_URL="$PG_URL" "$PYTHON" manage.py migrate --verbosity 0
DATABASE_URL="$PG_URL" "$PYTHON" bench/import/measure.py "$CORPUS" "postgresql first run"
DATABASE_URL="$PG_URL" "$PYTHON" bench/import/measure.py "$CORPUS" "postgresql second run"
