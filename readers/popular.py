"""Terpopuler: counting readers' visits without cookies or personal data, and the most read.

A visit is counted by a small same-origin request the article page's own script sends
(`navigator.sendBeacon`, static/js/count.js), so pages served by the page cache, Varnish or a
CDN count too. The request carries the article's id only. A reader is recognised for a day
by a digest of their address and browser with a secret that changes every day; the digest is
kept in Redis until the day ends and nothing else is kept, so reloading 50 times counts once
and no address is ever stored. Bots (by their user agent) and the desk's staff are not
counted.

With Redis, a visit costs one Redis round trip (a small script) and no database write: the
hour's counts are a Redis hash, which `roll_up()` (a task enqueued at most once a minute by
the visits themselves) writes to `ViewCount` rows, the same counts each time it runs until
the hour is over and its hash is dropped. Without Redis (the embedded setup), each new
reader's visit adds to its row directly.
"""

import hashlib
import hmac
import re
from datetime import UTC, datetime, timedelta

from django.conf import settings
from django.core.cache import caches
from django.utils import timezone

from articles.models import ViewCount
from caching import versions
from caching.keys import MOST_READ

BOTS = re.compile(
    r"bot|crawl|spider|slurp|fetch|preview|monitor|lighthouse|headless|python|curl|wget|"
    r"http-client|facebookexternalhit|embedly|whatsapp|telegram",
    re.IGNORECASE,
)
ROLL_UP_EVERY = 60
# An hour's counts stay in Redis this long after it ends, for the last roll-ups to read.
KEPT_AFTER_THE_HOUR = timedelta(minutes=15)


def is_counted(request):
    """Whether a visit by this request counts: a reader's browser, not a bot or the staff."""
    agent = request.headers.get("User-Agent", "")
    if not agent or BOTS.search(agent):
        return False
    signed_in = settings.SESSION_COOKIE_NAME in request.COOKIES
    return not (signed_in and request.user.is_staff)


def reader_digest(request, article_id, now):
    """Who is reading, for today only: a keyed digest nobody can turn back into an address."""
    day = now.astimezone(UTC).strftime("%Y%m%d")
    secret = hmac.new(settings.SECRET_KEY.encode(), f"views:{day}".encode(), hashlib.sha256)
    address = request.META.get("REMOTE_ADDR", "")
    reader = f"{address}|{request.headers.get('User-Agent', '')}|{article_id}"
    return hmac.new(secret.digest(), reader.encode(), hashlib.sha256).hexdigest()[:24]


def hour_of(moment):
    return moment.astimezone(UTC).replace(minute=0, second=0, microsecond=0)


# Article ids are 64-bit: a larger number from a crafted request names no article, and would
# make the roll-up's lookup fail for every count of its hour.
LARGEST_ID = 2**63 - 1


def count_visit(request, article_id, now=None):
    """Count one visit of `article_id`; returns whether it was counted (a first one today)."""
    if not 0 < article_id <= LARGEST_ID or not is_counted(request):
        return False
    now = now or timezone.now()
    end_of_day = datetime.combine(now.astimezone(UTC).date(), datetime.min.time(), UTC)
    seconds_left = int((end_of_day + timedelta(days=1) - now).total_seconds()) + 1
    seen = f"{prefix()}:seen:{reader_digest(request, article_id, now)}"
    store = redis()
    if store is None:
        if not caches["default"].add(seen, 1, timeout=seconds_left):
            return False
        ViewCount.add_one(article_id, hour_of(now))
        return True
    hour = f"{prefix()}:hour:{hour_of(now):%Y%m%d%H}"
    queued = f"{prefix()}:roll-up-queued"
    counted = _count(store)(
        keys=[seen, hour, queued], args=[seconds_left, article_id, ROLL_UP_EVERY]
    )
    if counted == 2:  # the first count of the minute: a roll-up is due then
        from readers.tasks import roll_up_views  # the task imports this module

        roll_up_views.using(run_after=now + timedelta(seconds=ROLL_UP_EVERY)).enqueue()
    return counted > 0


# One round trip: a reader not seen today is counted in the hour's hash; 2 when no roll-up
# has been asked for in the last minute (and it now is), 1 otherwise, 0 for a reader seen.
COUNT_SCRIPT = """
if not redis.call('SET', KEYS[1], 1, 'NX', 'EX', ARGV[1]) then return 0 end
redis.call('HINCRBY', KEYS[2], ARGV[2], 1)
if redis.call('SET', KEYS[3], 1, 'NX', 'EX', ARGV[3]) then return 2 end
return 1
"""


def _count(store):
    if _client.get("script_for") is not store:
        _client["script_for"], _client["script"] = store, store.register_script(COUNT_SCRIPT)
    return _client["script"]


def roll_up(now=None):
    """Write every hour's counts kept in Redis to `ViewCount`, and drop the hours that are
    over. Running it twice writes the same rows. Returns how many counts it wrote."""
    store = redis()
    if store is None:
        return 0
    now = now or timezone.now()
    written = 0
    for name in store.scan_iter(match=f"{prefix()}:hour:*", count=1000):
        name = name.decode() if isinstance(name, bytes) else name
        hour = datetime.strptime(name.rsplit(":", 1)[1], "%Y%m%d%H").replace(tzinfo=UTC)
        counts = {
            int(pk): int(views)
            for pk, views in store.hgetall(name).items()
            if pk.isdigit() and 0 < int(pk) <= LARGEST_ID
        }
        ViewCount.set_hour(counts, hour)
        written += len(counts)
        if now - hour > timedelta(hours=1) + KEPT_AFTER_THE_HOUR:
            store.delete(name)
    if written:
        versions.change({MOST_READ})
    return written


def prefix():
    return settings.NEWSROOM_VIEWS_PREFIX


def redis():
    """The Redis client counts go to, or None without Redis."""
    if not settings.REDIS_URL:
        return None
    if _client.get("url") != settings.REDIS_URL:
        import redis as redis_py

        _client["url"] = settings.REDIS_URL
        _client["redis"] = redis_py.Redis.from_url(
            settings.REDIS_URL, socket_timeout=0.5, socket_connect_timeout=0.5
        )
    return _client["redis"]


_client = {}
