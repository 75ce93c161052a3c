"""Trying a background task again after a failure that may pass (a server down, a timeout).

Django's Tasks API has no retries of its own: every task of ours that can fail for a while
(a purge, a download) catches the errors that may pass and calls `again_later()`, which
enqueues the same task with the same arguments to run after the next delay (1, 5, then 30
seconds by default) and `attempt` one higher. The attempt that asked for another ends
successful, its result saying when and why it is tried again; once every delay has been
used, `again_later()` returns False and the task lets the error fail it, so the desk shows
it failed with its traceback (desk/admin/tasks.py).
"""

import logging
from datetime import timedelta

from django.utils import timezone

logger = logging.getLogger(__name__)

RETRY_SECONDS = (1, 5, 30)
ATTEMPT = "attempt"


def again_later(task, error, *args, attempt=0, delays=RETRY_SECONDS, **kwargs):
    """Enqueue `task(*args, attempt=attempt + 1, **kwargs)` after `delays[attempt]` seconds.

    Returns what the failed attempt should return (a dict for its result), or None when the
    task has been tried `len(delays)` times already or its backend cannot wait (then the
    caller raises `error`).
    """
    if attempt >= len(delays) or not task.get_backend().supports_defer:
        return None
    when = timezone.now() + timedelta(seconds=delays[attempt])
    task.using(run_after=when).enqueue(*args, **{ATTEMPT: attempt + 1}, **kwargs)
    logger.warning("%s failed (%s); trying again in %s s", task.name, error, f"{delays[attempt]:g}")
    return {"error": str(error), "tried_again_at": when.isoformat()}


def first_attempt(kwargs):
    """A task's keyword arguments as for its first attempt (a run again from the desk)."""
    return {name: value for name, value in kwargs.items() if name != ATTEMPT}
