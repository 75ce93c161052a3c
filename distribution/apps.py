from django.apps import AppConfig


class DistributionConfig(AppConfig):
    """Feeds, sitemaps, structured data and sharing metadata."""

    name = "distribution"

    def ready(self):
        from . import checks, webhooks  # noqa: F401 -- checks registers itself

        webhooks.connect()
