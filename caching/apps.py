from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The readers' caches: one content version, fragments and whole pages under it."""

    name = "caching"

    def ready(self):
        from . import checks, signals  # noqa: F401 -- checks registers itself

        signals.connect()
