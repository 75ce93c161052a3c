"""Caches for anonymous readers that never serve stale news.

Whole pages, the frame around every page (menu and footer), article cards, the article page's
data and blocks, the home page's section blocks, list counts, the ids on each page of a list
and searches asked again are stored under the current *content version*. Any change to
published content (an article, section, tag, source, author, image or link saved or deleted)
moves the version on, so the next request renders afresh; old entries are never read again
and expire. With Redis, each process also keeps copies of what it read, dropped when a change
is announced (`announcements`).
A scheduled article needs no save to appear: the version also records the next scheduled
publication time, and the first request after it moves the version on.

The shared cache is Redis in production (all app servers see one version) and local memory
on a single machine. When the cache is unreachable, reads miss and pages are rendered.
"""

import hashlib
import re
import time
from contextlib import contextmanager

from django.conf import settings
from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Min
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.functional import cached_property
from django.utils.http import http_date, parse_http_date

from caching.copies import announce_change, copies

STATE_KEY = "newsroom:content-state"
# What frames every page (menu sections, footer pages), stored with the version it was read
# under and read in the same round trip as the version.
FRAME_KEY = "newsroom:frame"
# Query parameters a cached page may carry; anything else (filters, search) is rendered each
# time, so readers cannot grow the cache without bound with made-up queries.
CACHEABLE_QUERY = re.compile(r"(page=[0-9]{1,9})?")
UNCACHED_PREFIXES = ("/admin/", "/i18n/", "/bahasa/", "/pratinjau/", "/static/", "/media/")

_deferred = {"depth": 0, "pending": False}


def content_state():
    """The current content version, when it began, and when it must next change by itself."""
    return _current(cache.get(STATE_KEY))


def _current(state):
    """`state` as read from the cache, or a new one if it is missing or its time has come."""
    if state is not None and _has_expired(state):
        cache.delete(STATE_KEY)
        state = None
    return _new_state() if state is None else state


def _has_expired(state):
    return state["next_change"] is not None and state["next_change"] <= timezone.now()


def request_state(request):
    """The content version a request is made from: read once, so all its parts agree."""
    if not hasattr(request, "content_state"):
        settle_state(request)
    return request.content_state


def settle_state(request, *keys, with_frame=True):
    """Give the request its content version: this process's copy while it holds, otherwise
    read from the shared cache together with `keys`. Returns what was read of `keys`, or
    None when the copy served."""
    state, ticket = copies.state_copy()
    if state is not None and not _has_expired(state):
        request.content_state = state
        return None
    found = read_state(request, *keys, with_frame=with_frame)
    copies.keep_state(request.content_state, ticket)
    return found


def read_state(request, *keys, with_frame=True):
    """Read the request's content version, its frame and `keys` in one round trip.

    Returns what was found of `keys`. The page cache leaves the frame out: a stored page
    needs none.
    """
    found = cache.get_many([STATE_KEY, *keys, *([FRAME_KEY] if with_frame else [])])
    request.content_state = _current(found.get(STATE_KEY))
    if with_frame:
        request.stored_frame = found.get(FRAME_KEY)
    return found


def frame(request):
    """The menu's sections and the footer's static pages, shown around every page.

    Kept under the content version for anonymous readers; staff get them fresh.
    """
    if not hasattr(request, "frame"):
        request.frame = _kept_frame(request) if keeps_fragments(request) else _read_frame()
    return request.frame


def _kept_frame(request):
    version = request_state(request)["version"]
    copied = copies.copy(FRAME_KEY, version)
    if copied is not None:
        return copied
    # Read with the version when that was read from the shared cache.
    stored = getattr(request, "stored_frame", None) or cache.get(FRAME_KEY)
    if stored is not None and stored[0] == version:
        value = stored[1]
    else:
        value = _read_frame()
        cache.set(FRAME_KEY, (version, value), timeout=settings.NEWSROOM_FRAGMENT_CACHE_SECONDS)
    copies.keep(FRAME_KEY, version, value)
    return value


def _read_frame():
    from articles.models import Section, StaticPage

    return {
        "sections": list(Section.objects.only("name", "slug", "position")),
        "pages": list(StaticPage.objects.published().only("title", "slug")),
    }


def _new_state():
    from articles.models import Article

    now = timezone.now()
    next_change = Article.objects.scheduled().aggregate(first=Min("published_at"))["first"]
    state = {"version": time.time_ns(), "changed_at": now, "next_change": next_change}
    if not cache.add(STATE_KEY, state, timeout=None):
        # Another process began the new version first: every process uses that one.
        state = cache.get(STATE_KEY) or state
    return state


def content_changed():
    """Move the content version on, now and again when the current transaction commits.

    The immediate move covers reads inside the same transaction; the one on commit makes sure
    no page rendered from the old data in between is served afterwards.
    """
    if _deferred["depth"]:
        _deferred["pending"] = True
        return
    _move_on()
    transaction.on_commit(_move_on)


def _move_on():
    cache.delete(STATE_KEY)
    announce_change()


@contextmanager
def one_change_for_many():
    """Inside this block, many saves (an import) move the version once, at the end."""
    _deferred["depth"] += 1
    try:
        yield
    finally:
        _deferred["depth"] -= 1
        if not _deferred["depth"] and _deferred["pending"]:
            _deferred["pending"] = False
            content_changed()


def keeps_fragments(request):
    """Fragments are kept for anonymous readers; logged-in staff always see them fresh, and
    nobody's preview, shared or not, ever feeds them."""
    return (
        settings.NEWSROOM_FRAGMENT_CACHE_SECONDS > 0
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def kept_for_readers(request, name, compute):
    """`compute()`, kept per content version for anonymous readers (staff get it fresh)."""
    if not keeps_fragments(request):
        return compute()
    version = request_state(request)["version"]
    key = f"newsroom:fragment:{version}:{name}"
    found = _read_kept(version, [key])
    if key in found:
        return found[key]
    value = compute()
    _keep(version, {key: value}, settings.NEWSROOM_FRAGMENT_CACHE_SECONDS)
    return value


def kept_once_asked_again(request, name, compute, timeout):
    """`compute()`, kept like `kept_for_readers` once it is asked for a second time within
    the content version: what is asked for once (a made-up search) leaves only a mark that
    it was asked, so readers cannot fill the cache with large entries."""
    if not keeps_fragments(request):
        return compute()
    version = request_state(request)["version"]
    key = f"newsroom:fragment:{version}:{name}"
    copied = copies.copy(key, version)
    if copied is not None:
        return copied
    asked = f"newsroom:asked:{version}:{name}"
    shared = cache.get_many([key, asked])
    if key in shared:
        copies.keep(key, version, shared[key])
        return shared[key]
    value = compute()
    if value is None:  # nothing to show (a page past the end): nothing worth keeping
        return value
    if asked in shared:
        _keep(version, {key: value}, timeout)
    else:
        cache.set(asked, True, timeout=timeout)
    return value


def _read_kept(version, keys):
    """What is kept under `keys` for `version`: this process's copies first, then one read of
    the shared cache for the rest (copied as it comes)."""
    found = copies.copy_many(keys, version)
    missing = [key for key in keys if key not in found]
    if missing:
        shared = cache.get_many(missing)
        for key, value in shared.items():
            copies.keep(key, version, value)
        found |= shared
    return found


def _keep(version, values, timeout):
    cache.set_many(values, timeout=timeout)
    for key, value in values.items():
        copies.keep(key, version, value)


def kept_for_each(request, name, ids, render):
    """A fragment for each of `ids`, kept like `kept_for_readers` and read in one round trip,
    as a dict by id in the order of `ids`.

    `render(ids)` makes the fragments not kept yet, as a dict by id; an id it leaves out
    (its object is gone) is left out of the result.
    """
    if not keeps_fragments(request):
        rendered = render(ids)
    else:
        version = request_state(request)["version"]
        keys = {pk: f"newsroom:fragment:{version}:{name}:{pk}" for pk in ids}
        found = _read_kept(version, list(keys.values()))
        rendered = {pk: found[key] for pk, key in keys.items() if key in found}
        missing = render([pk for pk in ids if pk not in rendered])
        if missing:
            _keep(
                version,
                {keys[pk]: fragment for pk, fragment in missing.items()},
                settings.NEWSROOM_FRAGMENT_CACHE_SECONDS,
            )
        rendered |= missing
    return {pk: rendered[pk] for pk in ids if pk in rendered}


class VersionedCountPaginator(Paginator):
    """Counts a list once per content version instead of running COUNT(*) on every page view.

    `count_key` names the list (its address and filters, without the page number) for the
    `request`. Searches are counted by `search.SearchPaginator`.
    """

    def __init__(self, *args, request, count_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.count_key = count_key

    def page(self, number):
        page = super().page(number)
        if keeps_fragments(self.request):
            # Which articles a page holds is kept like the count, so page 250 costs what
            # page 1 does, and `{% cards %}` needs no query when every card is kept.
            ids = kept_for_readers(
                self.request,
                f"page-ids:{self._digest}:{page.number}",
                lambda: list(page.object_list.values_list("pk", flat=True)),
            )
            page.object_list = self.object_list.filter(pk__in=ids)
            page.object_list.page_ids = ids
        elif page.start_index() > 1:
            # Staff: the rows skipped are read off the index as ids alone; only the page's
            # own rows are joined to their sections, images and authors.
            page.object_list = self.object_list.filter(pk__in=page.object_list.values("pk"))
        return page

    @cached_property
    def _digest(self):
        return hashlib.sha256(self.count_key.encode()).hexdigest()

    @cached_property
    def count(self):
        version = request_state(self.request)["version"]
        key = f"newsroom:count:{version}:{self._digest}"
        total = _read_kept(version, [key]).get(key)
        if total is None:
            total = Paginator.count.func(self)
            _keep(version, {key: total}, settings.NEWSROOM_COUNT_CACHE_SECONDS)
        return total


def _is_cacheable_request(request):
    return (
        settings.NEWSROOM_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not request.path.startswith(UNCACHED_PREFIXES)
        # Read raw: this runs before any other middleware has parsed or limited the query.
        and CACHEABLE_QUERY.fullmatch(request.META.get("QUERY_STRING", ""))
    )


def _is_cacheable_response(response):
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "Cookie" not in response.get("Vary", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def _page_key(request):
    from newsroom.middleware import chosen_language

    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    # The scheme too: a plain-HTTP request must reach SecurityMiddleware's HTTPS redirect.
    address = (
        f"{request.scheme}|{request.get_host()}|{chosen_language(request)}|{gzip}|"
        f"{request.get_full_path()}"
    )
    return f"newsroom:stored-page:{hashlib.sha256(address.encode()).hexdigest()}"


class ReaderCacheMiddleware:
    """Serves anonymous readers from the page cache; logged-in staff always get fresh pages.

    It is the first middleware, so a page is stored with every header the others add and a
    hit runs nothing else. A page is stored with the content version it was rendered under,
    and a page of an older version is a miss. The version and the page come from this
    process's copies when they hold them (see `announcements`), otherwise from the shared
    cache in one round trip. Conditional requests for a stored page are answered 304 here.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = _page_key(request)
        found = settle_state(request, key, with_frame=False)
        state = request.content_state
        page = copies.copy(key, state["version"])
        if page is not None:
            return self._answer(request, page)
        stored = cache.get(key) if found is None else found.get(key)
        if stored is not None and stored[0] == state["version"]:
            copies.keep(key, *stored)
            return self._answer(request, stored[1])
        response = self.get_response(request)
        if _is_cacheable_response(response):
            self._describe(response, state)
            page = (response.status_code, list(response.items()), response.content)
            cache.set(key, (state["version"], page), settings.NEWSROOM_PAGE_CACHE_SECONDS)
            copies.keep(key, state["version"], page)
        return response

    @staticmethod
    def _answer(request, page):
        """A new response from a stored page (never the stored object: later middleware
        adds its own headers to what it is given)."""
        status, headers, content = page
        response = HttpResponse(content, status=status, headers=headers)
        not_modified = get_conditional_response(
            request,
            etag=response["ETag"],
            last_modified=parse_http_date(response["Last-Modified"]),
            response=response,
        )
        return not_modified or response

    @staticmethod
    def _describe(response, state):
        response["ETag"] = f'"{state["version"]:x}-{hashlib.md5(response.content).hexdigest()}"'  # noqa: S324 -- a fingerprint, not security
        response["Last-Modified"] = http_date(state["changed_at"].timestamp())
        patch_cache_control(
            response,
            public=True,
            max_age=settings.NEWSROOM_HTTP_MAX_AGE,
            stale_while_revalidate=settings.NEWSROOM_HTTP_STALE_SECONDS,
        )
        patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
