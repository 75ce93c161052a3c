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
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import crops, renditions

FRACTION = [MinValueValidator(0.0), MaxValueValidator(1.0)]


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
    # Where the crops are cut around, as fractions of the width and height (the centre when
    # not set): the face or the subject an editor clicked on.
    focal_x = models.FloatField(
        _("focal point, across"),
        null=True,
        blank=True,
        validators=FRACTION,
        help_text=_("0 is the left edge, 1 the right edge. Empty: the centre."),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        null=True,
        blank=True,
        validators=FRACTION,
        help_text=_("0 is the top edge, 1 the bottom edge. Empty: the centre."),
    )
    # The 16:9, 4:3 and 1:1 cuts around the focal point (articles/crops.py), made with the
    # renditions; empty until then, and again while a new focal point's are made.
    crops = models.JSONField(_("crops"), default=dict, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required"),
            models.CheckConstraint(
                condition=(Q(focal_x__isnull=True) & Q(focal_y__isnull=True))
                | Q(
                    focal_x__isnull=False,
                    focal_y__isnull=False,
                    focal_x__gte=0,
                    focal_x__lte=1,
                    focal_y__gte=0,
                    focal_y__lte=1,
                ),
                name="image_focal_point_fractions",
            ),
        ]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        self._check_new_upload()
        new_file = self.file and not self.file._committed
        moved, focus_loaded = False, not {"focal_x", "focal_y"} & self.get_deferred_fields()
        if focus_loaded:
            if self.focal_x is None or self.focal_y is None:
                self.focal_x = self.focal_y = None  # half a point is no point
            moved = self.pk is not None and self.focus != getattr(self, "_stored_focus", None)
        remake = []
        if new_file:
            # The renditions of a replaced file show it no more: the original is shown until
            # the new file's are made (the old files go after the commit: articles/files.py).
            self.renditions = []
            remake.append("renditions")
        if new_file or moved:
            # Cut around another point: the crops are made again (the old ones are deleted
            # after the commit), the original's shape is shown meanwhile.
            self.crops = {}
            remake.append("crops")
        if remake and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], *remake}
        super().save(*args, **kwargs)
        if focus_loaded:
            self._stored_focus = self.focus
        if remake:
            transaction.on_commit(partial(_enqueue_renditions, self.pk, self.file.name))

    def get_absolute_url(self):
        return self.file.url

    @classmethod
    def from_db(cls, db, field_names, values):
        image = super().from_db(db, field_names, values)
        image._stored_focus = image.focus if "focal_x" in field_names else None
        return image

    @property
    def focus(self):
        """`(x, y)` of the focal point, or None: the centre."""
        if self.focal_x is None or self.focal_y is None:
            return None
        return (self.focal_x, self.focal_y)

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
        """Make the renditions and crops of `file_name` if it is still this picture's file
        and they are missing; True when some were made and saved. Safe to run twice, or in
        two workers at once: the renditions and crops saved are one set each, and the files
        of any other are deleted (crops cut around a point moved meanwhile too)."""
        if self.file.name != file_name or (self.renditions and self.crops):
            return False
        made = [] if self.renditions else renditions.make_renditions(self.file)
        focus = self.focus
        cut = {} if self.crops else crops.make_crops(self.file, focus)
        fields = []
        with transaction.atomic():
            current = Image.objects.select_for_update().filter(pk=self.pk).first()
            if current is not None and current.file.name == file_name:
                if made and not current.renditions:
                    self.renditions, made = made, []
                    fields.append("renditions")
                if cut and not current.crops and current.focus == focus:
                    self.crops, cut = cut, {}
                    fields.append("crops")
            if fields:
                # A save, not an update(): its signal moves the picture's content key on, so
                # the pages that show the original render again with the renditions.
                self.save(update_fields=fields)
        renditions.delete_renditions(made)  # what was not kept: made meanwhile, or stale
        crops.delete_crops(cut)
        return bool(fields)

    def cropped(self, ratio):
        """The picture cut to `ratio` ("16x9", "4x3", "1x1") as templates show it: the
        original until the crops are made."""
        return Crop(self, self.crops[ratio]) if self.crops.get(ratio) else self

    @property
    def crop_16x9(self):
        return self.cropped("16x9")

    @property
    def crop_4x3(self):
        return self.cropped("4x3")

    @property
    def crop_1x1(self):
        return self.cropped("1x1")

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


class Crop:
    """One ratio of a picture, with what `_partials/picture.html` reads of an Image."""

    def __init__(self, image, sizes):
        self.image, self.renditions = image, sizes
        self.alt_text, self.file = image.alt_text, image.file
        self.width, self.height = sizes[-1]["width"], sizes[-1]["height"]

    srcset = Image.srcset
    webp_srcset = Image.webp_srcset
    fallback_srcset = Image.fallback_srcset
    fallback_url = Image.fallback_url

    def at_least(self, width):
        """The smallest size at least `width` wide (the largest when none is)."""
        wide = [r for r in self.renditions if r["width"] >= width]
        return (wide or self.renditions[-1:])[0]


def _enqueue_renditions(image_id, file_name):
    # Imported here: the tasks module imports the models.
    from articles.tasks import make_renditions

    make_renditions.enqueue(image_id, file_name)


# An article's search columns: derived by the database from its text, never shown, edited,
