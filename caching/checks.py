"""System checks for a deployment (`manage.py check --deploy`)."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _

LOCAL_MEMORY = "django.core.cache.backends.locmem.LocMemCache"


@checks.register(checks.Tags.caches)
def shared_cache(app_configs, **kwargs):
    """Every process serving readers must see one cache, or a change reaches only one.

    With a cache in each process's own memory, a takedown saved through one gunicorn worker
    left the other workers serving the article for minutes.
    """
    if settings.DEBUG:
        return []
    if any(cache["BACKEND"] == LOCAL_MEMORY for cache in settings.CACHES.values()):
        return [
            checks.Error(
                _("The cache is each process's own memory, but several processes serve pages."),
                hint=_("Set REDIS_URL, or leave CACHES as the settings make it (a folder)."),
                id="newsroom.E001",
            )
        ]
    return []
