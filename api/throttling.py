"""Rate limits per client address, as far as our own proxies vouch for it."""

from rest_framework.throttling import SimpleRateThrottle

from newsroom.middleware import client_address


class ClientAddressThrottle(SimpleRateThrottle):
    """`NEWSROOM_API_RATE` answers per address (the `default` cache counts them); the
    address is the one django-axes uses (`NEWSROOM_TRUSTED_PROXY_COUNT`), so a client
    cannot pick a new one for each request with X-Forwarded-For."""

    scope = "api"

    def get_cache_key(self, request, view):
        return self.cache_format % {"scope": self.scope, "ident": client_address(request)}
