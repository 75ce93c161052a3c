"""Small builders for test data: each makes a valid row and takes overrides."""

import io
import itertools
import json
from datetime import timedelta

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from articles.models import Article, Author, Image, Section, Source, Tag

_numbers = itertools.count(1)


def make_section(**overrides):
    number = next(_numbers)
    values = {"name": f"Rubrik {number}", "slug": f"rubrik-{number}"}
    return Section.objects.create(**(values | overrides))


def make_tag(**overrides):
    number = next(_numbers)
    values = {"name": f"Tag {number}", "slug": f"tag-{number}"}
    return Tag.objects.create(**(values | overrides))


def make_source(**overrides):
    number = next(_numbers)
    values = {"name": f"Sumber {number}", "slug": f"sumber-{number}"}
    return Source.objects.create(**(values | overrides))


def make_author(**overrides):
    number = next(_numbers)
    values = {"name": f"Penulis {number}", "slug": f"penulis-{number}", "initials": f"p{number}"}
    return Author.objects.create(**(values | overrides))


def make_article(*, tags=(), authors=(), **overrides):
    """A published article from an hour ago unless told otherwise."""
    number = next(_numbers)
    values = {
        "title": f"Berita nomor {number}",
        "slug": f"berita-nomor-{number}",
        "lead": f"Ringkasan berita nomor {number}.",
        "body": f"<p>Paragraf pertama berita {number}.</p><p>Paragraf kedua.</p>",
        "status": Article.Status.PUBLISHED,
        "published_at": timezone.now() - timedelta(hours=1),
    }
    article = Article.objects.create(**(values | overrides))
    if tags:
        article.tags.set(tags)
    if authors:
        article.set_byline(authors)
    return article


def jpeg_bytes(width=64, height=48, color=(180, 40, 40)):
    from PIL import Image as PillowImage

    buffer = io.BytesIO()
    PillowImage.new("RGB", (width, height), color).save(buffer, "JPEG")
    return buffer.getvalue()


def make_image(*, rendered=True, **overrides):
    """A picture; with its renditions made, as the worker makes them after the upload,
    unless `rendered` is false."""
    values = {
        "file": SimpleUploadedFile("foto.jpg", jpeg_bytes(), content_type="image/jpeg"),
        "alt_text": "Warga menanam pohon di tepi sungai",
        "caption": "Penanaman pohon",
        "credit": "Redaksi",
    }
    image = Image.objects.create(**(values | overrides))
    if rendered:
        image.make_renditions(image.file.name)
    return image


def write_lines(path, *records):
    """A JSON Lines file at `path`, one line per record."""
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    return path
