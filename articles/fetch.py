"""The one safe fetcher: download over http(s) without letting an address reach into our own
network. Imports (`transfer`) fetch files and feeds with it, the desk oEmbed answers and
thumbnails (`articles.oembed`).

Every hop of a redirect is checked by the site's one address rule (`articles.network`),
made on the address actually connected to, so a name that resolves to 127.0.0.1 (or
changes its mind between two lookups) is refused as well. Private, loopback and
link-local addresses are allowed only when `NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS` is set (the
tests use a local server). `fetch_if_changed()` asks with the validators of the last
download (ETag, Last-Modified), so a feed that has not changed costs one short answer.
"""

import http.client
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

from articles import network

TIMEOUT = 15
MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "Newsroom-importer/1.0 (+https://www.djangoproject.com/)"


class InputError(Exception):
    """An input that cannot be read at all: a missing file, a refused or failing URL."""


@dataclass(frozen=True)
class Fetched:
    """A download: the body (None when the server answered 304 Not Modified) and the
    validators to ask with next time."""

    body: bytes | None
    etag: str = ""
    last_modified: str = ""

    @property
    def not_modified(self):
        return self.body is None


def check_address(address, allow_private):
    """`articles.network.check_address`, refusing with an `InputError`."""
    try:
        network.check_address(address, allow_private)
    except network.AddressRefused as error:
        raise InputError(str(error)) from error


def fetch(
    url,
    *,
    timeout=TIMEOUT,
    max_bytes=MAX_BYTES,
    max_redirects=MAX_REDIRECTS,
    allow_private=None,
    accept="*/*",
):
    """The body of `url` as bytes, within `timeout` seconds in all and `max_bytes` in size.
    Private addresses are refused unless `allow_private` (by default: the setting).

    Raises `InputError` with a reason a person can read.
    """
    return _get(
        url,
        {},
        timeout=timeout,
        max_bytes=max_bytes,
        max_redirects=max_redirects,
        allow_private=allow_private,
        accept=accept,
    ).body


def fetch_if_changed(url, *, etag="", last_modified="", timeout=None, max_bytes=MAX_BYTES):
    """`url` downloaded unless it is unchanged since the download that gave `etag` and
    `last_modified` (If-None-Match, If-Modified-Since): a `Fetched`."""
    headers = {}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = timeout or TIMEOUT
    return _get(url, headers, timeout=timeout, max_bytes=max_bytes, max_redirects=MAX_REDIRECTS)


def allows_private():
    """Whether the site's fetches may reach private addresses (the tests' local servers)."""
    return getattr(settings, "NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS", False)


def _get(url, headers, *, timeout, max_bytes, max_redirects, allow_private=None, accept="*/*"):
    if allow_private is None:
        allow_private = allows_private()
    deadline = time.monotonic() + timeout
    for _hop in range(max_redirects + 1):
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise InputError(_("only http and https addresses can be fetched"))
        connection = network.connection_for(parts, timeout=timeout, allow_private=allow_private)
        try:
            connection.request(
                "GET",
                (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                headers={"User-Agent": USER_AGENT, "Accept": accept, **headers},
            )
            # Kept before `getresponse()`, which may hand the socket over to the response.
            sock = connection.sock
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECT_STATUSES and location:
                url = urljoin(url, location)
                continue
            validators = {
                "etag": response.getheader("ETag") or "",
                "last_modified": response.getheader("Last-Modified") or "",
            }
            if response.status == 304 and headers:
                return Fetched(None, **validators)
            if response.status != 200:
                raise InputError(
                    _("the server answered %(status)d %(reason)s")
                    % {"status": response.status, "reason": response.reason}
                )
            return Fetched(_read(sock, response, deadline, max_bytes), **validators)
        except network.AddressRefused as error:
            raise InputError(str(error)) from error
        except TimeoutError as error:
            raise InputError(
                _("no answer within %(seconds)s seconds") % {"seconds": timeout}
            ) from error
        except (OSError, http.client.HTTPException) as error:
            raise InputError(_("cannot fetch: %(reason)s") % {"reason": error}) from error
        finally:
            connection.close()
    raise InputError(_("more than %(count)d redirects") % {"count": max_redirects})


def _read(sock, response, deadline, max_bytes):
    too_large = InputError(
        _("larger than %(size)d MB") % {"size": max(1, max_bytes // (1024 * 1024))}
    )
    if int(response.getheader("Content-Length") or 0) > max_bytes:
        raise too_large
    chunks, size = [], 0
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            # A server dripping a byte at a time must not keep us waiting for ever.
            raise TimeoutError
        sock.settimeout(remaining)
        chunk = response.read1(64 * 1024)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        chunks.append(chunk)
