from django.apps import AppConfig


class DistributionConfig(AppConfig):
    """Feeds, sitemaps, structured data and sharing metadata."""

    name = "distribution"
