"""Scheduled changes happen at their time without a job or a save: an article appears, an
editor's headline or pick ends, a breaking-news banner comes down.

The readers' cache keeps the time of the next scheduled change. The first request after
that time moves on the keys of what changed: every article whose time has come, as its
publication would (`caching.changes`), and the front page or the banner when one of their
times has passed; that purges them from the cache in front too; then the next time is read.
A change to a published or scheduled article, the front page or a banner moves the key
`schedule` on, so the time is read again; it is kept like any entry, so a time read while
such a change was being saved is never kept (`caching.entries`).
"""

import logging

from django.db import DatabaseError
from django.db.models import Min, Value
from django.utils import timezone

from articles.models import Article, BreakingNews, EditorsPick, FrontPage

from . import changes, entries, versions
from .keys import BREAKING, FRONT_PAGE
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
            versions.read_again(request)
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
    """The next scheduled change: an article's time, or an end time on the front page or
    a raised banner (one query)."""
    now = timezone.now()
    times = _first(Article.objects.scheduled(), "published_at").union(
        _first(FrontPage.objects.filter(headline_ends_at__gt=now), "headline_ends_at"),
        _first(EditorsPick.objects.filter(ends_at__gt=now), "ends_at"),
        _first(BreakingNews.objects.raised(now), "ends_at"),
        all=True,
    )
    return min((time for time in times if time is not None), default=None)


def _first(queryset, field):
    # Grouped by a constant, so one row (a NULL for none) however many match.
    return (
        queryset.order_by()
        .annotate(one=Value(1))
        .values("one")
        .annotate(first=Min(field))
        .values_list("first", flat=True)
    )


def _read(request):
    upcoming = _next()
    entries.write(request, {SCHEDULE_NAME: (upcoming, {SCHEDULE_KEY})}, timeout=None)
    return upcoming


def _publish_due(since):
    # Only one process moves them; the others may show the page of a moment before, once.
    if not readers_cache().add(f"{SCHEDULE_NAME}:{since.timestamp()}", True, timeout=60):
        return
    keys = {SCHEDULE_KEY, *_ended_since(since)}
    for article in Article.objects.published().filter(published_at__gte=since):
        keys |= changes.article_saved(article, created=True)
    versions.change(keys)


def _ended_since(since):
    """The keys of the front page and of the banner if one of their times came since
    `since`: they show only what is current when read, so moving their keys is all an end
    needs (a scheduled article alone leaves every other page, banner and all, as it is)."""
    now, keys = timezone.now(), set()
    if (
        FrontPage.objects.filter(headline_ends_at__range=(since, now)).exists()
        or EditorsPick.objects.filter(ends_at__range=(since, now)).exists()
    ):
        keys.add(FRONT_PAGE)
    if BreakingNews.objects.filter(lowered_at__isnull=True, ends_at__range=(since, now)).exists():
        keys.add(BREAKING)
    return keys
