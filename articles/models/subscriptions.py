"""Feeds the newsroom pulls in on a schedule (imported by `transfer`, edited in the desk)."""

from datetime import timedelta

from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .workflow import ArticleStatus


class FeedSubscription(models.Model):
    """An RSS or Atom feed (or a JSON Lines export address) imported every few minutes.

    `manage.py pull_feeds`, run every minute by a timer, enqueues the import of each active
    subscription whose time has come; the import task records how it went here.
    """

    url = models.URLField(
        _("address"), max_length=1000, unique=True, help_text=_("An http(s) feed address.")
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_(
            "The publication the feed comes from: the origin source of its articles, and "
            "part of the key that recognises them on the next import."
        ),
    )
    status = models.CharField(
        _("imported as"),
        max_length=20,
        choices=[(ArticleStatus.DRAFT, _("drafts")), (ArticleStatus.PUBLISHED, _("published"))],
        default=ArticleStatus.DRAFT,
    )
    every_minutes = models.PositiveIntegerField(
        _("every (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    active = models.BooleanField(_("active"), default=True)
    last_queued_at = models.DateTimeField(_("last queued at"), null=True, editable=False)
    last_run_at = models.DateTimeField(_("last imported at"), null=True, editable=False)
    last_result = models.TextField(_("last result"), blank=True, editable=False)
    last_failed = models.BooleanField(_("last import failed"), default=False, editable=False)

    class Meta:
        verbose_name = _("feed subscription")
        verbose_name_plural = _("feed subscriptions")
        ordering = ["url"]

    def __str__(self):
        return self.source or self.url

    def is_due(self, now=None):
        if not self.active:
            return False
        if self.last_queued_at is None:
            return True
        return self.last_queued_at + timedelta(minutes=self.every_minutes) <= (
            now or timezone.now()
        )

    def claim(self, now=None):
        """Mark the subscription queued now, if nobody else did since it was read: True
        when this caller is the one to enqueue its import (two timers never both do)."""
        now = now or timezone.now()
        claimed = FeedSubscription.objects.filter(
            pk=self.pk, last_queued_at=self.last_queued_at
        ).update(last_queued_at=now)
        if claimed:
            self.last_queued_at = now
        return bool(claimed)

    def record(self, result, *, failed):
        """How the last import went, in the editors' words."""
        self.last_run_at, self.last_result, self.last_failed = timezone.now(), result, failed
        FeedSubscription.objects.filter(pk=self.pk).update(
            last_run_at=self.last_run_at, last_result=result, last_failed=failed
        )

    def pull_soon(self):
        """Due at the next pull, whenever it was last imported."""
        FeedSubscription.objects.filter(pk=self.pk).update(last_queued_at=None)
