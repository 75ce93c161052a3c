from django.apps import AppConfig


class ReadersConfig(AppConfig):
    """Public pages, search and previews for readers."""

    name = "readers"
