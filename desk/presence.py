"""Who has an article open at the desk: a short-lived note per article in the shared cache.

The change form checks in when it opens and, through a small script, every half minute
after; a person who has not checked in for `PRESENCE_SECONDS` has left. This only warns:
what keeps edits from being lost is the version check when saving (`Article.changed_since`).
"""

import time

from django.core.cache import cache

PRESENCE_SECONDS = 120


def _key(article_id):
    return f"newsroom:editing:{article_id}"


def check_in(article_id, user):
    """Note that `user` has the article open; return the names of the others who do.

    Two check-ins at the same moment may drop one of them from the note until its next
    heartbeat, which is good enough for a warning.
    """
    now = time.time()
    seen = {
        user_id: (name, at)
        for user_id, (name, at) in (cache.get(_key(article_id)) or {}).items()
        if now - at < PRESENCE_SECONDS
    }
    seen[user.pk] = (user.get_full_name() or user.get_username(), now)
    cache.set(_key(article_id), seen, timeout=PRESENCE_SECONDS)
    return sorted(name for user_id, (name, _at) in seen.items() if user_id != user.pk)
