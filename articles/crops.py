"""Pictures cut to the shapes pages and search engines ask for, around the editor's focal
point (the centre when none is set).

`crop_box()` is the geometry: the largest box of a ratio inside the picture, centred on the
point as far as the picture's edges allow, so the point is always inside it. `make_crops()`
writes each ratio at the widths pages use, in WebP plus a JPEG or PNG fallback, through the
storage API, and returns what `Image.crops` keeps:
`{"focus": [x, y] or None, "16x9": [{"width", "height", "webp", "fallback"}…], …}`.
"""

import uuid

from django.core.files.storage import default_storage
from PIL import Image

from articles import renditions

# name: (width, height) of the shape.
RATIOS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1)}
# The widths of the renditions, and 1200: the size Google Discover and og:image ask for.
CROP_WIDTHS = tuple(sorted({*renditions.RENDITION_WIDTHS, 1200}))
SHARING_WIDTH = 1200


def crop_box(width, height, ratio, focus=None):
    """`(left, top, right, bottom)` of the largest `ratio` (w, h) box inside a picture of
    `width` × `height`, centred on `focus` (fractions 0..1 of the width and height; the
    centre when None) unless that would leave the picture."""
    ratio_w, ratio_h = ratio
    fx, fy = focus if focus is not None else (0.5, 0.5)
    if width * ratio_h > height * ratio_w:  # wider than the shape: cut the sides
        box_w, box_h = max(1, min(width, round(height * ratio_w / ratio_h))), height
    else:  # taller: cut top and bottom
        box_w, box_h = width, max(1, min(height, round(width * ratio_h / ratio_w)))
    left = _placed(fx * width, box_w, width)
    top = _placed(fy * height, box_h, height)
    return left, top, left + box_w, top + box_h


def _placed(point, size, total):
    """Where a span of `size` starts to be centred on `point` within 0..`total`."""
    return min(max(round(point - size / 2), 0), total - size)


def make_crops(image_file, focus=None, *, storage=default_storage):
    """Write every ratio's widths of `image_file`, cut around `focus`; their description."""
    made = {"focus": list(focus) if focus is not None else None}
    stem = f"renditions/{uuid.uuid4().hex}"
    image_file.open("rb")
    try:
        with Image.open(image_file) as original:
            original.load()
            has_alpha = original.mode in ("RGBA", "LA") or "transparency" in original.info
            fallback_format, extension = ("PNG", "png") if has_alpha else ("JPEG", "jpg")
            picture = original.convert("RGBA" if has_alpha else "RGB")
            for name, ratio in RATIOS.items():
                box = crop_box(*picture.size, ratio, focus)
                cut = picture.crop(box)
                made[name] = []
                for width in _widths(cut.width):
                    height = max(1, round(cut.height * width / cut.width))
                    resized = cut.resize((width, height), Image.Resampling.LANCZOS)
                    prefix = f"{stem}-{name}-{width}"
                    made[name].append(
                        {
                            "width": width,
                            "height": height,
                            "webp": storage.save(
                                f"{prefix}.webp", renditions.saved(resized, "WEBP")
                            ),
                            "fallback": storage.save(
                                f"{prefix}.{extension}", renditions.saved(resized, fallback_format)
                            ),
                        }
                    )
    finally:
        image_file.close()
    return made


def _widths(full_width):
    """The widths made of a cut `full_width` wide: those below it, and its own."""
    return sorted({*(w for w in CROP_WIDTHS if w < full_width), full_width})


def crop_renditions(crops):
    """Every rendition description in `crops` (for deleting their files)."""
    return [r for name in RATIOS for r in (crops or {}).get(name, ())]


def delete_crops(crops, *, storage=default_storage):
    renditions.delete_renditions(crop_renditions(crops), storage=storage)
