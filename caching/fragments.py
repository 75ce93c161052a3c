"""Fragments and data kept for anonymous readers, each with the keys of what it shows.

Templates keep their fragments with `{% cache_for_readers %}` (`caching.templatetags`); views
keep the data a page is made of (the article page's data, a list's page of ids and its
count, a search asked twice) with the functions here. Each entry is good until one of its
content keys moves on (`caching.keys`, `caching.entries`). Logged-in staff always get them
fresh, and no preview, shared or not, ever feeds them.
"""

from django.conf import settings

from . import entries
from .keys import shown

# Requests that never read nor feed the readers' caches (the desk, previews, the language
# form, files).
UNCACHED_PREFIXES = (
    "/admin/",
    "/i18n/",
    "/bahasa/",
    "/pratinjau/",
    "/static/",
    "/media/",
    "/healthz",  # the health probe: not even a read of the cache
)


def caches_for_readers(request):
    """Whether `request` is an anonymous reader's, whose fragments and data are kept."""
    return (
        settings.NEWSROOM_FRAGMENT_CACHE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def fragment_name(name):
    """The cache key of the fragment or data `name`."""
    return f"fragment:{name}"


def cached(request, name, compute, *, keys=(), timeout=None, for_everyone=False):
    """`compute()`, kept for anonymous readers (staff get it fresh; `for_everyone`: staff
    too) with `keys` and the keys shown while it ran."""
    if timeout is None:
        timeout = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS
    with shown(request).collecting() as collected:
        shown(request).add(keys)
        if timeout <= 0 or not (for_everyone or caches_for_readers(request)):
            return compute()
        good = entries.read(request, [fragment_name(name)])
        if good:
            return good[fragment_name(name)]
        value = compute()
    entries.write(request, {fragment_name(name): (value, collected)}, timeout)
    return value


def cached_when_asked_twice(request, name, compute, timeout, *, keys=()):
    """`compute()`, kept like `cached()` once it is asked for a second time while its keys
    stay: what is asked for once (a made-up search) leaves only a mark that it was asked, so
    readers cannot fill the cache with large entries."""
    with shown(request).collecting() as collected:
        shown(request).add(keys)
        if not caches_for_readers(request):
            return compute()
        entry, mark = fragment_name(name), fragment_name(f"asked:{name}")
        good = entries.read(request, [entry, mark])
        if entry in good:
            return good[entry]
        value = compute()
    if value is not None:  # nothing to show (a page past the end): nothing worth keeping
        kept = {entry: (value, collected)} if mark in good else {mark: (True, collected)}
        entries.write(request, kept, timeout)
    return value


def cached_for_each(request, name, ids, render):
    """A fragment for each of `ids`, kept like `cached()` and read in one round trip, as a
    dict by id in the order of `ids`.

    `render(ids)` makes the fragments not kept yet, as a dict by id of `(fragment, keys)`;
    an id it leaves out (its object is gone) is left out of the result.
    """
    if not caches_for_readers(request):
        rendered = render(ids)
        for _fragment, keys in rendered.values():
            shown(request).add(keys)
        return {pk: rendered[pk][0] for pk in ids if pk in rendered}
    names = {pk: fragment_name(f"{name}:{pk}") for pk in ids}
    good = entries.read(request, list(names.values()))
    kept = {pk: good[names[pk]] for pk in ids if names[pk] in good}
    missing = render([pk for pk in ids if pk not in kept])
    if missing:
        for _fragment, keys in missing.values():
            shown(request).add(keys)
        entries.write(
            request,
            {names[pk]: (fragment, keys) for pk, (fragment, keys) in missing.items()},
            settings.NEWSROOM_FRAGMENT_CACHE_SECONDS,
        )
    kept |= {pk: fragment for pk, (fragment, _keys) in missing.items()}
    return {pk: kept[pk] for pk in ids if pk in kept}
