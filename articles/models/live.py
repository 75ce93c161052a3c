"""Live reports (Laporan Langsung): an article followed by a running list of updates.

An article is a live report when it has a `LiveReport`; closing it (`closed_at`) ends the
coverage. Its updates (`LiveUpdate`, on the article) are shown newest first, the pinned
("penting") ones on top, each with its own anchor (`#update-ID`). Every update saved or
deleted moves the article's content keys like an edit of the article (`caching.signals`).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import embed_markup, html

from .article import Article
from .embeds import Embed
from .images import Image


class LiveReport(models.Model):
    article = models.OneToOneField(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="live_report"
    )
    started_at = models.DateTimeField(_("coverage started at"), default=timezone.now)
    closed_at = models.DateTimeField(
        _("closed at"),
        null=True,
        blank=True,
        help_text=_("Set when the coverage ends: readers are told the live report is over."),
    )

    class Meta:
        verbose_name = _("live report")
        verbose_name_plural = _("live reports")

    def __str__(self):
        return str(self.article)

    @property
    def is_open(self):
        return self.closed_at is None

    def close(self):
        self.closed_at = timezone.now()
        self.save(update_fields=["closed_at"])


class LiveUpdateQuerySet(models.QuerySet):
    def for_reading(self):
        """Pinned first, then newest first, with what each shows, in one query."""
        return self.select_related("image", "embed__thumbnail").order_by(
            "-pinned", "-created_at", "-pk"
        )


class LiveUpdate(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="live_updates"
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    title = models.CharField(_("title"), max_length=250, blank=True)
    body = models.TextField(_("text"), blank=True)
    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.SET_NULL, null=True, blank=True
    )
    embed = models.ForeignKey(
        Embed, verbose_name=_("embed"), on_delete=models.SET_NULL, null=True, blank=True
    )
    pinned = models.BooleanField(
        _("important"),
        default=False,
        help_text=_("Pinned at the top of the report (“penting”)."),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = LiveUpdateQuerySet.as_manager()

    class Meta:
        verbose_name = _("live update")
        verbose_name_plural = _("live updates")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["article", "-created_at"], name="liveupdate_report_time")]

    def __str__(self):
        return self.title or html.strip_tags(self.body)[:60]

    def save(self, *args, **kwargs):
        self.title = html.plain_text(self.title)
        self.body = embed_markup.existing_only(html.sanitize(self.body))
        super().save(*args, **kwargs)

    @property
    def anchor(self):
        return f"update-{self.pk}"

    def clean(self):
        if not (self.title.strip() or html.strip_tags(self.body) or self.image_id or self.embed_id):
            raise ValidationError(_("An update needs a title, a text, an image or an embed."))
