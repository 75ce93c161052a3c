"""Uploaded pictures and their renditions."""

import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import renditions


def image_upload_to(instance, filename):
    """Stored names are generated; the uploaded path and name are never used."""
    extension = PurePosixPath(filename).suffix.lower()[:5]
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Image(models.Model):
    file = models.ImageField(
        _("file"), upload_to=image_upload_to, width_field="width", height_field="height"
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    # [{"width", "height", "webp", "fallback"}], smallest first; made once when the file is saved.
    renditions = models.JSONField(_("renditions"), default=list, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required"),
        ]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        self._check_new_upload()
        new_file = self.file and not self.file._committed
        super().save(*args, **kwargs)
        if new_file:
            # The old file's renditions go after the commit (articles/files.py).
            self.renditions = renditions.make_renditions(self.file)
            Image.objects.filter(pk=self.pk).update(renditions=self.renditions)

    def get_absolute_url(self):
        return self.file.url

    def clean(self):
        self._check_new_upload()

    def _check_new_upload(self):
        """Replace a new upload by its checked, metadata-free copy (once)."""
        if (
            not self.file
            or self.file._committed
            or isinstance(self.file.file, renditions.CheckedImage)
        ):
            return
        try:
            self.file, _extension = renditions.clean_upload(self.file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error

    def srcset(self, kind):
        """`url 320w, url 640w…` for the rendition `kind` ("webp" or "fallback")."""
        return ", ".join(f"{default_storage.url(r[kind])} {r['width']}w" for r in self.renditions)

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def fallback_srcset(self):
        return self.srcset("fallback")

    @property
    def fallback_url(self):
        """The `src` for browsers without srcset: a medium width, or the original."""
        medium = [r for r in self.renditions if r["width"] >= 640] or self.renditions
        return default_storage.url(medium[0]["fallback"]) if medium else self.file.url

    def rendition_urls(self):
        return [default_storage.url(r["fallback"]) for r in self.renditions]


# An article's search columns: derived by the database from its text, never shown, edited,
