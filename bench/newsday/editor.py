#!/usr/bin/env python3
"""The news day's editor: publishes and edits articles through the project's own models.

    python bench/newsday/editor.py paths                      # the readers' pages, as JSON
    python bench/newsday/editor.py run --base http://127.0.0.1:8100 --duration 120 \
        --events /tmp/events.json

Run with the site's own environment (`bench/newsday/run.py` gives it the site's), so every
save goes through `Article.save()`, its signals and whatever they invalidate or purge, as a
save at the desk would (each one in a django-reversion revision, as the desk keeps them).

`run` publishes a new article every `--publish-every` seconds (a draft saved, tagged and
credited, then `Article.publish()`) and edits one of the 50 newest published articles every
`--edit-every` seconds, alternating a new headline with a new paragraph (body, then lead).
Right after each save returns, a separate client polls the site (`--base`, a GET as a reader's
browser sends it, no cache-busting) until the change shows: a new article's link on the home
page, an edit's marker on the article's page. The delays are written to `--events` as JSON.
"""

import argparse
import gzip
import json
import os
import random
import re
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SHARED = Path(os.environ.get("NEWSROOM_SHARED_BENCH", ROOT.parent / "shared" / "bench"))
sys.path[:0] = [str(ROOT), str(SHARED)]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

import corpus  # noqa: E402  -- the shared corpus generator: new articles look like the rest
import reversion  # noqa: E402
from django.contrib.auth import get_user_model  # noqa: E402
from django.db.models import Count  # noqa: E402

from articles.models import Article, Section, Tag  # noqa: E402

TOP_STORIES = 50
# What an edit marks its change with, so the poller can tell the new version from the old.
MARKER = re.compile(r" \(pembaruan [\d-]+\)$")
POLL_EVERY_S = 0.01
# A change not visible this long after its save is reported as not seen.
POLL_LIMIT_S = 90.0


def top_stories():
    """Published articles, newest first: the first 50 are the day's top stories."""
    return Article.objects.published().latest_first()


def paths(_args):
    """The slugs the readers' mix is made of: top stories, the archive, sections, tags."""
    slugs = list(top_stories().values_list("slug", flat=True))
    tags = (
        Tag.objects.filter(articles__status=Article.Status.PUBLISHED)
        .annotate(used=Count("articles"))
        .order_by("-used", "slug")
        .values_list("slug", flat=True)[:50]
    )
    sections = Section.objects.filter(articles__isnull=False).distinct().order_by("position")
    print(
        json.dumps(
            {
                "top": slugs[:TOP_STORIES],
                "archive": slugs[TOP_STORIES:],
                "tags": list(tags),
                "sections": list(sections.values_list("slug", flat=True)),
            }
        )
    )


class Editor:
    def __init__(self, args):
        self.args = args
        self.rng = random.Random(args.seed)
        self.words = corpus.Words(self.rng)
        self.user, _ = get_user_model().objects.get_or_create(
            username="newsday-editor",
            defaults={"is_staff": True, "is_superuser": True},
        )
        self.edits = 0
        self.events = []
        self.pollers = []

    def new_article(self):
        """A draft like the corpus' articles, filed and credited like a recent one, published."""
        model = self.rng.choice(list(top_stories()[:TOP_STORIES]))
        place = self.rng.choice(corpus.PLACES)
        paragraphs = [
            " ".join(self.words.sentence(8, 18, place) for _ in range(self.rng.randint(3, 6)))
            for _ in range(self.rng.randint(6, 12))
        ]
        started = time.perf_counter()
        with reversion.create_revision():
            reversion.set_user(self.user)
            article = Article(
                title=corpus.make_title(self.rng, self.words, place),
                lead=" ".join(self.words.sentence(12, 22, place) for _ in range(2)),
                body="\n".join(f"<p>{paragraph}</p>" for paragraph in paragraphs),
                dateline=f"{place.upper()} (WARTA)",
                section=model.section,
                source=model.source,
                created_by=self.user,
            )
            article.save()
            article.tags.set(model.tags.all())
            article.set_byline(model.authors.all())
        with reversion.create_revision():
            reversion.set_user(self.user)
            article.publish(by=self.user)
        saved_ms = (time.perf_counter() - started) * 1000
        return article, "/", article.get_absolute_url(), saved_ms

    def edit(self):
        """A new headline, then a new paragraph (the body's first, then the lead), in turn."""
        kind = ("title", "body", "title", "lead")[self.edits % 4]
        self.edits += 1
        article = self.rng.choice(list(top_stories()[:TOP_STORIES]))
        marker = f"(pembaruan {os.getpid()}-{self.edits})"
        sentence = self.words.sentence(10, 18)
        if kind == "title":
            article.title = f"{MARKER.sub('', article.title)} {marker}"
        elif kind == "body":
            article.body = f"<p>{marker} {sentence}</p>\n{article.body}"
        else:
            article.lead = f"{marker} {sentence}"
        started = time.perf_counter()
        with reversion.create_revision():
            reversion.set_user(self.user)
            article.save()
        saved_ms = (time.perf_counter() - started) * 1000
        path = article.get_absolute_url()
        return article, path, marker, saved_ms, kind

    def poll(self, event, path, wanted, saved_at):
        """GET `path` until it holds `wanted`; the delay after the save, or None if not seen."""
        url = self.args.base.rstrip("/") + path
        deadline = min(saved_at + POLL_LIMIT_S, self.ends_at + self.args.grace)
        polls = 0
        while True:
            polls += 1
            try:
                request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
                with urllib.request.urlopen(request, timeout=10) as response:
                    body = response.read()
                    if response.headers.get("Content-Encoding") == "gzip":
                        body = gzip.decompress(body)
                seen = wanted in body.decode("utf-8", "replace")
            except OSError:
                seen = False
            now = time.monotonic()
            if seen or now >= deadline:
                break
            time.sleep(POLL_EVERY_S)
        event["visible_ms"] = round((now - saved_at) * 1000, 1) if seen else None
        event["waited_ms"] = round((now - saved_at) * 1000, 1)
        event["polls"] = polls

    def act(self, at, action):
        if action == "publish":
            article, page, wanted, saved_ms = self.new_article()
            kind = "publish"
        else:
            article, page, wanted, saved_ms, kind = self.edit()
        saved_at = time.monotonic()
        event = {
            "at_s": round(at, 1),
            "action": kind,
            "article": article.slug,
            "page": page,
            "save_ms": round(saved_ms, 1),
        }
        self.events.append(event)
        poller = threading.Thread(target=self.poll, args=(event, page, wanted, saved_at))
        poller.start()
        self.pollers.append(poller)

    def run(self):
        args = self.args
        schedule = sorted(
            [(at, "publish") for at in steps(args.first_publish, args.publish_every, args.duration)]
            + [(at, "edit") for at in steps(args.first_edit, args.edit_every, args.duration)]
        )
        print("ready", flush=True)
        started = time.monotonic()
        self.ends_at = started + args.duration
        for at, action in schedule:
            time.sleep(max(0.0, started + at - time.monotonic()))
            self.act(time.monotonic() - started, action)
        time.sleep(max(0.0, self.ends_at - time.monotonic()))
        for poller in self.pollers:
            poller.join()
        Path(args.events).write_text(json.dumps(self.events, indent=2))


def steps(first, every, until):
    at = first
    while at < until:
        yield at
        at += every


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("paths", help="print the readers' pages as JSON")
    run = commands.add_parser("run", help="publish and edit for --duration seconds")
    run.add_argument("--base", required=True, help="where readers read: the site or its cache")
    run.add_argument("--duration", type=float, default=120)
    run.add_argument("--publish-every", type=float, default=60)
    run.add_argument("--edit-every", type=float, default=15)
    run.add_argument("--first-publish", type=float, default=5)
    run.add_argument("--first-edit", type=float, default=10)
    run.add_argument("--grace", type=float, default=5, help="seconds of polling after the end")
    run.add_argument("--seed", type=int, default=20261203)
    run.add_argument("--events", required=True, help="JSON file the events are written to")
    args = parser.parse_args()
    if args.command == "paths":
        paths(args)
    else:
        Editor(args).run()


if __name__ == "__main__":
    main()
