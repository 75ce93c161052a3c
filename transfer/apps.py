from django.apps import AppConfig


class TransferConfig(AppConfig):
    """Importing and exporting whole archives."""

    name = "transfer"
