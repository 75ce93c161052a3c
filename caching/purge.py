"""Purges of the HTTP cache in front (Varnish, or a CDN that takes the same request).

After a change commits, its content keys are sent to each address of `NEWSROOM_PURGE_URLS`
as `PURGE /` with the keys in the `NEWSROOM_PURGE_HEADER` header (Varnish's xkey module, see
`deploy/varnish/`). They are sent by a task on the "purges" queue (`caching.tasks`), so the
editor's save never waits for them: enqueued when the change commits, sent as soon as a
worker (`manage.py db_worker --queue-name purges`) takes it, within a second of the save.
Each request has `NEWSROOM_PURGE_TIMEOUT` seconds; one that fails is logged and tried again
after `RETRY_SECONDS`, then given up: the task is then failed, shown in the desk with its
error, and the cache in front shows the old page until its `s-maxage` runs out. With no
worker running, purges wait in the queue (the desk's task list says so) and are sent when
one starts. Keys go at most `KEYS_PER_REQUEST` to a request.
"""

import http.client
import logging
import urllib.request

from django.conf import settings
from django.db import DatabaseError

logger = logging.getLogger(__name__)

KEYS_PER_REQUEST = 100
RETRY_SECONDS = (1, 5, 30)
# What a purge request raises when it fails: the cache is down, refuses, or does not answer.
ERRORS = (OSError, ValueError, http.client.HTTPException)


def purge_later(keys):
    """Enqueue the purge of `keys` at every purge address (call it once the change is
    committed); never raises: a purge that cannot even be enqueued is logged."""
    if not settings.NEWSROOM_PURGE_URLS or not keys:
        return
    from .tasks import send_purge  # the tasks module imports this one

    ordered = sorted(keys)
    try:
        for url in settings.NEWSROOM_PURGE_URLS:
            for start in range(0, len(ordered), KEYS_PER_REQUEST):
                send_purge.enqueue(url, ordered[start : start + KEYS_PER_REQUEST])
    except DatabaseError as error:
        logger.error("purge of %d keys could not be enqueued: %s", len(ordered), error)


def send(url, keys):
    """One purge request; raises one of `ERRORS` (`urllib.error.URLError`, a refusal
    included) when it fails."""
    request = urllib.request.Request(  # noqa: S310 -- addresses come from the settings
        url, method="PURGE", headers={settings.NEWSROOM_PURGE_HEADER: " ".join(sorted(keys))}
    )
    with urllib.request.urlopen(request, timeout=settings.NEWSROOM_PURGE_TIMEOUT) as response:  # noqa: S310
        response.read()
