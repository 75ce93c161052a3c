#!/usr/bin/env python3
"""Lighthouse's accessibility audit of the demo site, served as in production.

    python3 bench/checks/lighthouse.py                # every page, phone and desktop
    python3 bench/checks/lighthouse.py --min-score 100

Installs Lighthouse 12.2.3 from `bench/checks/package-lock.json` into `bench/out/checks/`
(once), fills a SQLite file of its own there with `demo_content`, starts gunicorn with debug
off on 127.0.0.1 (collected, hashed static files, the cache in a folder: `make serve` without
PostgreSQL and Redis), and audits the home page, `/berita/`, an article with “Baca Juga”
boxes, a tag page and a search with Debian's Chromium, as Lighthouse's phone and desktop.
Prints each score and every audit that failed, writes each report to `bench/out/checks/`,
and exits 1 when a score is below `--min-score`. Needs Node 18 or newer and npm.
"""

import argparse
import json
import os
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
HERE = Path(__file__).resolve().parent
OUT = ROOT / "bench" / "out" / "checks"
PYTHON = ROOT / ".venv" / "bin" / "python"
GUNICORN = ROOT / ".venv" / "bin" / "gunicorn"
LIGHTHOUSE = OUT / "node_modules" / ".bin" / "lighthouse"
CHROMIUM = os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PORT = 8097
SECRET = "checks-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"  # noqa: S105
# The demo page to audit for each kind, found in the demo content by `manage.py shell`.
FIND_PAGES = """
from articles.models import Article, Tag
published = Article.objects.published()
article = published.filter(related_links__isnull=False).latest_first().first()
tag = Tag.objects.filter(articles__in=published).order_by("pk").first()
print("pages:", article.get_absolute_url(), tag.get_absolute_url())
"""


def site_env():
    env = {k: v for k, v in os.environ.items() if k not in ("REDIS_URL", "DATABASE_URL")}
    return env | {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": SECRET,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        # A SQLite file of its own: the demo content, never a developer's or CI's database.
        "DATABASE_URL": f"sqlite:///{OUT / 'site.sqlite3'}",
        "NEWSROOM_CACHE_DIR": str(OUT / "cache"),
        "GUNICORN_BIND": f"127.0.0.1:{PORT}",
        "GUNICORN_WORKERS": "2",
    }


def install_lighthouse():
    OUT.mkdir(parents=True, exist_ok=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copy(HERE / name, OUT / name)
    if not LIGHTHOUSE.exists():
        subprocess.run(
            ["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=OUT, check=True
        )


def prepare_site(env):
    manage = [str(PYTHON), "manage.py"]
    for command in (
        ["migrate", "--verbosity", "0"],
        ["demo_content"],
        ["collectstatic", "--noinput", "--verbosity", "0"],
    ):
        subprocess.run(manage + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)
    found = subprocess.run(
        [*manage, "shell", "-c", FIND_PAGES],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    [line] = [line for line in found.stdout.splitlines() if line.startswith("pages: ")]
    article, tag = line.split()[1:]
    return {
        "home": "/",
        "list": "/berita/",
        "article": article,
        "tag": tag,
        "search": "/cari/?q=banjir",
    }


def start_server(env):
    server = subprocess.Popen(
        [str(GUNICORN), "newsroom.wsgi:application", "--config", "gunicorn.conf.py"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    for _ in range(100):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/", timeout=2):
                return server
        except OSError:
            time.sleep(0.2)
    server.terminate()
    raise SystemExit(f"gunicorn did not answer on 127.0.0.1:{PORT}")


def audit(name, path, form_factor):
    report = OUT / f"lighthouse-{name}-{form_factor}.json"
    command = [
        str(LIGHTHOUSE),
        f"http://127.0.0.1:{PORT}{path}",
        "--only-categories=accessibility",
        "--output=json",
        f"--output-path={report}",
        f"--chrome-flags={' '.join(CHROME_FLAGS)}",
        "--quiet",
    ]
    if form_factor == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, env=os.environ | {"CHROME_PATH": CHROMIUM})
    result = json.loads(report.read_text())
    score = round(result["categories"]["accessibility"]["score"] * 100)
    failed = [
        f"{audit_id}: {found['title']}"
        for audit_id, found in result["audits"].items()
        if found.get("scoreDisplayMode") == "binary" and found.get("score") == 0
    ]
    return score, failed


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-score", type=int, default=100)
    parser.add_argument("--form-factors", default="mobile,desktop")
    args = parser.parse_args()

    install_lighthouse()
    env = site_env()
    pages = prepare_site(env)
    server = start_server(env)
    worst = 100
    try:
        print(f"{'page':<10} {'form':<8} {'score':>5}  address / failed audits")
        for name, path in pages.items():
            for form_factor in args.form_factors.split(","):
                score, failed = audit(name, path, form_factor)
                worst = min(worst, score)
                print(f"{name:<10} {form_factor:<8} {score:>5}  {path}")
                for line in failed:
                    print(f"{'':<26}{line}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
    print(f"lowest accessibility score: {worst} (reports in {OUT.relative_to(ROOT)}/)")
    return 0 if worst >= args.min_score else 1


if __name__ == "__main__":
    sys.exit(main())
