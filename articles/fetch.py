"""The one safe fetcher: download over http(s) without letting an address reach into our own
network. Imports (`transfer`) fetch feeds with it, the desk oEmbed answers and thumbnails
(`articles.embeds`).

Every hop of a redirect is checked, and the check is made on the address actually
connected to, so a name that resolves to 127.0.0.1 (or changes its mind between two
lookups) is refused as well. Private, loopback and link-local addresses are allowed only
when `NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS` is set (the tests use a local server).
"""

import functools
import http.client
import ipaddress
import socket
import time
from urllib.parse import urljoin, urlsplit

from django.conf import settings
from django.utils.translation import gettext as _

TIMEOUT = 15
MAX_BYTES = 20 * 1024 * 1024
MAX_REDIRECTS = 5
REDIRECT_STATUSES = {301, 302, 303, 307, 308}
USER_AGENT = "Newsroom-importer/1.0 (+https://www.djangoproject.com/)"


class InputError(Exception):
    """An input that cannot be read at all: a missing file, a refused or failing URL."""


# IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it: NAT64 (the
# well-known prefix and the local-use one), besides IPv4-mapped and 6to4 addresses.
NAT64_NETWORKS = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48")]


def reached_addresses(address):
    """The address, and the IPv4 address an IPv6 one embeds and reaches, if any."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if ip.version == 4:
        return [ip]
    embedded = ip.ipv4_mapped or ip.sixtofour
    if embedded is None and any(ip in network for network in NAT64_NETWORKS):
        embedded = ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if embedded is None and int(ip) >> 32 == 0 and int(ip) > 1:
        embedded = ipaddress.IPv4Address(int(ip))  # IPv4-compatible (::a.b.c.d)
    return [ip] if embedded is None else [ip, embedded]


def check_address(address, allow_private):
    if allow_private:
        return
    for ip in reached_addresses(address):
        if not ip.is_global or ip.is_multicast:
            raise InputError(
                _("refused: %(address)s is a private, loopback or link-local address")
                % {"address": ip}
            )


def _guarded_connection(address, timeout=None, source_address=None, *, allow_private):
    """Like `socket.create_connection`, but refusing addresses outside the internet."""
    host, port = address
    infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    for *_rest, sockaddr in infos:
        check_address(sockaddr[0], allow_private)
    error = OSError(_("no address found"))
    for family, kind, proto, _name, sockaddr in infos:
        sock = socket.socket(family, kind, proto)
        try:
            sock.settimeout(timeout)
            sock.connect(sockaddr)
        except OSError as connect_error:
            sock.close()
            error = connect_error
            continue
        return sock
    raise error


class _HTTPConnection(http.client.HTTPConnection):
    def __init__(self, *args, allow_private, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(
            _guarded_connection, allow_private=allow_private
        )


class _HTTPSConnection(http.client.HTTPSConnection):
    def __init__(self, *args, allow_private, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(
            _guarded_connection, allow_private=allow_private
        )


def allows_private():
    return getattr(settings, "NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS", False)


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
    if allow_private is None:
        allow_private = allows_private()
    deadline = time.monotonic() + timeout
    for _hop in range(max_redirects + 1):
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise InputError(_("only http and https addresses can be fetched"))
        connection_class = _HTTPSConnection if parts.scheme == "https" else _HTTPConnection
        connection = connection_class(
            parts.hostname, parts.port, timeout=timeout, allow_private=allow_private
        )
        try:
            connection.request(
                "GET",
                (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
                headers={"User-Agent": USER_AGENT, "Accept": accept},
            )
            # Kept before `getresponse()`, which may hand the socket over to the response.
            sock = connection.sock
            response = connection.getresponse()
            location = response.getheader("Location")
            if response.status in REDIRECT_STATUSES and location:
                url = urljoin(url, location)
                continue
            if response.status != 200:
                raise InputError(
                    _("the server answered %(status)d %(reason)s")
                    % {"status": response.status, "reason": response.reason}
                )
            return _read(sock, response, deadline, max_bytes)
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
