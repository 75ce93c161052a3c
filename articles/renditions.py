"""Uploaded images: checked with Pillow before anything is stored, then made safe and small.

`clean_upload()` judges a file by its content (never its name), refuses what is not a
plain JPEG, PNG, WebP or GIF picture of sane size, applies the EXIF orientation and returns
a freshly encoded copy without any metadata (GPS included). `make_renditions()` writes the
widths pages ask for, in WebP plus a JPEG or PNG fallback, once, through the storage API.
"""

import io
import uuid
import warnings

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_BYTES = 20 * 1024 * 1024
MAX_PIXELS = 50_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
RENDITION_WIDTHS = (320, 640, 1024, 1600)
JPEG_QUALITY = 82
WEBP_QUALITY = 78


def clean_upload(upload):
    """Return `(content, extension)`: a metadata-free copy of a valid uploaded image.

    Raises ValidationError with a message an editor can act on.
    """
    size = getattr(upload, "size", None)
    if not size:
        raise ValidationError(_("The file is empty."), code="empty")
    if size > MAX_BYTES:
        raise ValidationError(
            _("The file is too large: at most %(limit)d MB.") % {"limit": MAX_BYTES // 2**20},
            code="too_large",
        )
    upload.seek(0)
    head = upload.read(512)
    upload.seek(0)
    if b"<svg" in head.lower() or head.lstrip().startswith(b"<"):
        raise ValidationError(_("SVG and other text files are not accepted as images."), code="svg")
    picture = _open(upload)
    if picture.format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Only JPEG, PNG, WebP and GIF pictures are accepted, not %(format)s.")
            % {"format": picture.format},
            code="format",
        )
    width, height = picture.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The picture is too large: at most %(limit)d megapixels.")
            % {"limit": MAX_PIXELS // 1_000_000},
            code="too_many_pixels",
        )
    try:
        picture.load()
    except (OSError, SyntaxError, ValueError) as error:
        raise ValidationError(
            _("The picture is damaged or incomplete and cannot be read."), code="corrupt"
        ) from error
    source_format = picture.format
    extension = ALLOWED_FORMATS[source_format]
    upright = ImageOps.exif_transpose(picture)
    return CheckedImage(_encode(upright, source_format), name=f"upload.{extension}"), extension


def _open(upload):
    # Pillow warns, then raises, on decompression bombs; both are refusals here.
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            picture = Image.open(upload)
            picture.verify()
            upload.seek(0)
            return Image.open(upload)
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
            raise ValidationError(
                _("The picture is too large: at most %(limit)d megapixels.")
                % {"limit": MAX_PIXELS // 1_000_000},
                code="too_many_pixels",
            ) from error
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as error:
            raise ValidationError(
                _("This file is not a picture we can read (JPEG, PNG, WebP or GIF)."),
                code="not_an_image",
            ) from error


# What Pillow may write back from `info` that a picture needs; anything else it would copy
# (comments above all: JPEG and GIF keep theirs on save) is dropped before every save.
KEPT_INFO = {"transparency", "duration", "loop", "background"}


def _without_metadata(picture):
    picture.info = {key: value for key, value in picture.info.items() if key in KEPT_INFO}
    return picture


class CheckedImage(ContentFile):
    """The re-encoded copy `clean_upload()` made: safe to store as it is."""


def _encode(picture, image_format):
    """Encode afresh: nothing of the uploaded bytes (metadata, trailing data) survives."""
    picture = _without_metadata(picture)
    buffer = io.BytesIO()
    if image_format == "JPEG":
        _without_metadata(picture.convert("RGB")).save(buffer, "JPEG", quality=90, optimize=True)
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=90)
    elif image_format == "GIF":
        picture.save(buffer, "GIF")
    else:
        if picture.mode not in ("RGB", "RGBA", "L", "LA", "P"):
            picture = _without_metadata(picture.convert("RGBA"))
        picture.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def make_renditions(image_file, *, storage=default_storage):
    """Write the widths pages use and return their descriptions for `Image.renditions`.

    Widths larger than the original are not made; the original's own width always is.
    """
    image_file.open("rb")
    try:
        with Image.open(image_file) as original:
            original.load()
            has_alpha = original.mode in ("RGBA", "LA") or "transparency" in original.info
            fallback_format, fallback_extension = ("PNG", "png") if has_alpha else ("JPEG", "jpg")
            widths = [w for w in RENDITION_WIDTHS if w < original.width] + [original.width]
            stem = f"renditions/{uuid.uuid4().hex}"
            renditions = []
            for width in sorted(set(widths)):
                height = max(1, round(original.height * width / original.width))
                resized = original.convert("RGBA" if has_alpha else "RGB").resize(
                    (width, height), Image.Resampling.LANCZOS
                )
                webp_name = storage.save(f"{stem}-{width}.webp", saved(resized, "WEBP"))
                fallback_name = storage.save(
                    f"{stem}-{width}.{fallback_extension}", saved(resized, fallback_format)
                )
                renditions.append(
                    {"width": width, "height": height, "webp": webp_name, "fallback": fallback_name}
                )
    finally:
        image_file.close()
    return renditions


def saved(picture, image_format):
    picture = _without_metadata(picture)
    buffer = io.BytesIO()
    if image_format == "JPEG":
        picture.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True)
    elif image_format == "WEBP":
        picture.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4)
    else:
        picture.save(buffer, "PNG", optimize=True)
    return ContentFile(buffer.getvalue())


def delete_renditions(renditions, *, storage=default_storage):
    for rendition in renditions or ():
        for key in ("webp", "fallback"):
            storage.delete(rendition[key])
