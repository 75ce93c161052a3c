"""Purges of the HTTP cache in front (Varnish, or a CDN that takes the same request).

After a change commits, its content keys are sent to each address of `NEWSROOM_PURGE_URLS`
as `PURGE /` with the keys in the `NEWSROOM_PURGE_HEADER` header (Varnish's xkey module, see
`deploy/varnish/`). They are sent from a thread of the process, so the editor's save never
waits for them: each request has `NEWSROOM_PURGE_TIMEOUT` seconds, and one that fails is
logged and tried again after `RETRY_SECONDS`, then given up (logged as an error: the cache in
front then shows the old page until its `s-maxage` runs out). Keys waiting together for the
same address go in one request (at most `KEYS_PER_REQUEST` keys each).
"""

import atexit
import http.client
import logging
import os
import queue
import threading
import time
import urllib.request

from django.conf import settings

logger = logging.getLogger(__name__)

KEYS_PER_REQUEST = 100
RETRY_SECONDS = (1, 5, 30)
# A process that ends (a management command) waits this long for its purges to go out.
DRAIN_SECONDS = 5

_state = {"pid": None, "queue": None}
_lock = threading.Lock()


def purge_later(keys):
    """Send `keys` to every purge address, from the process's purge thread."""
    if not settings.NEWSROOM_PURGE_URLS or not keys:
        return
    for url in settings.NEWSROOM_PURGE_URLS:
        _queue().put((url, frozenset(keys), 0))


def send(url, keys):
    """One purge request; raises `OSError` (`urllib.error.URLError`, a refusal included),
    `ValueError` or `http.client.HTTPException` when it fails."""
    request = urllib.request.Request(  # noqa: S310 -- addresses come from the settings
        url, method="PURGE", headers={settings.NEWSROOM_PURGE_HEADER: " ".join(sorted(keys))}
    )
    with urllib.request.urlopen(request, timeout=settings.NEWSROOM_PURGE_TIMEOUT) as response:  # noqa: S310
        response.read()


def _queue():
    with _lock:
        if _state["pid"] != os.getpid():
            # A forked worker has no thread of its parent's.
            _state["pid"], _state["queue"] = os.getpid(), queue.Queue()
            threading.Thread(target=_work, args=(_state["queue"],), daemon=True).start()
        return _state["queue"]


def _work(waiting):
    while True:
        batch = [waiting.get()]
        while not waiting.empty():
            batch.append(waiting.get_nowait())
        merged = {}
        for url, keys, attempt in batch:
            merged.setdefault((url, attempt), set()).update(keys)
        for (url, attempt), keys in merged.items():
            ordered = sorted(keys)
            for start in range(0, len(ordered), KEYS_PER_REQUEST):
                _try(waiting, url, ordered[start : start + KEYS_PER_REQUEST], attempt)
        for _item in batch:
            waiting.task_done()


def _try(waiting, url, keys, attempt):
    try:
        send(url, keys)
    except (OSError, ValueError, http.client.HTTPException) as error:
        if attempt < len(RETRY_SECONDS):
            logger.warning(
                "purge of %d keys at %s failed (%s); trying again in %d s",
                len(keys),
                url,
                error,
                RETRY_SECONDS[attempt],
            )
            retry = threading.Timer(
                RETRY_SECONDS[attempt], waiting.put, args=((url, frozenset(keys), attempt + 1),)
            )
            retry.daemon = True
            retry.start()
        else:
            logger.error("purge of %d keys at %s failed for good: %s", len(keys), url, error)


def _drain():
    waiting = _state["queue"]
    if waiting is None or _state["pid"] != os.getpid():
        return
    deadline = time.monotonic() + DRAIN_SECONDS
    while waiting.unfinished_tasks and time.monotonic() < deadline:
        time.sleep(0.02)


atexit.register(_drain)
