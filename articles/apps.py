from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ArticlesConfig(AppConfig):
    """The content model: articles, their taxonomy, pictures, links, corrections and pages."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "articles"
    verbose_name = _("Newsroom content")

    def ready(self):
        from articles import files

        files.connect()
