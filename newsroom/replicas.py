"""Read replicas: anonymous readers' pages read from PostgreSQL streaming replicas
(`DATABASE_REPLICA_URLS`); everything else reads and writes the primary.

`ReplicaMiddleware` decides, once per request, whether the request may read a replica: a GET
or HEAD of a visitor without a session cookie (logged-in staff always read the primary) and
without the `WROTE_COOKIE` an unsafe request of theirs (a login, a desk save, a reader's
form) left for `NEWSROOM_PRIMARY_AFTER_WRITE_SECONDS`. So nobody saves and then reads the old
text; the cookie also takes them past the page cache and Varnish's copies until the purges
of their change are surely done. `ReplicaRouter` sends reads to the replica chosen for the
request; outside such a request (management commands, the task worker, migrations, tests),
inside a transaction on the primary, and for every write, it names the primary.

A replica is read only while it answers and is at most `NEWSROOM_REPLICA_MAX_LAG_SECONDS`
behind: each process measures each replica's lag at most once a second; one that fails is
left alone for `RETRY_SECONDS`, and a view that met a replica's error is run again on the
primary, so a replica going away never gives a reader an error.

What a replica shows is the primary as it was a little while ago: `current_until(request)`
is the time before which every change committed on the primary is certainly on the replica
the request reads. The caches keep what such a request made only if every version it carries
is older than that (`caching.entries`), so a page from a lagging replica is shown to the
reader who asked, and kept by no cache as current.
"""

import contextvars
import logging
import random
import threading
import time
from dataclasses import dataclass

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections

logger = logging.getLogger(__name__)

# Set after an unsafe request; its name is matched in deploy/varnish/newsroom.vcl.
WROTE_COOKIE = "newsroom_wrote"
READ_METHODS = ("GET", "HEAD")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")
PROBE_EVERY_NS = 1_000_000_000
# How long a replica that failed is not asked again.
RETRY_SECONDS = 5
# Taken off what a replica is known to have: the app servers' and database servers' clocks
# (NTP keeps them within milliseconds) and the stream's own delay when nothing waits.
MARGIN_NS = 1_000_000_000
# On a replica: how many seconds behind the primary it is; 0 when it has replayed all it
# received (or is a primary), NULL when it receives nothing (its stream is broken, so its
# lag is unknown).
LAG_QUERY = """
SELECT CASE
    WHEN NOT pg_is_in_recovery() THEN 0
    WHEN NOT EXISTS (SELECT 1 FROM pg_stat_wal_receiver) THEN NULL
    WHEN pg_last_wal_receive_lsn() = pg_last_wal_replay_lsn() THEN 0
    ELSE EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp())
END
"""

# The replica the current request reads (an alias), or None: the primary.
_reading = contextvars.ContextVar("newsroom_replica", default=None)


@dataclass(frozen=True)
class Replica:
    alias: str
    # Every change committed on the primary before this time (ns) is on the replica.
    current_until_ns: int


@dataclass
class _Health:
    probed_ns: int = 0  # when this process last measured it (0: never)
    current_until_ns: int | None = None  # None: not fit to read
    retry_after_ns: int = 0


_health = {}
_lock = threading.Lock()


def replica_aliases():
    return [alias for alias in settings.DATABASES if alias.startswith("replica")]


def may_read_replica(request):
    """Whether `request` is an anonymous reader's read, as nobody who just wrote."""
    return (
        request.method in READ_METHODS
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and not wrote_recently(request)
    )


def wrote_recently(request):
    """Whether the visitor made an unsafe request (a write) a few seconds ago."""
    return WROTE_COOKIE in request.COOKIES


def current_until(request):
    """None when `request` reads the primary; else the time (ns) before which every change
    committed on the primary is certainly on the replica it reads."""
    replica = getattr(request, "replica", None)
    return None if replica is None else replica.current_until_ns - MARGIN_NS


def choose_replica():
    """A `Replica` fit to read now, picked at random among those, or None."""
    fit = []
    for alias in replica_aliases():
        until = _current_until(alias)
        if until is not None:
            fit.append(Replica(alias, until))
    return random.choice(fit) if fit else None  # noqa: S311 -- spreading load, not security


def _current_until(alias):
    now = time.time_ns()
    with _lock:
        health = _health.setdefault(alias, _Health())
        due = now >= health.retry_after_ns and now - health.probed_ns >= PROBE_EVERY_NS
        if due:
            health.probed_ns = now  # this thread measures; the others use the last result
    if due:
        health.current_until_ns = _probe(alias, now)
    return health.current_until_ns


def _probe(alias, now):
    """When `alias` had every change of the primary, if it answers and is close enough."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute(LAG_QUERY)
            (lag,) = cursor.fetchone()
    except DatabaseError:
        logger.warning("replica %s cannot be read: reading the primary", alias, exc_info=True)
        failed(alias)
        return None
    if lag is None or float(lag) > settings.NEWSROOM_REPLICA_MAX_LAG_SECONDS:
        logger.info("replica %s is too far behind (%s s): reading the primary", alias, lag)
        return None
    return now - int(float(lag) * 1e9)


def failed(alias):
    """`alias` failed: not read from for `RETRY_SECONDS`."""
    with _lock:
        health = _health.setdefault(alias, _Health())
        health.current_until_ns = None
        health.retry_after_ns = time.time_ns() + RETRY_SECONDS * 1_000_000_000
    connections[alias].close()


class ReplicaRouter:
    """Reads to the request's replica when it may read one; the rest to the primary."""

    def db_for_read(self, model, **hints):
        alias = _reading.get()
        # Inside a transaction on the primary, reads see what it wrote.
        if alias is None or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return alias

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # one database, copied

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS  # the replicas follow the primary's schema


class ReplicaMiddleware:
    """Chooses the database a request reads, and marks a visitor who just wrote.

    Early (after the request id), so that the page cache knows where the page it may keep
    was read from; sessions and authentication, below it, read as the request does.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.replica = choose_replica() if may_read_replica(request) else None
        token = _reading.set(request.replica and request.replica.alias)
        try:
            response = self.get_response(request)
        finally:
            _reading.reset(token)
        seconds = settings.NEWSROOM_PRIMARY_AFTER_WRITE_SECONDS
        # A view whose write readers never read back (a visit counted for Terpopuler) says
        # so with `response.counts_as_write = False`: no mark, no cookie.
        if (
            request.method not in SAFE_METHODS
            and seconds > 0
            and getattr(response, "counts_as_write", True)
        ):
            response.set_cookie(
                WROTE_COOKIE,
                "1",
                max_age=seconds,
                secure=settings.HTTPS,
                httponly=True,
                samesite="Lax",
            )
        return response

    def process_exception(self, request, exception):
        """A view that met its replica's error is answered again from the primary."""
        replica = getattr(request, "replica", None)
        if (
            replica is None
            or not isinstance(exception, DatabaseError)
            or not connections[replica.alias].errors_occurred
        ):
            return None
        logger.warning("replica %s failed: reading the primary", replica.alias, exc_info=True)
        failed(replica.alias)
        request.replica = None
        _reading.set(None)  # reset by __call__ when the request ends
        match = request.resolver_match
        response = match.func(request, *match.args, **match.kwargs)
        if callable(getattr(response, "render", None)):
            response.render()
        return response
