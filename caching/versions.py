"""Per-key versions: how a kept entry knows whether what it shows has changed.

Every content key (`caching.keys`) has a version in the readers' cache: the time, in
nanoseconds, at which it last moved on. A kept entry (a page, a fragment, data) stores the
versions of its keys as it was made; it is good while each of them is still current. An edit
moves on only the keys it touched (`change()`), so an entry that shows nothing it touched
stays good.

An entry is made from data read after its request began; it is only stored when each of its
versions is older than that (`caching.entries`). A key moved on while the entry was being made,
even after its data was read, therefore never leaves a stale entry behind: the entry is not
kept, or it is kept with a version that is no longer current. Versions are moved on when the
change is made and again when its transaction commits, so reads inside the transaction and
after it both see it. Across app servers this relies on their clocks agreeing to within the
time a page takes to render (NTP keeps them within a millisecond).

A version that is missing (never moved, or evicted) is begun at the time it is first read;
an entry kept under an older one is then no longer good.
"""

import threading
import time
from contextlib import contextmanager
from functools import partial

from django.conf import settings
from django.core.cache import caches
from django.db import transaction

from . import purge

VERSION_PREFIX = "version:"
_batch = threading.local()
# Inside `one_change_for_many`, more keys than this waiting are moved on between two
# transactions (`change_waiting`): a million-article import would otherwise hold a key of
# each of its articles until its end.
MANY_AT_MOST = 10_000


def readers_cache_alias():
    """The cache that keeps what anonymous readers are shown: CACHES["readers"], or the
    default cache where there is none (as Django's `{% cache %}` falls back to it)."""
    return "readers" if "readers" in settings.CACHES else "default"


def readers_cache():
    return caches[readers_cache_alias()]


def version_name(key):
    """The cache key under which content key `key`'s version is kept."""
    return f"{VERSION_PREFIX}{key}"


def request_started(request):
    """When `request` began (nanoseconds): nothing it reads is older than this."""
    if not hasattr(request, "started_ns"):
        request.started_ns = time.time_ns()
    return request.started_ns


def versions_of(request, keys, found=None):
    """The current versions of `keys` as `request` sees them: read once per request, from
    `found` (versions already read by cache key) or the cache, begun where missing."""
    request_started(request)
    if not hasattr(request, "key_versions"):
        request.key_versions, request.begun_versions = {}, set()
    known = request.key_versions
    wanted = [key for key in keys if key not in known]
    if wanted:
        found = found or {}
        missing = [version_name(key) for key in wanted if version_name(key) not in found]
        if missing:
            found = found | readers_cache().get_many(missing)
        for key in wanted:
            value = found.get(version_name(key))
            if value is None:
                value = _begin(key)
                request.begun_versions.add(key)
            known[key] = value
    return {key: known[key] for key in keys}


def read_again(request):
    """Forget the versions `request` has read: keys it moved itself (a scheduled change
    whose time came) are read afresh, so what it kept before them is no longer good."""
    request.__dict__.pop("key_versions", None)
    request.__dict__.pop("begun_versions", None)


def _begin(key):
    value = time.time_ns()
    if readers_cache().add(version_name(key), value, timeout=None):
        return value
    # Another process began or moved it first: its version is the one.
    return readers_cache().get(version_name(key)) or value


def change(keys):
    """Move `keys` on, now and again when the current transaction commits; after the commit
    the HTTP cache in front purges them too (`caching.purge`)."""
    keys = set(keys)
    if not keys:
        return
    if getattr(_batch, "depth", 0):
        _batch.pending |= keys
        return
    _move_on(keys)
    connection = transaction.get_connection()
    if not connection.in_atomic_block:  # the change is committed already
        purge.purge_later(keys)
        return
    # Purges waiting together are sent together (`caching.purge`).
    transaction.on_commit(partial(_after_commit, keys))


def _after_commit(keys):
    _move_on(keys)
    purge.purge_later(keys)


def _move_on(keys):
    cache = readers_cache()
    # The per-process copies of the versions are dropped everywhere (caching.backends).
    write = getattr(cache, "set_many_and_announce", cache.set_many)
    now = time.time_ns()
    write({version_name(key): now for key in keys}, timeout=None)


def change_waiting():
    """Inside `one_change_for_many`, between transactions: move on the keys waiting, if
    there are more than MANY_AT_MOST (what they name is committed)."""
    if len(getattr(_batch, "pending", ())) <= MANY_AT_MOST:
        return
    if transaction.get_connection().in_atomic_block:
        return
    keys, _batch.pending = _batch.pending, set()
    _move_on(keys)
    purge.purge_later(keys)


@contextmanager
def one_change_for_many():
    """Inside this block, many saves (an import) move their keys once, at the end."""
    if not getattr(_batch, "depth", 0):
        _batch.depth, _batch.pending = 0, set()
    _batch.depth += 1
    try:
        yield
    finally:
        _batch.depth -= 1
        if not _batch.depth and _batch.pending:
            keys, _batch.pending = _batch.pending, set()
            change(keys)
