"""Whole pages for anonymous readers, kept under the content version."""

import hashlib
import re

from django.conf import settings
from django.http import HttpResponse
from django.utils.cache import get_conditional_response, patch_cache_control, patch_vary_headers
from django.utils.http import http_date, parse_http_date

from newsroom.middleware import chosen_language

from .fragments import UNCACHED_PREFIXES
from .version import readers_cache, request_version

# Query parameters a cached page may carry; anything else (filters, search) is rendered each
# time, so readers cannot grow the cache without bound with made-up queries.
CACHEABLE_QUERY = re.compile(r"(page=[0-9]{1,9})?")


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


def page_key(request):
    """The key of the page `request` asks for, in its content version."""
    gzip = "gzip" in request.headers.get("Accept-Encoding", "")
    # The scheme too: a plain-HTTP request must reach SecurityMiddleware's HTTPS redirect.
    address = (
        f"{request.scheme}|{request.get_host()}|{chosen_language(request)}|{gzip}|"
        f"{request.get_full_path()}"
    )
    digest = hashlib.sha256(address.encode()).hexdigest()
    return f"page:{request_version(request)['version']}:{digest}"


class PageCacheMiddleware:
    """Serves anonymous readers from the page cache; logged-in staff always get fresh pages.

    It is the first middleware but one (request ids), so a page is stored with every header
    the others add and a hit runs nothing else. Conditional requests for a stored page are
    answered 304 here; the page's ETag and Last-Modified come from the content version.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _is_cacheable_request(request):
            response = self.get_response(request)
            if settings.SESSION_COOKIE_NAME in request.COOKIES:
                patch_cache_control(response, private=True, no_cache=True)
            return response
        key = page_key(request)
        page = readers_cache().get(key)
        if page is not None:
            return self._answer(request, page)
        response = self.get_response(request)
        if _is_cacheable_response(response):
            self._describe(response, request_version(request))
            page = (response.status_code, list(response.items()), response.content)
            readers_cache().set(key, page, settings.NEWSROOM_PAGE_CACHE_SECONDS)
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
