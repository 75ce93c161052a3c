from django.apps import AppConfig


class DeskConfig(AppConfig):
    """The editors' desk in the Django admin."""

    name = "desk"
