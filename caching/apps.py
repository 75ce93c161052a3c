from django.apps import AppConfig


class CachingConfig(AppConfig):
    """The readers' caches: fragments, data and whole pages, each kept with the content keys
    of what it shows."""

    name = "caching"

    def ready(self):
        from . import checks, signals  # noqa: F401 -- checks registers itself

        signals.connect()
