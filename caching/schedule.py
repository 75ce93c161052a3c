"""Scheduled articles appear at their time without a job or a save.

The readers' cache keeps the time of the next scheduled publication. The first request
after that time moves on the keys of every article whose time has come, as their publication
would (`caching.changes`), which purges them from the cache in front too, and reads the next
time. A change to a published or scheduled article moves the key `schedule` on, so the time
is read again; it is kept like any entry, so a time read while such a change was being saved
is never kept (`caching.entries`).
"""

import logging

from django.db import DatabaseError
from django.db.models import Min
from django.utils import timezone

from articles.models import Article

from . import changes, entries, versions
from .versions import readers_cache

logger = logging.getLogger(__name__)

SCHEDULE_KEY = "schedule"
SCHEDULE_NAME = "scheduled-next"


def check(request, kept=None):
    """Make sure what readers are about to be shown includes every article whose time has
    come; `request.next_publication` is then the next scheduled time (or None). `kept` is
    what `entries.read()` found under SCHEDULE_NAME, if the caller read it. Returns whether
    articles appeared now (what was read before this is out of date)."""
    request.next_publication = None
    if kept is None:
        kept = entries.read(request, [SCHEDULE_NAME], show=False)
    appeared = False
    try:
        upcoming = kept[SCHEDULE_NAME] if SCHEDULE_NAME in kept else _read(request)
        if upcoming is not None and upcoming <= timezone.now():
            _publish_due(upcoming)
            appeared, upcoming = True, _next()
    except DatabaseError:
        # The database is away or busy: the page's own queries meet it and answer for it
        # (a 503 for a statement timeout, `newsroom.middleware`); the time is read again then.
        logger.warning("the next scheduled time could not be read", exc_info=True)
        return appeared
    request.next_publication = upcoming
    return appeared


def forget():
    """Read the next scheduled time again (an article was saved or deleted)."""
    versions.change({SCHEDULE_KEY})


def _next():
    return Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]


def _read(request):
    upcoming = _next()
    entries.write(request, {SCHEDULE_NAME: (upcoming, {SCHEDULE_KEY})}, timeout=None)
    return upcoming


def _publish_due(since):
    # Only one process moves them; the others may show the page of a moment before, once.
    if not readers_cache().add(f"{SCHEDULE_NAME}:{since.timestamp()}", True, timeout=60):
        return
    keys = {SCHEDULE_KEY}
    for article in Article.objects.published().filter(published_at__gte=since):
        keys |= changes.article_saved(article, created=True)
    versions.change(keys)
