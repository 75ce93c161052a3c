"""The content version: one generational key under which every reader's cache is kept.

Every key of the `readers` cache (fragments, data, counts, whole pages) carries the current
content version. A change readers can see (`caching.signals`) deletes the version; the next
request begins a new one, so nothing kept under the old one is read again, and it expires.
A scheduled article needs no save to appear: the version also records the next scheduled
publication time, and the first request after it begins a new version.

On Redis all app servers see one version; on one machine without Redis the cache is local
memory (development) or a folder (gunicorn's workers). When the cache is unreachable, every
read misses and pages are rendered.
"""

import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.db.models import Min
from django.utils import timezone

from articles.models import Article

VERSION_KEY = "content-version"
_batched = {"depth": 0, "pending": False}


def readers_cache_alias():
    """The cache that keeps what anonymous readers are shown: CACHES["readers"], or the
    default cache where there is none (as Django's `{% cache %}` falls back to it)."""
    return "readers" if "readers" in settings.CACHES else "default"


def readers_cache():
    return caches[readers_cache_alias()]


def current_version():
    """The content version as the cache holds it (a new one if there is none, or if its time
    has come): `{"version", "changed_at", "next_change"}`."""
    state = readers_cache().get(VERSION_KEY)
    if state is not None and _has_expired(state):
        readers_cache().delete(VERSION_KEY)
        state = None
    return _begin_version() if state is None else state


def request_version(request):
    """The content version a request is made from: read once, so all its parts agree."""
    if not hasattr(request, "content_version"):
        request.content_version = current_version()
    return request.content_version


def _has_expired(state):
    return state["next_change"] is not None and state["next_change"] <= timezone.now()


def _begin_version():
    now = timezone.now()
    next_change = Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]
    state = {"version": time.time_ns(), "changed_at": now, "next_change": next_change}
    if not readers_cache().add(VERSION_KEY, state, timeout=None):
        # Another process began the new version first: every process uses that one.
        state = readers_cache().get(VERSION_KEY) or state
    return state


def content_changed():
    """Move the content version on, now and again when the current transaction commits.

    The immediate move covers reads inside the same transaction; the one on commit makes sure
    no page rendered from the old data in between is kept afterwards.
    """
    if _batched["depth"]:
        _batched["pending"] = True
        return
    _move_on()
    transaction.on_commit(_move_on)


def _move_on():
    readers_cache().delete(VERSION_KEY)


@contextmanager
def one_change_for_many():
    """Inside this block, many saves (an import) move the version once, at the end."""
    _batched["depth"] += 1
    try:
        yield
    finally:
        _batched["depth"] -= 1
        if not _batched["depth"] and _batched["pending"]:
            _batched["pending"] = False
            content_changed()
