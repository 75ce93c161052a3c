"""Background tasks of the caches: purges of the HTTP cache in front (`caching.purge`).

From django-tasks (the backport); on Django 6, `from django.tasks import task`.
"""

import logging

from django_tasks import task

from articles import retries

from . import purge

logger = logging.getLogger("caching.purge")


@task(queue_name="purges")
def send_purge(url, keys, attempt=0):
    """Purge `keys` at `url`; tried again after 1, 5 and 30 s, then failed with the error."""
    try:
        purge.send(url, keys)
    except purge.ERRORS as error:
        later = retries.again_later(
            send_purge, error, url, keys, attempt=attempt, delays=purge.RETRY_SECONDS
        )
        if later is None:
            logger.error("purge of %d keys at %s failed for good: %s", len(keys), url, error)
            raise
        return later
    return {"purged": len(keys)}
