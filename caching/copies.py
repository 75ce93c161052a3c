"""This process's copies of the content state, of pages and of what pages are made of.

With Redis as the shared cache, every content change is announced on a Redis channel as
well as written to the cache. Each process subscribes, and before it trusts its copies it
reads whatever announcements have arrived on that connection: a check of its own socket, not
a round trip. Redis sends an announcement to every subscriber in the same pass as it answers
the editor's process, so a request that starts after an editor's save has returned finds the
announcement waiting and drops the copies. A page from the copies costs no Redis round trip.

Whenever the subscription is not known to be working (not yet confirmed, broken, Redis
away, or a cache other than Redis), nothing is copied and every request reads the shared
cache, as before. The copied state is also read afresh at least every
`STATE_COPY_SECONDS`, so even an announcement lost in a way nobody saw is bounded.
"""

import contextlib
import logging
import os
import pickle
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

STATE_COPY_SECONDS = 10
RESUBSCRIBE_SECONDS = 5
# Copies per process (pages and what pages are made of): the most recently used, within
# both limits.
COPIES = 2000
COPY_BYTES = 32 * 1024 * 1024
# Pages and cards say “2 jam yang lalu”: a copy is read again from the shared cache after a
# minute, so what ages by the clock is no more than that older than the shared entry.
COPY_SECONDS = 60


def _size(value):
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], bytes):
        return len(value[2])  # a stored page: status, headers, content
    return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


def channel():
    return cache.make_key("content-changed")


def _redis_url():
    cache_settings = settings.CACHES["default"]
    if cache_settings["BACKEND"] != "django_redis.cache.RedisCache":
        return None
    return cache_settings["LOCATION"]


def announce_change():
    """Tell every process that content changed (their copies are dropped)."""
    if _redis_url() is None:
        return
    from django_redis import get_redis_connection

    try:
        get_redis_connection("default").publish(channel(), b"")
    except RedisError:
        # The other processes' subscriptions are on the same Redis: if it is away, they
        # are not listening either and read the shared cache on every request.
        logger.warning("content change could not be announced", exc_info=True)


class Copies:
    """The copies of one process, valid while its subscription is working."""

    def __init__(self):
        self.lock = threading.Lock()
        self.pid = None
        self.pubsub = None
        self.subscription = None
        self.confirmed = False
        self.retry_at = 0.0
        self._forget()

    def _forget(self):
        self.state = None
        self.state_read_at = 0.0
        self.entries = OrderedDict()
        self.copied_bytes = 0
        self.generation = getattr(self, "generation", 0) + 1

    def forget(self):
        """Drop the copies and the subscription (the shared cache was emptied without an
        announcement); the next request subscribes again."""
        with self.lock:
            self._close(retry_later=False)

    def state_copy(self):
        """`(state, ticket)`: the copied content state, or None if it must be read from the
        shared cache; then `ticket` is what `keep_state` needs to copy what was read."""
        with self.lock:
            if not self._listening():
                return None, None
            if self.state is not None and (
                time.monotonic() - self.state_read_at < STATE_COPY_SECONDS
            ):
                return self.state, None
            return None, self.generation

    def keep_state(self, state, ticket):
        """Copy `state`, read from the shared cache, unless a change was announced since."""
        with self.lock:
            if ticket is None or not self._listening() or self.generation != ticket:
                return
            if self.state is None or self.state["version"] != state["version"]:
                self.entries.clear()
                self.copied_bytes = 0
            self.state = state
            self.state_read_at = time.monotonic()

    def copy_many(self, keys, version):
        """The copies of `keys` made under `version`, by key."""
        found = {}
        now = time.monotonic()
        with self.lock:
            for key in keys:
                entry = self.entries.get(key)
                if entry is not None and entry[0] == version and entry[3] > now:
                    self.entries.move_to_end(key)
                    found[key] = entry[1]
        return found

    def copy(self, key, version):
        return self.copy_many([key], version).get(key)

    def keep(self, key, version, value):
        """Copy `value`, read or made under `version`, if that is still the current one.

        Copies are shared by the process's threads: they are only ever read.
        """
        size = _size(value)
        with self.lock:
            if not self._listening() or self.state is None or self.state["version"] != version:
                return
            if size > COPY_BYTES // 16:
                return
            old = self.entries.pop(key, None)
            if old is not None:
                self.copied_bytes -= old[2]
            self.entries[key] = (version, value, size, time.monotonic() + COPY_SECONDS)
            self.copied_bytes += size
            while len(self.entries) > COPIES or self.copied_bytes > COPY_BYTES:
                _key, (_version, _value, dropped, _until) = self.entries.popitem(last=False)
                self.copied_bytes -= dropped

    def _listening(self):
        """Read the announcements waiting on the subscription; False if it can't be trusted."""
        if self.pid != os.getpid():
            # A forked worker shares no connection and no copies with its parent.
            self.pid, self.pubsub, self.confirmed, self.retry_at = os.getpid(), None, False, 0.0
            self._forget()
        url = _redis_url()
        if self.pubsub is not None and self.subscription != (url, channel()):
            self._close(retry_later=False)  # the cache's settings changed (tests do)
        if url is None:
            return False
        try:
            if self.pubsub is None:
                if time.monotonic() < self.retry_at:
                    return False
                self.pubsub = self._subscribe(url)
                self.subscription = (url, channel())
            while (message := self.pubsub.get_message(timeout=0)) is not None:
                # Every message, the confirmation of a (re)subscription included, may follow
                # changes this process did not hear of.
                self.confirmed = self.confirmed or message["type"] == "subscribe"
                self._forget()
        except (RedisError, OSError):
            if self.confirmed:
                logger.warning("content announcements lost; reading the shared cache")
            self._close()
            return False
        return self.confirmed

    @staticmethod
    def _subscribe(url):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis.from_url(
            url,
            socket_connect_timeout=0.5,
            socket_timeout=0.5,
            # Fail at once: a request must never wait on reconnection attempts.
            retry=Retry(NoBackoff(), 0),
        )
        pubsub = client.pubsub()
        pubsub.subscribe(channel())
        return pubsub

    def _close(self, retry_later=True):
        if self.pubsub is not None:
            # Closing a broken connection may fail too; it is dropped either way.
            with contextlib.suppress(RedisError, OSError):
                self.pubsub.close()
        self.pubsub, self.confirmed = None, False
        self.retry_at = time.monotonic() + RESUBSCRIBE_SECONDS if retry_later else 0.0
        self._forget()


copies = Copies()
