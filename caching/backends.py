"""A Redis cache backend that keeps, in each process, a copy of what it read or wrote.

It serves the `readers` cache alias (see `caching.versions`). Its values are entries stamped
with the versions of their content keys, and those versions. A version changes only through
`set_many_and_announce()` (and a key may be deleted): this backend then publishes the keys on
a Redis channel, and every process drops its copies of them before it trusts a copy again:
before each read it takes whatever messages have arrived on its subscription, a check of its
own socket, not a round trip. Redis sends the message to every subscriber in the same pass as
it answers the writing process, so a request that starts after an editor's save has returned
finds it waiting. An entry's copy needs no message: it is checked against the versions on
every read, and a copy found out of date is read again from Redis (`read_again()`).

Whenever the subscription is not known to be working (not yet confirmed, broken, Redis
away) nothing is copied and every read goes to Redis, as with the plain backend. A copy is
also read again after `LOCAL_SECONDS`, so a message lost in a way nobody saw is bounded,
and what ages by the clock is no older than that.
"""

import contextlib
import logging
import os
import pickle
import threading
import time
from collections import OrderedDict

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django_redis.cache import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

LOCAL_SECONDS = 10
RESUBSCRIBE_SECONDS = 5
# Copies per process: the most recently used, within both limits.
LOCAL_ENTRIES = 2000
LOCAL_BYTES = 32 * 1024 * 1024
_MISSING = object()


def _kept(timeout):
    """Whether a value written with `timeout` is kept at all (0 or less: it is not)."""
    return timeout is DEFAULT_TIMEOUT or timeout is None or timeout > 0


def _size(value):
    if isinstance(value, str | bytes):
        return len(value)
    if isinstance(value, tuple) and len(value) == 3 and isinstance(value[2], bytes):
        return len(value[2])  # a stored page: status, headers, content
    return len(pickle.dumps(value, pickle.HIGHEST_PROTOCOL))


class RedisCacheWithLocalCopies(RedisCache):
    """django-redis' `RedisCache`, with this process's copies in front (see the module)."""

    def __init__(self, server, params):
        super().__init__(server, params)
        self._url = server if isinstance(server, str) else server[0]
        self._lock = threading.Lock()
        self._pid = None
        self._pubsub = None
        self._confirmed = False
        self._retry_at = 0.0
        self.channel = self.make_key("content-changed")
        self._drop_copies()

    # Reads: the copy when it holds, Redis otherwise (copied as it comes).

    def get(self, key, default=None, version=None):
        key_made = self.make_key(key, version=version)
        found, ticket = self._copies_of([key_made])
        if key_made in found:
            return found[key_made]
        value = super().get(key, _MISSING, version=version)
        if value is _MISSING:
            return default
        self._copy({key_made: value}, ticket)
        return value

    def get_many(self, keys, version=None):
        made = {self.make_key(key, version=version): key for key in keys}
        found, ticket = self._copies_of(list(made))
        values = {made[key_made]: value for key_made, value in found.items()}
        missing = [made[key_made] for key_made in made if key_made not in found]
        if missing:
            read = super().get_many(missing, version=version) or {}
            self._copy(
                {self.make_key(key, version=version): v for key, v in read.items()},
                ticket,
            )
            values |= read
        return values

    # Writes: to Redis, and copied. Deleting is how the version moves: it is announced.

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None, **kwargs):
        ticket = self._ticket()
        stored = super().set(key, value, timeout=timeout, version=version, **kwargs)
        if stored and _kept(timeout):
            self._copy({self.make_key(key, version=version): value}, ticket)
        return stored

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        ticket = self._ticket()
        added = super().add(key, value, timeout=timeout, version=version)
        if added and _kept(timeout):
            self._copy({self.make_key(key, version=version): value}, ticket)
        return added

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        ticket = self._ticket()
        failed = super().set_many(data, timeout=timeout, version=version)
        if not _kept(timeout):
            return failed
        # What was written is right even where Redis failed: these keys never change.
        self._copy(
            {self.make_key(key, version=version): v for key, v in data.items()},
            ticket,
        )
        return failed

    def set_many_and_announce(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        """`set_many()`, and every process drops its copies of these keys."""
        failed = super().set_many(data, timeout=timeout, version=version)
        self._announce([self.make_key(key, version=version) for key in data])
        return failed

    def changes_heard(self):
        """A number that moves whenever this process hears of a change (or None while its
        copies cannot be trusted): what was good at one number is good while it stays."""
        with self._lock:
            return self._generation if self._listening() else None

    def read_again(self, keys, version=None):
        """`get_many()` from Redis itself, whatever this process has copied."""
        ticket = self._ticket()
        read = super().get_many(keys, version=version) or {}
        self._copy({self.make_key(key, version=version): v for key, v in read.items()}, ticket)
        return read

    def delete(self, key, version=None):
        deleted = super().delete(key, version=version)
        self._announce([self.make_key(key, version=version)])
        return deleted

    def delete_many(self, keys, version=None):
        deleted = super().delete_many(keys, version=version)
        self._announce([self.make_key(key, version=version) for key in keys])
        return deleted

    def clear(self):
        cleared = super().clear()
        self._announce(None)
        return cleared

    # The copies and the subscription that keeps them right.

    def _drop_copies(self, keys=None):
        """Drop the copies of `keys` (made keys), or all of them."""
        if keys is None:
            self._entries = OrderedDict()
            self._bytes = 0
        else:
            for key in keys:
                old = self._entries.pop(key, None)
                if old is not None:
                    self._bytes -= old[1]
        # A copy read before this is not made: it may be older than the change.
        self._generation = getattr(self, "_generation", 0) + 1

    def _ticket(self):
        """What `_copy` needs to know that no change was announced since it was taken."""
        with self._lock:
            return self._generation if self._listening() else None

    def _copies_of(self, keys):
        """`(found, ticket)`: the copies of `keys`, by key, and a ticket for what is read."""
        found = {}
        now = time.monotonic()
        with self._lock:
            if not self._listening():
                return found, None
            for key in keys:
                entry = self._entries.get(key)
                if entry is not None and entry[2] > now:
                    self._entries.move_to_end(key)
                    found[key] = entry[0]
            return found, self._generation

    def _copy(self, values, ticket):
        """Copy `values` (by made key), read or written since `ticket` was taken, unless a
        change was announced in between. Copies are shared by the process's threads: they
        are only ever read, never changed in place."""
        if ticket is None or not values:
            return
        sizes = {key: _size(value) for key, value in values.items()}
        until = time.monotonic() + LOCAL_SECONDS
        with self._lock:
            if self._generation != ticket or not self._listening():
                return
            for key, value in values.items():
                if sizes[key] > LOCAL_BYTES // 16:
                    continue
                old = self._entries.pop(key, None)
                if old is not None:
                    self._bytes -= old[1]
                self._entries[key] = (value, sizes[key], until)
                self._bytes += sizes[key]
            while len(self._entries) > LOCAL_ENTRIES or self._bytes > LOCAL_BYTES:
                _key, (_value, dropped, _until) = self._entries.popitem(last=False)
                self._bytes -= dropped

    def _announce(self, keys):
        """Tell every process (this one too) to drop its copies of `keys` (None: all)."""
        with self._lock:
            self._drop_copies(keys)
        message = b"" if keys is None else "\n".join(keys).encode()
        try:
            self.client.get_client(write=True).publish(self.channel, message)
        except RedisError:
            # The other processes subscribe on the same Redis: if it is away, they are not
            # listening either, and read from Redis (or render) on every request.
            logger.warning("content change could not be announced", exc_info=True)

    def _listening(self):
        """Take the messages waiting on the subscription; False if it can't be trusted.
        Called with the lock held."""
        if self._pid != os.getpid():
            # A forked worker shares no connection and no copies with its parent.
            self._pid, self._pubsub, self._confirmed, self._retry_at = os.getpid(), None, False, 0
            self._drop_copies()
        try:
            if self._pubsub is None:
                if time.monotonic() < self._retry_at:
                    return False
                self._pubsub = self._subscribe()
            while (message := self._pubsub.get_message(timeout=0)) is not None:
                # Every message, the confirmation of a (re)subscription included, may follow
                # changes this process did not hear of.
                if message["type"] == "message" and message["data"]:
                    self._drop_copies(message["data"].decode().split("\n"))
                else:
                    self._confirmed = self._confirmed or message["type"] == "subscribe"
                    self._drop_copies()
        except (RedisError, OSError):
            if self._confirmed:
                logger.warning("content change messages lost; reading Redis on every request")
            self._close()
            return False
        return self._confirmed

    def _subscribe(self):
        import redis
        from redis.backoff import NoBackoff
        from redis.retry import Retry

        client = redis.Redis.from_url(
            self._url,
            socket_connect_timeout=0.5,
            socket_timeout=0.5,
            # Fail at once: a request must never wait on reconnection attempts.
            retry=Retry(NoBackoff(), 0),
        )
        pubsub = client.pubsub()
        pubsub.subscribe(self.channel)
        return pubsub

    def _close(self):
        if self._pubsub is not None:
            # Closing a broken connection may fail too; it is dropped either way.
            with contextlib.suppress(RedisError, OSError):
                self._pubsub.close()
        self._pubsub, self._confirmed = None, False
        self._retry_at = time.monotonic() + RESUBSCRIBE_SECONDS
        self._drop_copies()
