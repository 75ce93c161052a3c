"""Scheduled articles appear at their time without a job or a save.

The readers' cache keeps the time of the next scheduled publication. The first request
after that time moves on the keys of every article whose time has come, as their publication
would (`caching.changes`), which purges them from the cache in front too, and reads the next
time. A change to a published or scheduled article moves the key `schedule` on, so the time
is read again; it is kept like any entry, so a time read while such a change was being saved
is never kept (`caching.entries`).
"""

from django.db.models import Min
from django.utils import timezone

from articles.models import Article

from . import changes, entries, versions
from .versions import readers_cache

SCHEDULE_KEY = "schedule"
SCHEDULE_NAME = "scheduled-next"


def check(request):
    """Make sure what readers are about to be shown includes every article whose time has
    come; `request.next_publication` is then the next scheduled time (or None)."""
    good, _found = entries.read(request, [SCHEDULE_NAME], show=False)
    upcoming = good[SCHEDULE_NAME] if good else _read(request)
    if upcoming is not None and upcoming <= timezone.now():
        _publish_due(upcoming)
        upcoming = Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]
    request.next_publication = upcoming


def forget():
    """Read the next scheduled time again (an article was saved or deleted)."""
    versions.change({SCHEDULE_KEY})


def _read(request):
    upcoming = Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]
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
