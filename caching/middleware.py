"""Whole pages for anonymous readers, kept with the content keys they show, and the headers
that let the HTTP cache in front (Varnish, a CDN) keep them and purge them by the same keys."""

import hashlib
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date

from newsroom import replicas
from newsroom.middleware import chosen_language

from . import entries, schedule
from .fragments import UNCACHED_PREFIXES
from .keys import shown
from .versions import request_started, versions_of

# Query parameters a cached page may carry; anything else (filters, search) is rendered each
# time, so readers cannot grow the cache without bound with made-up queries.
CACHEABLE_QUERY = re.compile(r"(page=[0-9]{1,9})?")
# How each kind of header separates its keys (Cloudflare's Cache-Tag takes commas).
KEY_SEPARATORS = {"cache-tag": ","}
# "2 jam yang lalu" changes by the minute at most: how long the cache in front keeps it.
RELATIVE_TIME_MARK = b" data-relative>"
RELATIVE_TIME_SECONDS = 60


def _is_readers_request(request):
    """An anonymous reader's page: described for the cache in front, perhaps kept here."""
    return (
        request.method in ("GET", "HEAD")
        and not _is_personal(request)
        and not request.path.startswith(UNCACHED_PREFIXES)
    )


def _is_personal(request):
    """Someone logged in, or a visitor who just wrote (`newsroom.replicas`): pages made for
    them now, kept by no cache (after a write, the purges may not have reached the cache in
    front yet)."""
    return settings.SESSION_COOKIE_NAME in request.COOKIES or replicas.wrote_recently(request)


def _is_described():
    """Whether readers' pages say how long caches may keep them: when the page cache or the
    cache in front keeps them (with neither, a browser would keep a page no cache keeps)."""
    return settings.NEWSROOM_PAGE_CACHE_SECONDS > 0 or settings.NEWSROOM_EDGE_MAX_AGE > 0


def _is_kept_here(request):
    # Read raw: this runs before any other middleware has parsed or limited the query.
    return settings.NEWSROOM_PAGE_CACHE_SECONDS > 0 and CACHEABLE_QUERY.fullmatch(
        request.META.get("QUERY_STRING", "")
    )


def _is_cacheable_response(response):
    return (
        response.status_code == 200
        and not response.cookies
        and not response.streaming
        and "Cookie" not in response.get("Vary", "")
        and "no-store" not in response.get("Cache-Control", "")
    )


def page_name(request):
    """The cache key of the page `request` asks for."""
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    # The scheme too: a plain-HTTP request must reach SecurityMiddleware's HTTPS redirect.
    address = (
        f"{request.scheme}|{request.get_host()}|{chosen_language(request)}|{gzip}|"
        f"{request.get_full_path()}"
    )
    return f"page:{hashlib.sha256(address.encode()).hexdigest()}"


class PageCacheMiddleware:
    """Serves anonymous readers from the page cache; logged-in staff always get fresh pages.

    It comes after the request id and the choice of database only (`newsroom.replicas`: a
    page read from a replica is kept only when surely current), so a page is stored with
    every header the others add and a hit runs nothing else. Conditional requests for a
    stored page are answered 304 here. Every anonymous page, kept here or not (a search),
    carries its content keys for the HTTP cache in front (`NEWSROOM_KEY_HEADERS`).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_readers_request(request):
            response = self.get_response(request)
            if _is_personal(request):
                patch_cache_control(response, private=True, no_cache=True)
            return response
        request_started(request)
        # Searches and filtered lists are described for the cache in front too (its storage
        # is bounded and forgets the least used), but not kept here.
        keep = _is_kept_here(request)
        name = page_name(request) if keep else None
        # The next scheduled time and the page, read together; a page from the cache is
        # answered as stored, keys and all, unless a scheduled article just appeared.
        good = entries.read(
            request, [schedule.SCHEDULE_NAME, *([name] if keep else [])], show=False
        )
        if not schedule.check(request, good) and name in good:
            return self._answer(request, good[name])
        response = self.get_response(request)
        if _is_cacheable_response(response) and _is_described():
            keys = shown(request).response
            if not entries.may_keep(request, versions_of(request, keys)):
                # It may not show a change yet (read from a replica behind it, or a key
                # moved on while it was made): for this reader only, no cache keeps it.
                patch_cache_control(response, no_cache=True)
                patch_vary_headers(response, ["Accept-Encoding", "Cookie"])
                return response
            self._describe(request, response, keys)
            if keep:
                page = (response.status_code, list(response.items()), response.content)
                entries.write(request, {name: (page, keys)}, settings.NEWSROOM_PAGE_CACHE_SECONDS)
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
            last_modified=parse_http_date(response["Last-Modified"])
            if "Last-Modified" in response
            else None,
            response=response,
        )
        return not_modified or response

    @staticmethod
    def _describe(request, response, keys):
        response["ETag"] = f'"{hashlib.md5(response.content).hexdigest()}"'  # noqa: S324 -- a fingerprint, not security
        versions = versions_of(request, keys)
        if versions and "Last-Modified" not in response:  # a feed dates itself by its items
            # The last time anything the page shows changed.
            response["Last-Modified"] = http_date(max(versions.values()) / 1e9)
        patch_cache_control(
            response,
            public=True,
            max_age=settings.NEWSROOM_HTTP_MAX_AGE,
            stale_while_revalidate=settings.NEWSROOM_HTTP_STALE_SECONDS,
        )
        if settings.NEWSROOM_EDGE_MAX_AGE:
            patch_cache_control(response, s_maxage=_edge_seconds(request, response))
        for header in settings.NEWSROOM_KEY_HEADERS:
            response[header] = KEY_SEPARATORS.get(header.lower(), " ").join(sorted(keys))
        patch_vary_headers(response, ["Accept-Encoding", "Cookie"])


def _edge_seconds(request, response):
    """How long the cache in front may keep a page: `NEWSROOM_EDGE_MAX_AGE`, but no longer
    than until the next scheduled article appears (the purge that then follows waits for a
    request to reach the site, and the cache in front may answer them all), and a minute at
    most for a page that says how long ago something was (`{% short_time %}`)."""
    seconds = settings.NEWSROOM_EDGE_MAX_AGE
    if RELATIVE_TIME_MARK in response.content:
        seconds = min(seconds, RELATIVE_TIME_SECONDS)
    upcoming = getattr(request, "next_publication", None)
    if upcoming is not None:
        seconds = max(0, min(seconds, int((upcoming - timezone.now()).total_seconds())))
    return seconds
