"""Video and social embeds: a post or a clip on another site, known by its address.

What is stored is ours: the provider, the address, the title and author its oEmbed answer
gave (as plain text) and its thumbnail copied into our library; never the provider's HTML.
Readers see a placeholder made from these, and the provider's player only after a click
(`readers.embeds`). The body refers to an embed as `<figure data-embed="ID"></figure>`
(`articles.embed_markup`).
"""

from urllib.parse import quote, urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .images import Image


def providers():
    return settings.NEWSROOM_EMBED_PROVIDERS


class Embed(models.Model):
    provider = models.CharField(_("provider"), max_length=40)
    url = models.URLField(_("address"), max_length=500, unique=True)
    # What the provider's player needs (a video's id, "track/…" on Spotify).
    media_id = models.CharField(_("media id"), max_length=200, editable=False)
    title = models.CharField(_("title"), max_length=300, blank=True)
    author_name = models.CharField(_("author"), max_length=200, blank=True)
    thumbnail = models.ForeignKey(
        Image,
        verbose_name=_("thumbnail"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True)
    # When its oEmbed answer was read; empty for an embed imported and not resolved yet.
    fetched_at = models.DateTimeField(_("fetched at"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("embed")
        verbose_name_plural = _("embeds")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~models.Q(provider=""), name="embed_provider_set"),
        ]

    def __str__(self):
        return self.title or self.url

    @property
    def provider_settings(self):
        return providers().get(self.provider, {})

    @property
    def provider_name(self):
        return self.provider_settings.get("name", self.provider)

    @property
    def is_video(self):
        return self.provider_settings.get("kind") == "video"

    @property
    def player_url(self):
        """The provider's player for this embed, as its setting writes it (never an address
        an oEmbed answer gave)."""
        player = self.provider_settings.get("player", "")
        return player.format(id=quote(self.media_id, safe="/"), url=quote(self.url, safe=""))

    @property
    def frame_origin(self):
        parts = urlsplit(self.player_url)
        return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""

    @property
    def aspect_ratio(self):
        """Width / height of its player (16:9 when not known)."""
        if self.width and self.height:
            return f"{self.width} / {self.height}"
        return "16 / 9"

    @property
    def is_tall(self):
        """A portrait player (a TikTok clip, a post): its placeholder is shaped so."""
        if self.width and self.height:
            return self.height > self.width
        return not self.is_video or self.provider == "tiktok"
