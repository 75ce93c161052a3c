"""Kept entries: a value stored with the versions of the content keys it shows.

An entry is `(stamps, value)`, `stamps` being `{key: version}` as the entry was made. It is
good while every one of those versions is current (`caching.versions`); a good entry's keys
become keys of the response that uses it, so a page made of kept fragments shows all of
theirs. Reading an entry and its versions is one round trip: each process remembers the keys
an entry name was last kept with and asks for their versions with the entry (a second trip
only for keys it did not know). With the per-process copies of `caching.backends`, most of
these reads need no trip at all, and a copy found good is good again without reading its
versions until the process hears of a change.
"""

import threading
from collections import OrderedDict

from newsroom import replicas

from .keys import shows
from .versions import readers_cache, request_started, version_name, versions_of

# The keys each entry name was last kept with, in this process: the most recent ones.
KNOWN_NAMES = 20_000
_known = OrderedDict()
# Copies (caching.backends) found good since the last change this process heard of: the
# same copy is good again without reading its versions, until a change is announced.
CHECKED_COPIES = 500
_checked = {"changes": None, "copies": {}}
_lock = threading.Lock()


def read(request, names, *, show=True):
    """The good entries among `names`, by name. With `show`, the keys of the good entries
    become keys of the response."""
    cache = readers_cache()
    # Which changes the per-process copies have heard of (None: no copies to trust).
    changes = cache.changes_heard() if hasattr(cache, "changes_heard") else None
    found = cache.get_many(names) if changes is not None else {}
    good, unchecked = {}, {}
    with _lock:
        if _checked["changes"] != changes:
            _checked["changes"], _checked["copies"] = changes, {}
        copies = _checked["copies"]
        for name in names:
            entry = found.get(name)
            if entry is not None and copies.get(name) is entry:
                good[name] = entry
            elif entry is not None:
                unchecked[name] = entry
    if changes is None:
        # No copies: the entries and their versions from the cache, in one round trip.
        unchecked = _with_versions(request, names)
    checked, stale = _check(request, unchecked)
    if stale and hasattr(cache, "read_again"):
        # A copy this process kept may be older than the entry another process kept since.
        again, _stale = _check(request, cache.read_again(stale))
        checked |= again
    good |= checked
    if changes is not None and checked:
        with _lock:
            if _checked["changes"] == changes:
                if len(_checked["copies"]) > CHECKED_COPIES:
                    _checked["copies"] = {}
                # The objects checked: the copies as read (or as read again from Redis).
                _checked["copies"].update(checked)
    if show:
        for stamps, _value in good.values():
            shows(request, *stamps)
    return {name: value for name, (_stamps, value) in good.items()}


def _with_versions(request, names):
    """The entries `names` as kept, with the versions of the keys each was last kept with
    read in the same round trip (into the request's versions)."""
    known = getattr(request, "key_versions", {})
    with _lock:
        guessed = {key for name in names for key in _known.get(name, ())}
    asked = [*names, *(version_name(key) for key in guessed if key not in known)]
    found = readers_cache().get_many(asked)
    entries = {name: found[name] for name in names if name in found}
    versions_of(request, {key for stamps, _value in entries.values() for key in stamps}, found)
    return entries


def _check(request, entries):
    """`(good, stale)`: the entries whose versions are current (`{name: entry}`), and the
    names of the others."""
    current = versions_of(request, {key for stamps, _value in entries.values() for key in stamps})
    good, stale = {}, []
    for name, entry in entries.items():
        stamps = entry[0]
        if all(current[key] == version for key, version in stamps.items()):
            good[name] = entry
            _remember(name, stamps)
        else:
            stale.append(name)
    return good, stale


def write(request, entries, timeout):
    """Keep `entries`, `{name: (value, keys)}`, each stamped with its keys' versions; not
    one that may show what was there before a change (`may_keep`)."""
    wanted = {key for _value, keys in entries.values() for key in keys}
    current = versions_of(request, wanted)
    kept = {}
    for name, (value, keys) in entries.items():
        stamps = {key: current[key] for key in keys}
        if may_keep(request, stamps):
            kept[name] = (stamps, value)
            _remember(name, stamps)
    if kept:
        readers_cache().set_many(kept, timeout)


def may_keep(request, stamps):
    """Whether what `request` made with the key versions `stamps` surely shows every change
    they stand for, and may be kept as current.

    On the primary: when each version is older than the start of the request (its data was
    read after those changes) or was begun by it. On a replica (`newsroom.replicas`): when
    each version is older than the time before which the replica surely had every change of
    the primary, and than the start; a version begun now is no proof there. A change moves
    its keys on after it commits, so a version older than that time means its change was
    on the replica; a newer one may stand for a change the replica has not replayed yet,
    and what was made from it is shown to this reader only.
    """
    started = request_started(request)
    until = replicas.current_until(request)
    if until is not None:
        limit = min(started, until)
        return all(version < limit for version in stamps.values())
    begun = request.begun_versions
    return all(version < started or key in begun for key, version in stamps.items())


def _remember(name, keys):
    with _lock:
        _known[name] = tuple(keys)
        _known.move_to_end(name)
        while len(_known) > KNOWN_NAMES:
            _known.popitem(last=False)
