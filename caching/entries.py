"""Kept entries: a value stored with the versions of the content keys it shows.

An entry is `(stamps, value)`, `stamps` being `{key: version}` as the entry was made. It is
good while every one of those versions is current (`caching.versions`); a good entry's keys
become keys of the response that uses it, so a page made of kept fragments shows all of
theirs. Reading an entry and its versions is one round trip: each process remembers the keys
an entry name was last kept with and asks for their versions with the entry (a second trip
only for keys it did not know). With the per-process copies of `caching.backends`, most of
these reads need no trip at all.
"""

import threading
from collections import OrderedDict

from .keys import shows
from .versions import readers_cache, request_started, version_name, versions_of

# The keys each entry name was last kept with, in this process: the most recent ones.
KNOWN_NAMES = 20_000
_known = OrderedDict()
_lock = threading.Lock()


def read(request, names, more=(), *, show=True):
    """`(good, found)`: the good entries among `names` by name, and everything read in the
    same round trip, `more` (other cache keys wanted now) included. With `show`, the keys
    of the good entries become keys of the response."""
    if not names:
        return {}, readers_cache().get_many(list(more)) if more else {}
    known = getattr(request, "key_versions", {})
    with _lock:
        guessed = {key for name in names for key in _known.get(name, ())}
    asked = [*names, *more, *(version_name(key) for key in guessed if key not in known)]
    found = readers_cache().get_many(asked)
    entries = {name: found[name] for name in names if name in found}
    good, stale = _check(request, entries, found, show)
    if stale and hasattr(readers_cache(), "read_again"):
        # A copy this process kept may be older than the entry another process kept since.
        again, _stale = _check(request, readers_cache().read_again(stale), found, show)
        good |= again
    return good, found


def _check(request, entries, found, show):
    keys = {key for stamps, _value in entries.values() for key in stamps}
    current = versions_of(request, keys, found)
    good, stale = {}, []
    for name, (stamps, value) in entries.items():
        if all(current[key] == version for key, version in stamps.items()):
            good[name] = value
            if show:
                shows(request, *stamps)
            _remember(name, stamps)
        else:
            stale.append(name)
    return good, stale


def write(request, entries, timeout):
    """Keep `entries`, `{name: (value, keys)}`, each stamped with its keys' versions; not
    one whose keys moved on after the request began (it may show what was there before)."""
    wanted = {key for _value, keys in entries.values() for key in keys}
    current = versions_of(request, wanted)
    started = request_started(request)
    begun = request.begun_versions
    kept = {}
    for name, (value, keys) in entries.items():
        stamps = {key: current[key] for key in keys}
        if all(version < started or key in begun for key, version in stamps.items()):
            kept[name] = (stamps, value)
            _remember(name, stamps)
    if kept:
        readers_cache().set_many(kept, timeout)


def _remember(name, keys):
    with _lock:
        _known[name] = tuple(keys)
        _known.move_to_end(name)
        while len(_known) > KNOWN_NAMES:
            _known.popitem(last=False)
