"""The news day's starting state: every page of the mix kept, as on a site that has been
serving its readers for a while, and that same state again at the start of every phase.

`walk()` asks for each page once (the first time, the cold render: about 32 ms for an archive
article); `dump` and `restore`, run with the project's Python (they need redis-py), save the
Redis database the site then holds and put it back, each entry given at least its whole time
again (its remaining time plus the time since the walk began).

    .venv/bin/python bench/newsday/warm.py dump redis://127.0.0.1:6379/5 FILE
    .venv/bin/python bench/newsday/warm.py restore redis://127.0.0.1:6379/5 FILE
"""

import argparse
import pickle
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor

BATCH = 500


def walk(base, paths, headers, clients=16):
    """GET each of `paths` once from `base`, `clients` at a time; (seconds, failures)."""

    def get(path):
        request = urllib.request.Request(base + path, headers=headers)
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                response.read()
                return response.status >= 400
        except OSError:
            return True

    started = time.monotonic()
    with ThreadPoolExecutor(clients) as pool:
        failures = sum(pool.map(get, dict.fromkeys(paths)))
    return time.monotonic() - started, failures


def dump(url, path, since):
    """Every key of the Redis database at `url`, with its value and the milliseconds it was
    kept for when written (what remains plus the time since `since`, the walk's start)."""
    import redis

    client, entries = redis.Redis.from_url(url), []
    extra_ms = int((time.time() - since) * 1000)
    keys = list(client.scan_iter(count=1000))
    for start in range(0, len(keys), BATCH):
        batch = keys[start : start + BATCH]
        pipe = client.pipeline(transaction=False)
        for key in batch:
            pipe.pttl(key)
            pipe.dump(key)
        answers = pipe.execute()
        for key, ttl, value in zip(batch, answers[::2], answers[1::2], strict=True):
            if value is not None:
                entries.append((key, ttl + extra_ms if ttl > 0 else 0, value))
    with open(path, "wb") as file:
        pickle.dump(entries, file, pickle.HIGHEST_PROTOCOL)
    print(f"{len(entries)} keys kept")


def restore(url, path):
    """The Redis database at `url` emptied, then given back what `dump` saved."""
    import redis

    client = redis.Redis.from_url(url)
    with open(path, "rb") as file:
        entries = pickle.load(file)  # noqa: S301 -- our own file, written by dump()
    client.flushdb()
    for start in range(0, len(entries), BATCH):
        pipe = client.pipeline(transaction=False)
        for key, ttl, value in entries[start : start + BATCH]:
            pipe.restore(key, ttl, value, replace=True)
        pipe.execute()


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", choices=["dump", "restore"])
    parser.add_argument("url")
    parser.add_argument("file")
    parser.add_argument("--since", type=float, help="dump: when the walk began (time.time())")
    args = parser.parse_args()
    if args.command == "dump":
        dump(args.url, args.file, args.since or time.time())
    else:
        restore(args.url, args.file)


if __name__ == "__main__":
    main()
