"""The desk's internal notes on an article, and the notifications its workflow sends.

Neither is ever shown to readers: no reader's page, feed, sitemap or search reads them.
A notification is made once per event: its `event_at` (the time of the save that made the
move) is unique with its recipient, article and kind, so telling twice tells once.
"""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article

MAX_NOTE_CHARACTERS = 5000


class Note(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    text = models.TextField(_("note"), max_length=MAX_NOTE_CHARACTERS)
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)

    class Meta:
        verbose_name = _("internal note")
        verbose_name_plural = _("internal notes")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="note_has_text"),
        ]

    def __str__(self):
        return self.text[:60]


class NotificationKind(models.TextChoices):
    SUBMITTED = "submitted", _("submitted for review")
    CHANGE_SUBMITTED = "change_submitted", _("submitted a change for review")
    RETURNED = "returned", _("returned with a note")
    PUBLISHED = "published", _("published")


class NotificationQuerySet(models.QuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)

    def mark_read(self):
        return self.unread().update(read_at=timezone.now())


class Notification(models.Model):
    Kind = NotificationKind

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NotificationKind)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    note = models.ForeignKey(
        Note, verbose_name=_("note"), on_delete=models.SET_NULL, null=True, blank=True
    )
    event_at = models.DateTimeField(_("event time"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "article", "kind", "event_at"],
                name="notification_once_per_event",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=NotificationKind.values), name="notification_kind_valid"
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "-created_at"],
                condition=Q(read_at__isnull=True),
                name="notification_unread_idx",
            ),
            models.Index(fields=["recipient", "-created_at"], name="notification_recipient_idx"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.article_id} → {self.recipient_id}"

    MESSAGES = {
        NotificationKind.SUBMITTED: _("%(actor)s submitted “%(title)s” for review."),
        NotificationKind.CHANGE_SUBMITTED: _(
            "%(actor)s submitted a change to “%(title)s” for review."
        ),
        NotificationKind.RETURNED: _("%(actor)s returned “%(title)s” to you with a note."),
        NotificationKind.PUBLISHED: _("%(actor)s published “%(title)s”."),
    }

    @property
    def message(self):
        """What happened, in a sentence."""
        actor = self.actor
        name = (actor.get_full_name() or actor.get_username()) if actor else _("Someone")
        return self.MESSAGES[self.kind] % {"actor": name, "title": self.article.title}

    @classmethod
    def tell(cls, recipients, article, kind, *, actor, event_at, note=None):
        """Tell each of `recipients` (but the actor) of one event; the ones already told of
        it are not told again. Returns how many notifications there are of the event."""
        wanted = {user.pk for user in recipients} - {getattr(actor, "pk", None)}
        cls.objects.bulk_create(
            [
                cls(
                    recipient_id=pk,
                    article=article,
                    kind=kind,
                    actor=actor,
                    note=note,
                    event_at=event_at,
                )
                for pk in sorted(wanted)
            ],
            ignore_conflicts=True,
        )
        return len(wanted)


def editors():
    """Who reviews and publishes: the active staff who may publish."""
    users = get_user_model().objects.with_perm(
        Article.PUBLISH_PERMISSION, backend="django.contrib.auth.backends.ModelBackend"
    )
    return users.filter(is_staff=True)


def writers_of(article):
    """Whoever wrote the article: who created it, and the authors with an account."""
    users = get_user_model().objects.filter(is_active=True)
    credited = Q(pk__in=article.authors.filter(user__isnull=False).values("user_id"))
    return users.filter(Q(pk=article.created_by_id) | credited)
