#!/usr/bin/env python3
"""News-day benchmark: readers over a real day's mix while an editor publishes and edits.

    python3 bench/newsday/run.py              # 120 s a phase, about 12 minutes in all
    python3 bench/newsday/run.py --quick      # 30 s a phase, 1,000 archive articles: 4 minutes

16 readers (`wrk -t2 -c16`, 127.0.0.1 only) request the mix in MIX below, against the site
under gunicorn as shipped with every cache on (`bench/serve/run.py`'s "cached" mode, Redis as
the shared cache), on a copy of the database `bench/serve/run.py` prepares (the editor's
changes never reach that one). Phases: (1) no edits; (2) a news day: `editor.py` publishes a
new article every 60 s and edits one of the top stories every 15 s through the project's
models; then the same two behind Varnish (`deploy/varnish/newsroom.vcl`, when it exists) with
NEWSROOM_PURGE_URLS pointing the site and the editor at it.

Every phase starts from the same steady state, that of a site that has served for a while:
every page of the mix asked for once before the first phase (`warm.py`), that database and
Redis put back before each phase, gunicorn (and Varnish, filled with every page once) started
again; then a short warm-up. So the phases compared differ only by the editor's work, and each
reader thread asks for the same pages in the same order in every phase. Also loaded in the
same run: the hello-world floor and nginx serving static copies of the same pages. Prints
requests per second, p50, p99, errors and how soon each change was visible; writes
`bench/out/newsday-N.json`. Every process it starts is stopped by its PID at the end, on an
error or Ctrl-C too.
"""

import argparse
import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import tempfile
import time
import types
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "bench" / "serve")]

import run as serve  # noqa: E402  -- bench/serve/run.py: database, gunicorn, wrk

sys.path.append(str(serve.SHARED))  # after this folder: it has a report.py too

import corpus  # noqa: E402  -- the shared corpus' vocabulary, for the searches
import proxies  # noqa: E402
import summary  # noqa: E402
import warm  # noqa: E402

SITE_PORT, FLOOR_PORT, VARNISH_PORT, NGINX_PORT = 8100, 8101, 8102, 8103
# A Redis database of its own: the copy's pages must not meet bench/serve's under one key.
REDIS_URL = os.environ.get("NEWSDAY_REDIS_URL", "redis://127.0.0.1:6379/5")
READERS_LUA = HERE / "readers.lua"
EDITOR = HERE / "editor.py"
WARM = HERE / "warm.py"
# Readers' browsers take gzip: the site, Varnish and nginx all send their compressed copies.
GZIP = ["Accept-Encoding: gzip"]
PSQL = ["psql", "-h", "127.0.0.1", "-p", serve.PGPORT, "-U", "postgres", "-q"]
QUIET = os.environ | {"PGOPTIONS": "-c client_min_messages=warning"}  # no "does not exist"

# The readers' mix: share of requests (in 100) per category, and what the category holds.
# Most readers come for the home page and the day's top stories; the rest is spread out.
MIX = {
    "home": 30,  # /
    "top": 40,  # the 50 newest articles' pages: the day's top stories
    "archive": 15,  # any other of the archive's articles, at random
    "lists": 8,  # /berita/ (40% of these), each section's list, a few ?page=N
    "tags": 5,  # the 50 most used tags' pages
    "search": 2,  # /cari/?q= with 60 different words, places and pairs of words
}
ARCHIVE_COPIES = 200  # archive articles copied for nginx (a static file costs the same)


def mix_pages(described):
    """The pages of each category of MIX; `described` is what `editor.py paths` prints."""
    rng = random.Random(20261203)
    sections = [f"/rubrik/{slug}/" for slug in described["sections"]]
    lists = ["/berita/"] * (len(sections) + 4) + sections
    lists += [f"/berita/?page={number}" for number in (2, 3, 4, 5, 10, 50)]
    lists += [f"{section}?page=2" for section in sections[:3]]
    words = rng.sample(corpus.CONTENT_WORDS, 50)
    searches = words[:30] + [
        f"{one}+{two}" for one, two in zip(words[30:40], words[40:50], strict=True)
    ]
    searches += [place.lower() for place in rng.sample(corpus.PLACES, 20)]
    return {
        "home": ["/"],
        "top": [f"/berita/{slug}/" for slug in described["top"]],
        "archive": [f"/berita/{slug}/" for slug in described["archive"]],
        "lists": lists,
        "tags": [f"/tag/{slug}/" for slug in described["tags"]],
        "search": [f"/cari/?q={words}" for words in searches],
    }


def write_mix(pages, path, shares=MIX):
    lines = [f"share {category} {share}" for category, share in shares.items()]
    lines += [f"page {category} {page}" for category in MIX for page in pages[category]]
    Path(path).write_text("\n".join(lines) + "\n")
    return path


def load(url, seconds, mix=None, conns=16):
    """One `wrk` load (bench/serve/run.py's): the mix in file `mix`, or `url` alone."""
    if mix:
        os.environ["NEWSDAY_PATHS"] = str(mix)
    bounds = types.SimpleNamespace(conns=conns, duration=seconds, rounds=1)
    row = serve.wrk(url, bounds, headers=GZIP, seconds=seconds, script=READERS_LUA if mix else None)
    row["errors"] = row.pop("non2xx")  # readers.lua counts answers of 400 and above
    row["cpu_ms"] = row["cpu_s"] * 1000 / max(row["requests"], 1)
    return row


def copy_database(source, target):
    drop_database(target)
    made = subprocess.run(
        [*PSQL, "-c", f"CREATE DATABASE {target} TEMPLATE {source}"], capture_output=True
    )
    if made.returncode:  # someone is connected to the source: copy it row by row instead
        serve.sh(*PSQL, "-c", f"CREATE DATABASE {target}")
        dump = subprocess.Popen(
            ["pg_dump", "-h", "127.0.0.1", "-p", serve.PGPORT, "-U", "postgres", source],
            stdout=subprocess.PIPE,
        )
        serve.sh(*PSQL, "-d", target, stdin=dump.stdout, stdout=subprocess.DEVNULL)
        if dump.wait():
            raise SystemExit(f"pg_dump {source} failed")


def drop_database(name):
    subprocess.run([*PSQL, "-c", f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"], env=QUIET)


def environment(database, purge=None):
    """The site's environment, and the editor's: bench/serve's "cached" mode."""
    env = serve.site_env(database, "cached") | {"REDIS_URL": REDIS_URL}
    env.pop("NEWSROOM_PURGE_URLS", None)
    if purge:
        env["NEWSROOM_PURGE_URLS"] = purge
    return env


class Run:
    """One run: its databases, its processes (each stopped by its PID when the run ends) and
    the state each phase starts from."""

    def __init__(self, args, folder):
        self.args, self.folder, self.processes, self.front = args, Path(folder), [], []
        self.base = f"newsroom_newsday_{args.articles}_start"  # the state each phase starts at
        self.database = f"newsroom_newsday_{args.articles}"
        self.snapshot = self.folder / "redis.pickle"

    def started(self, process):
        self.processes.append(process)
        return process

    def stop(self, process):
        if process in self.processes:
            self.processes.remove(process)
        if process.poll() is not None:
            return
        try:
            serve.stop(process)  # SIGTERM to its session, then wait
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        except ProcessLookupError:
            pass

    def stop_all(self):
        for process in reversed(list(self.processes)):
            self.stop(process)
        # One started but not handed back yet (Ctrl-C while gunicorn was starting).
        for pid in children():
            with contextlib.suppress(ProcessLookupError):
                if os.getpgid(pid) == pid:
                    os.killpg(pid, signal.SIGTERM)
                else:
                    os.kill(pid, signal.SIGTERM)

    def site(self, env):
        self.front = [self.started(serve.start("newsroom.wsgi:application", SITE_PORT, env))]
        return f"http://127.0.0.1:{SITE_PORT}"

    def steady_state(self, env, pages):
        """Every page of the mix asked for once (a site that has served for a while), then
        that state kept: the database as `self.base`, Redis in `self.snapshot`."""
        copy_database(f"newsroom_bench_{self.args.articles}", self.base)
        copy_database(self.base, self.database)
        serve.sh("redis-cli", "-u", REDIS_URL, "FLUSHDB", stdout=subprocess.DEVNULL)
        base, began = self.site(env), time.time()
        every = [path for paths in pages.values() for path in paths]
        print(f"steady state: asking for all {len(set(every))} pages once", flush=True)
        seconds, failures = warm.walk(base, every, proxies.GZIP)
        print(f"  {seconds:.0f} s, {failures} failed", flush=True)
        self.stop(self.front.pop())
        self.venv_python(WARM, "dump", REDIS_URL, self.snapshot, "--since", began)
        return seconds

    def fresh(self, env, varnish=None, pages=()):
        """The site (behind Varnish when `varnish` names its VCL) started again from the
        steady state: the database and Redis as they were, no process's copies, an empty
        Varnish filled with every page once. Each phase starts so, whatever the one before
        did, and the phases compared differ only by the editor's work."""
        for process in self.front:
            self.stop(process)
        copy_database(self.base, self.database)
        self.venv_python(WARM, "restore", REDIS_URL, self.snapshot)
        base = self.site(env)
        if varnish:
            folder = tempfile.mkdtemp(prefix="varnish-", dir=self.folder)
            process = proxies.start_varnish(varnish, SITE_PORT, VARNISH_PORT, folder)
            self.front.append(self.started(process))
            base = f"http://127.0.0.1:{VARNISH_PORT}"
            warm.walk(base, pages, proxies.GZIP)
        return base

    def venv_python(self, *command):
        serve.sh(str(serve.PYTHON), *map(str, command), cwd=ROOT, stdout=subprocess.DEVNULL)

    def phase(self, name, mix, env, editing, varnish=None, pages=()):
        args = self.args
        base = self.fresh(env, varnish, pages)
        print(f"{name}: {args.warmup} s warm-up, {args.duration} s measured", flush=True)
        load(base, args.warmup, mix)
        if not editing:
            return load(base, args.duration, mix)
        events = self.folder / f"events-{name}.json"
        editor = self.started(
            subprocess.Popen(
                [str(serve.PYTHON), str(EDITOR), "run", "--base", base, "--events", str(events)]
                + ["--duration", str(args.duration), "--publish-every", str(args.publish_every)]
                + ["--edit-every", str(args.edit_every)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                text=True,
                start_new_session=True,
            )
        )
        if editor.stdout.readline().strip() != "ready":
            raise SystemExit(f"the editor did not start (status {editor.wait()})")
        row = load(base, args.duration, mix)
        if editor.wait(timeout=120):
            raise SystemExit(f"the editor failed (status {editor.returncode})")
        self.processes.remove(editor)
        row["events"] = json.loads(events.read_text())
        return row

    def clean_up(self):
        self.stop_all()
        for database in (self.database, self.base):
            drop_database(database)
        subprocess.run(["redis-cli", "-u", REDIS_URL, "FLUSHDB"], capture_output=True)
        subprocess.run(["rm", "-rf", str(self.folder)], check=False)


def children():
    """The PIDs of this process' children still there."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parent = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, IndexError, ValueError):
            continue
        if parent == os.getpid():
            found.append(int(stat.parent.name))
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10000)
    parser.add_argument("--duration", type=int, default=120, help="seconds measured a phase")
    parser.add_argument("--warmup", type=int, default=5, help="seconds of load before each")
    parser.add_argument("--limits", type=int, default=15, help="seconds for floor and nginx")
    parser.add_argument("--archive", type=int, help="archive articles in the mix (all)")
    parser.add_argument(
        "--quick", action="store_true", help="30 s phases, 1,000 archive articles: to try it"
    )
    parser.add_argument("--publish-every", type=float, default=60)
    parser.add_argument("--edit-every", type=float, default=15)
    parser.add_argument("--vcl", type=Path, default=proxies.VCL)
    parser.add_argument("--no-varnish", action="store_true")
    parser.add_argument(
        "--share",
        action="append",
        default=[],
        metavar="CATEGORY=N",
        help="another share for a category of MIX, e.g. search=0 (repeatable)",
    )
    args = parser.parse_args()
    shares = MIX | {name: int(share) for name, share in (item.split("=") for item in args.share)}
    if shares.keys() != MIX.keys():
        parser.error(f"the categories are {', '.join(MIX)}")
    if args.quick:
        args.duration, args.limits, args.archive = 30, 8, args.archive or 1000
    # Ctrl-C (even when started in the background, where it is ignored) and SIGTERM both end
    # the run through its cleanup.
    signal.signal(signal.SIGINT, signal.default_int_handler)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    serve.OUT.mkdir(parents=True, exist_ok=True)
    serve.prepare_database(args.articles, f"newsroom_bench_{args.articles}")
    results = {
        "articles": args.articles,
        "duration": args.duration,
        "warmup": args.warmup,
        "conns": 16,
        "mix": shares,
        "editor": {"publish_every_s": args.publish_every, "edit_every_s": args.edit_every},
        "phases": {},
    }
    phases = results["phases"]
    run = Run(args, tempfile.mkdtemp(prefix="newsday-"))
    try:
        env = environment(run.database)
        copy_database(f"newsroom_bench_{args.articles}", run.database)
        described = json.loads(
            subprocess.run(
                [str(serve.PYTHON), str(EDITOR), "paths"],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            ).stdout
        )
        pages = mix_pages(described)
        pages["archive"] = pages["archive"][: args.archive]
        results["pages"] = {name: len(set(paths)) for name, paths in pages.items()}
        mix = write_mix(pages, run.folder / "mix.txt", shares)
        results["steady_state_walk_s"] = run.steady_state(env, pages)
        every = [path for paths in pages.values() for path in paths]
        # The static copies, from the site in the state the phases start from.
        site_url = run.fresh(env)
        copies = {name: paths for name, paths in pages.items() if name != "archive"}
        copies["archive"] = random.Random(7).sample(pages["archive"], ARCHIVE_COPIES)
        static_mix = write_mix(
            proxies.static_copies(site_url, copies, run.folder),
            run.folder / "static-mix.txt",
            shares,
        )
        for name, editing in (("cached", False), ("cached-newsday", True)):
            phases[name] = run.phase(name, mix, env, editing)
        print(f"floor and nginx static: {args.limits} s each", flush=True)
        floor = run.started(
            serve.start(
                "hello:application",
                FLOOR_PORT,
                os.environ.copy(),
                chdir=serve.SHARED / "limits" / "hello",
            )
        )
        results["floor"] = load(f"http://127.0.0.1:{FLOOR_PORT}/", args.limits)
        run.stop(floor)
        nginx = run.started(proxies.start_nginx(NGINX_PORT, run.folder))
        nginx_url = f"http://127.0.0.1:{NGINX_PORT}"
        load(nginx_url, args.warmup, static_mix)
        results["nginx-static"] = load(nginx_url, args.limits, static_mix)
        run.stop(nginx)
        if args.no_varnish or not args.vcl.exists():
            results["varnish"] = f"skipped: {'--no-varnish' if args.no_varnish else args.vcl}"
            print(f"Varnish {results['varnish']}")
        else:
            purge = f"http://127.0.0.1:{VARNISH_PORT}/"
            env = environment(run.database, purge)
            results["varnish"] = {"vcl": str(args.vcl), "purge_urls": purge}
            for name, editing in (("varnish", False), ("varnish-newsday", True)):
                phases[name] = run.phase(name, mix, env, editing, args.vcl, every)
    finally:
        run.clean_up()
    results["ratios"] = summary.ratios(results)
    (serve.OUT / f"newsday-{args.articles}.json").write_text(json.dumps(results, indent=2))
    summary.report(results)


if __name__ == "__main__":
    main()
