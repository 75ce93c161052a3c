"""Uploaded pictures and their renditions.

A new file is saved at once and its renditions are made in the background
(`articles.tasks.make_renditions`, enqueued when the save commits): until they exist, pages
show the original, at its width and height.
"""

import uuid
from functools import partial
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import models, transaction
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
    # [{"width", "height", "webp", "fallback"}], smallest first; made in the background once
    # the file is saved, empty until then.
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
        if new_file:
            # The renditions of a replaced file show it no more: the original is shown until
            # the new file's are made (the old files go after the commit: articles/files.py).
            self.renditions = []
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "renditions"}
        super().save(*args, **kwargs)
        if new_file:
            transaction.on_commit(partial(_enqueue_renditions, self.pk, self.file.name))

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

    def make_renditions(self, file_name):
        """Make the renditions of `file_name` if it is still this picture's file and has none
        yet; True when they were made and saved. Safe to run twice, or in two workers at
        once: the renditions saved are one set, and the files of any other are deleted."""
        if self.file.name != file_name or self.renditions:
            return False
        made = renditions.make_renditions(self.file)
        with transaction.atomic():
            current = Image.objects.select_for_update().filter(pk=self.pk).first()
            if current is None or current.file.name != file_name or current.renditions:
                kept = False  # deleted, replaced or made meanwhile
            else:
                self.renditions, kept = made, True
                # A save, not an update(): its signal moves the picture's content key on, so
                # the pages that show the original render again with the renditions.
                self.save(update_fields=["renditions"])
        if not kept:
            renditions.delete_renditions(made)
        return kept

    def srcset(self, kind):
        """`url 320w, url 640w…` for the rendition `kind` ("webp" or "fallback"); the
        original at its width while there are no renditions yet."""
        if not self.renditions:
            return f"{self.file.url} {self.width}w" if self.file and self.width else ""
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

    @property
    def smallest_url(self):
        """The smallest stored size (the desk's thumbnails): a rendition, or the original."""
        if self.renditions:
            return default_storage.url(self.renditions[0]["fallback"])
        return self.file.url

    def height_at(self, width):
        """The height the picture has shown `width` pixels wide (none when not known)."""
        if not (self.width and self.height):
            return None
        return max(1, round(self.height * width / self.width))


def _enqueue_renditions(image_id, file_name):
    # Imported here: the tasks module imports the models.
    from articles.tasks import make_renditions

    make_renditions.enqueue(image_id, file_name)


# An article's search columns: derived by the database from its text, never shown, edited,
