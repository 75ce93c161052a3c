"""Fragments and data kept for anonymous readers, each under the content version.

Templates keep their fragments with `{% cache_for_readers %}` (`caching.templatetags`); views
keep the data a page is made of (the article page's data, a list's page of ids and its
count, a search asked twice) with the functions here. Logged-in staff always get them
fresh, and no preview, shared or not, ever feeds them.
"""

from django.conf import settings

from .version import readers_cache, request_version

# Requests that never read nor feed the readers' caches (the desk, previews, the language
# form, files).
UNCACHED_PREFIXES = ("/admin/", "/i18n/", "/bahasa/", "/pratinjau/", "/static/", "/media/")


def caches_for_readers(request):
    """Whether `request` is an anonymous reader's, whose fragments and data are kept."""
    return (
        settings.NEWSROOM_FRAGMENT_CACHE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def fragment_key(request, name):
    """The key of the fragment `name` in the request's content version."""
    return f"fragment:{request_version(request)['version']}:{name}"


def cached(request, name, compute, timeout=None):
    """`compute()`, kept per content version for anonymous readers (staff get it fresh)."""
    if not caches_for_readers(request):
        return compute()
    key = fragment_key(request, name)
    value = readers_cache().get(key)
    if value is None:
        value = compute()
        if timeout is None:
            timeout = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS
        readers_cache().set(key, value, timeout)
    return value


def cached_when_asked_twice(request, name, compute, timeout):
    """`compute()`, kept like `cached()` once it is asked for a second time within the
    content version: what is asked for once (a made-up search) leaves only a mark that it
    was asked, so readers cannot fill the cache with large entries."""
    if not caches_for_readers(request):
        return compute()
    key = fragment_key(request, name)
    asked = f"asked:{key}"
    found = readers_cache().get_many([key, asked])
    if key in found:
        return found[key]
    value = compute()
    if value is None:  # nothing to show (a page past the end): nothing worth keeping
        return value
    if asked in found:
        readers_cache().set(key, value, timeout)
    else:
        readers_cache().set(asked, True, timeout)
    return value


def cached_for_each(request, name, ids, render):
    """A fragment for each of `ids`, kept like `cached()` and read in one round trip, as a
    dict by id in the order of `ids`.

    `render(ids)` makes the fragments not kept yet, as a dict by id; an id it leaves out
    (its object is gone) is left out of the result.
    """
    if not caches_for_readers(request):
        rendered = render(ids)
    else:
        keys = {pk: fragment_key(request, f"{name}:{pk}") for pk in ids}
        found = readers_cache().get_many(list(keys.values()))
        rendered = {pk: found[key] for pk, key in keys.items() if key in found}
        missing = render([pk for pk in ids if pk not in rendered])
        if missing:
            readers_cache().set_many(
                {keys[pk]: fragment for pk, fragment in missing.items()},
                settings.NEWSROOM_FRAGMENT_CACHE_SECONDS,
            )
        rendered |= missing
    return {pk: rendered[pk] for pk in ids if pk in rendered}
