"""A writer's private autosaved copy of the article they are editing: never the article,
never shown to anyone else or to readers, offered back when they open the article again."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .article import Article

# The fields an autosave keeps: what a writer types.
AUTOSAVED_FIELDS = ("title", "slug", "lead", "dateline", "body")
# The most text one autosave holds (an article's body is far less).
MAX_AUTOSAVE_CHARACTERS = 500_000


class Autosave(models.Model):
    # None: an article being written that was never saved yet.
    article = models.ForeignKey(
        Article, null=True, blank=True, on_delete=models.CASCADE, related_name="autosaves"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="autosaves"
    )
    fields = models.JSONField(_("fields"), default=dict)
    saved_at = models.DateTimeField(_("saved at"), auto_now=True)

    class Meta:
        verbose_name = _("autosave")
        verbose_name_plural = _("autosaves")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "user"], name="autosave_one_per_article_and_user"
            ),
            models.UniqueConstraint(
                fields=["user"], condition=Q(article__isnull=True), name="autosave_one_new_per_user"
            ),
        ]

    def __str__(self):
        return f"{self.user} @ {self.saved_at:%Y-%m-%d %H:%M}"

    @classmethod
    def keep(cls, user, article, fields):
        """Keep `fields` as `user`'s autosave of `article` (None: a new one)."""
        autosave, _created = cls.objects.update_or_create(
            user=user, article=article, defaults={"fields": fields}
        )
        return autosave

    @classmethod
    def offered(cls, user, article):
        """The autosave to offer `user` opening `article`: only one newer than the article's
        last save (an older one would undo a later save, theirs or a colleague's)."""
        autosave = cls.objects.filter(user=user, article=article).first()
        if autosave is None or (article is not None and autosave.saved_at <= article.updated_at):
            return None
        return autosave
