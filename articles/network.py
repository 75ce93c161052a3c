"""The one rule of which addresses the site's own requests may reach.

Feeds the importer downloads (`transfer.importers.fetch`) and webhooks the site sends
(`distribution.webhooks`) go only to addresses on the internet: a private, loopback or
link-local address (or an IPv6 one that carries such an IPv4 address) is refused. The check
is made on the address actually connected to, so a name that resolves to 127.0.0.1 (or
changes its mind between two lookups) is refused as well. Tests that talk to a local server
allow private addresses with a setting (`NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS`,
`NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS`).
"""

import functools
import http.client
import ipaddress
import socket

from django.utils.translation import gettext as _

# IPv6 prefixes that carry an IPv4 address in their last 32 bits and reach it: NAT64 (the
# well-known prefix and the local-use one), besides IPv4-mapped and 6to4 addresses.
NAT64_NETWORKS = [ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48")]


class AddressRefused(ValueError):
    """An address outside the internet, which the site's requests may not reach."""


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
    """Raise `AddressRefused` unless `address` (an IP address) is on the internet."""
    if allow_private:
        return
    for ip in reached_addresses(address):
        if not ip.is_global or ip.is_multicast:
            raise AddressRefused(
                _("refused: %(address)s is a private, loopback or link-local address")
                % {"address": ip}
            )


def guarded_connection(address, timeout=None, source_address=None, *, allow_private):
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


class HTTPConnection(http.client.HTTPConnection):
    """An HTTP connection that connects only to the addresses `check_address` allows."""

    def __init__(self, *args, allow_private, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(guarded_connection, allow_private=allow_private)


class HTTPSConnection(http.client.HTTPSConnection):
    """An HTTPS connection that connects only to the addresses `check_address` allows."""

    def __init__(self, *args, allow_private, **kwargs):
        super().__init__(*args, **kwargs)
        self._create_connection = functools.partial(guarded_connection, allow_private=allow_private)


def connection_for(parts, *, timeout, allow_private):
    """A guarded connection to the host of `parts` (a `urlsplit` of an http(s) address)."""
    connection_class = HTTPSConnection if parts.scheme == "https" else HTTPConnection
    return connection_class(
        parts.hostname, parts.port, timeout=timeout, allow_private=allow_private
    )
