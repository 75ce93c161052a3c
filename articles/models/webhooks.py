"""Webhooks: addresses of other systems told of what happens to articles (sent by
`distribution.webhooks`, managed in the desk by administrators)."""

import ipaddress
import secrets
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import models
from django.dispatch import Signal
from django.utils.translation import gettext_lazy as _

from articles.network import AddressRefused, check_address


class WebhookEvent(models.TextChoices):
    PUBLISHED = "published", _("published")
    UPDATED = "updated", _("updated")
    UNPUBLISHED = "unpublished", _("unpublished")
    TAKEN_DOWN = "taken_down", _("taken down")
    CORRECTED = "corrected", _("corrected")
    # Sent only by the desk's “send a test event”.
    TEST = "test", _("test")


# Sent by `WebhookEndpoint.send_test()`; `distribution.webhooks` enqueues the delivery.
test_requested = Signal()

SUBSCRIBABLE_EVENTS = [choice for choice in WebhookEvent.choices if choice[0] != "test"]


def new_secret():
    return secrets.token_urlsafe(32)


class WebhookEndpointQuerySet(models.QuerySet):
    def listening_to(self, event):
        """The active endpoints that asked for `event` (few: read whole, filtered here)."""
        return [endpoint for endpoint in self.filter(active=True) if event in endpoint.events]


class WebhookEndpoint(models.Model):
    """An address that receives a signed JSON POST for each event it asked for."""

    url = models.URLField(
        _("address"),
        max_length=1000,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text=_("A public http(s) address; private and local addresses are refused."),
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    secret = models.CharField(
        _("secret"),
        max_length=200,
        default=new_secret,
        help_text=_(
            "Signs every delivery (HMAC-SHA256): give it to the receiver, and to nobody else."
        ),
    )
    events = models.JSONField(_("events"), default=list)
    active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = WebhookEndpointQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["url"]

    def __str__(self):
        return self.description or self.url

    def clean(self):
        unknown = set(self.events) - {value for value, _label in SUBSCRIBABLE_EVENTS}
        if unknown or not self.events:
            raise ValidationError({"events": _("Choose one or more of the events offered.")})
        host = urlsplit(self.url).hostname or ""
        try:
            ipaddress.ip_address(host.strip("[]"))
        except ValueError:
            if host == "localhost" or host.endswith(".localhost"):
                host = "127.0.0.1"
            else:
                return  # a name: checked on the address it resolves to, at each delivery
        try:
            check_address(host.strip("[]"), allow_private=allow_private_addresses())
        except AddressRefused as error:
            raise ValidationError({"url": str(error)}) from error

    def send_test(self):
        """Deliver a “test” event to this endpoint, in the background."""
        test_requested.send(sender=WebhookEndpoint, endpoint=self)


def allow_private_addresses():
    return getattr(settings, "NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS", False)


class WebhookDelivery(models.Model):
    """One attempt to deliver one event to one endpoint: the delivery log."""

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        on_delete=models.CASCADE,
        related_name="deliveries",
        verbose_name=_("endpoint"),
    )
    event = models.CharField(_("event"), max_length=20, choices=WebhookEvent.choices)
    event_id = models.CharField(_("event id"), max_length=64)
    article = models.ForeignKey(
        "articles.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("article"),
    )
    payload = models.JSONField(_("payload"))
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1)
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    response_ms = models.PositiveIntegerField(_("response time (ms)"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["endpoint", "-created_at"], name="webhook_delivery_log")]

    def __str__(self):
        return f"{self.get_event_display()} → {self.endpoint} (#{self.attempt})"

    @property
    def succeeded(self):
        return self.delivered_at is not None
