"""Feeds the newsroom pulls in on a schedule (imported by `transfer`, edited in the desk),
and the incoming queue (Masuk) of the wire copy they bring, waiting for an editor."""

from datetime import timedelta

from django.conf import settings
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
    section = models.ForeignKey(
        "articles.Section",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("default section"),
        help_text=_("The section of the entries that name none."),
    )
    tags = models.ManyToManyField(
        "articles.Tag",
        blank=True,
        related_name="+",
        verbose_name=_("default tags"),
        help_text=_("Added to every entry of the feed."),
    )
    active = models.BooleanField(_("active"), default=True)
    # The validators of the last download, asked with the next (a 304 costs nothing), and
    # the digest of its body (a server that answers 200 with the same feed changes nothing).
    etag = models.CharField(max_length=500, blank=True, editable=False)
    last_modified = models.CharField(max_length=100, blank=True, editable=False)
    digest = models.CharField(max_length=64, blank=True, editable=False)
    failures = models.PositiveIntegerField(_("failures in a row"), default=0, editable=False)
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

    @property
    def imports_drafts(self):
        return self.status == ArticleStatus.DRAFT

    def record(self, result, *, failed, **validators):
        """How the last import went, in the editors' words; a failure counts one more in a
        row, a success starts again from none. `validators`: the download's etag,
        last_modified and digest, kept after a success."""
        self.last_run_at, self.last_result, self.last_failed = timezone.now(), result, failed
        self.failures = self.failures + 1 if failed else 0
        for name, value in validators.items():
            setattr(self, name, value)
        FeedSubscription.objects.filter(pk=self.pk).update(
            last_run_at=self.last_run_at,
            last_result=result,
            last_failed=failed,
            failures=models.F("failures") + 1 if failed else 0,
            **validators,
        )

    def pull_soon(self):
        """Due at the next pull, whenever it was last imported."""
        FeedSubscription.objects.filter(pk=self.pk).update(last_queued_at=None)


class IncomingEntryQuerySet(models.QuerySet):
    def waiting(self):
        """The Masuk queue: wire copy nobody has taken, still a draft."""
        return self.filter(taken_at=None, article__status=ArticleStatus.DRAFT)

    def take(self, *, by):
        """Give the entries nobody has taken yet to `by`; how many were taken."""
        return self.filter(taken_at=None).update(taken_by=by, taken_at=timezone.now())


class IncomingEntry(models.Model):
    """An article that arrived as a draft from a feed the newsroom subscribes to.

    It waits in the desk's incoming queue (Masuk) until an editor takes it (the take action,
    or editing it). Until then a later pull of its feed may bring its upstream changes; once
    taken, or no longer a draft, the import leaves it alone.
    """

    article = models.OneToOneField(
        "articles.Article",
        on_delete=models.CASCADE,
        related_name="incoming",
        verbose_name=_("article"),
    )
    subscription = models.ForeignKey(
        FeedSubscription,
        on_delete=models.SET_NULL,
        null=True,
        related_name="entries",
        verbose_name=_("feed"),
    )
    arrived_at = models.DateTimeField(_("arrived at"), auto_now_add=True)
    taken_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("taken by"),
    )
    taken_at = models.DateTimeField(_("taken at"), null=True, blank=True)

    objects = IncomingEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("incoming article")
        verbose_name_plural = _("incoming (Masuk)")
        ordering = ["-arrived_at", "-pk"]
        indexes = [
            models.Index(
                fields=["-arrived_at"], condition=models.Q(taken_at=None), name="incoming_waiting"
            )
        ]

    def __str__(self):
        return str(self.article)

    @staticmethod
    def mark_taken(article, *, by):
        """An editor edited `article`: if it came from a feed, it is theirs now."""
        IncomingEntry.objects.filter(article=article).take(by=by)
