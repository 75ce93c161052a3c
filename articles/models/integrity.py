"""Corrections, rights of reply and share links for previews."""

from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models, transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from articles import html

from .article import Article


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    CLARIFICATION = "clarification", _("Clarification")
    REPLY = "reply", _("Right of reply")


class CorrectionQuerySet(models.QuerySet):
    def for_reading(self):
        """The entries under an article, oldest first, each with its reply article if any."""
        return (
            self.select_related("reply")
            .only(
                "article_id",
                "kind",
                "text",
                "created_at",
                "reply__title",
                "reply__slug",
                "reply__status",
                "reply__published_at",
                "reply__taken_down_at",
            )
            .order_by("created_at", "pk")
        )


class Correction(models.Model):
    """A correction, clarification or right of reply (hak jawab) under an article, time-stamped.

    The press council's guideline for online media (Pedoman Pemberitaan Media Siber) asks that
    these stay linked to the story they concern and show when they were made.
    """

    Kind = CorrectionKind

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=CorrectionKind, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "Readers see it under the article with its time: what was wrong and what is right, "
            "or the reply."
        ),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    reply = models.OneToOneField(
        Article,
        verbose_name=_("reply article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reply_entry",
        help_text=_(
            "For a right of reply published as an article of its own: that article. "
            "Each then links to the other."
        ),
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction or reply")
        verbose_name_plural = _("corrections and replies")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values), name="correction_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="correction_text_required"),
            models.CheckConstraint(
                condition=Q(reply__isnull=True) | Q(kind=CorrectionKind.REPLY),
                name="correction_reply_article_only_for_replies",
                violation_error_message=_("Only a right of reply can link a reply article."),
            ),
            models.CheckConstraint(
                condition=~Q(reply=F("article")),
                name="correction_reply_not_self",
                violation_error_message=_("An article cannot be its own reply."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {Truncator(self.text).words(8)}"

    def save(self, *args, **kwargs):
        self.text = html.plain_text(self.text).strip()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.article.corrections_changed()

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#koreksi-{self.pk}"

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            self.article.corrections_changed()
        return deleted

    @property
    def is_correction(self):
        """Corrections and clarifications amend the article; a right of reply answers it."""
        return self.kind != CorrectionKind.REPLY

    @property
    def visible_reply(self):
        """The reply article, when readers may see it."""
        return self.reply if self.reply_id and self.reply.is_public else None


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token):
        """The link a token names; DoesNotExist for a forged, altered or too old token."""
        try:
            pk = signing.loads(token, salt=PreviewLink.SALT, max_age=PreviewLink.MAX_LIFETIME)
        except signing.BadSignature:
            raise self.model.DoesNotExist from None
        return self.get(pk=pk)


class PreviewLink(models.Model):
    """A read-only link to an unpublished article for someone without an account.

    The address carries the link's id signed with the site's secret key, so it cannot be
    guessed; the row decides whether it still works (expiry, revocation).
    """

    SALT = "readers.preview-link"
    MAX_LIFETIME = timedelta(days=14)

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="preview_links"
    )
    recipient = models.CharField(
        _("shared with"),
        max_length=200,
        help_text=_(
            "Who the link is for, such as “our lawyer” or “the source, Pak Budi”. "
            "Only the newsroom sees this."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="preview_links_made",
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared preview link")
        verbose_name_plural = _("shared preview links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="previewlink_expires_after_creation",
            ),
        ]

    def __str__(self):
        return self.recipient

    # No get_absolute_url(): the address is a secret, and Django hands an object's
    # absolute URL to anyone who asks the desk for it ("view on site").
    def share_url(self):
        """The secret address to send to the person the link is for."""
        return reverse("articles:shared-preview", args=[self.token])

    @property
    def token(self):
        return signing.dumps(self.pk, salt=self.SALT)

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    def shows_article(self):
        """Whether the link still opens its article: active, and the article not taken down."""
        return (
            self.is_active and not Article.objects.taken_down().filter(pk=self.article_id).exists()
        )

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])
