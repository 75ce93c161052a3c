"""Uploaded pictures are judged by content, made safe, and served small."""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from articles.renditions import clean_upload
from tests import image_files
from tests.helpers import make_image


def upload(content, name="foto.jpg"):
    return SimpleUploadedFile(name, content)


def refusal(content, name="foto.jpg"):
    with pytest.raises(ValidationError) as error:
        clean_upload(upload(content, name))
    return error.value.messages[0]


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "kosong.jpg", "kosong"),
        (image_files.TEXT, "teks.png", "bukan gambar"),
        (image_files.SVG_WITH_SCRIPT, "logo.svg", "SVG"),
        (image_files.SVG_WITH_SCRIPT, "logo.png", "SVG"),
        # Its header claims an absurd size, so it is refused before any decoding.
        (image_files.GIF_JAVASCRIPT_POLYGLOT, "lucu.gif", "megapiksel"),
        (image_files.truncated_jpeg(), "potong.jpg", "rusak"),
        (image_files.decompression_bomb(), "bom.png", "megapiksel"),
        (image_files.too_many_pixels(), "besar.png", "megapiksel"),
    ],
    ids=["empty", "text", "svg", "svg-named-png", "gif-js-polyglot", "truncated", "bomb", "pixels"],
)
def test_bad_files_are_refused_with_a_clear_message(content, name, message):
    assert message.lower() in refusal(content, name).lower()


def test_a_file_over_twenty_megabytes_is_refused_before_it_is_read():
    big = upload(b"\xff\xd8" + b"0" * 10, "besar.jpg")
    big.size = 21 * 1024 * 1024
    assert "20 MB" in refusal_of(big)


def refusal_of(file):
    with pytest.raises(ValidationError) as error:
        clean_upload(file)
    return error.value.messages[0]


def test_the_kind_is_judged_by_content_not_by_name():
    content, extension = clean_upload(upload(image_files.png(), "foto.jpg"))
    assert extension == "png"
    assert Image.open(io.BytesIO(content.read())).format == "PNG"


def test_gps_and_camera_metadata_are_stripped_and_the_photo_is_turned_upright():
    content, extension = clean_upload(upload(image_files.jpeg_with_gps_rotated()))
    stored = Image.open(io.BytesIO(content.read()))
    assert extension == "jpg"
    assert stored.size == (100, 200)
    assert dict(stored.getexif()) == {}
    assert "exif" not in stored.info


@pytest.mark.parametrize("kind", ["jpeg", "png", "webp", "gif"])
def test_each_accepted_kind_is_stored_in_its_own_kind(kind):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 20), (1, 2, 3)).save(buffer, kind.upper())
    content, extension = clean_upload(upload(buffer.getvalue(), f"foto.{kind}"))
    assert Image.open(io.BytesIO(content.read())).format == kind.upper()
    assert extension == {"jpeg": "jpg"}.get(kind, kind)


def test_renditions_are_made_at_the_widths_pages_use(settings, tmp_path):
    from django.core.files.storage import FileSystemStorage

    from articles.renditions import make_renditions

    storage = FileSystemStorage(location=tmp_path)
    name = storage.save("asli.jpg", ContentFile(image_files.jpeg(1200, 800)))
    renditions = make_renditions(storage.open(name), storage=storage)
    assert [r["width"] for r in renditions] == [320, 640, 1024, 1200]
    first = renditions[0]
    assert first["height"] == 213
    assert Image.open(storage.path(first["webp"])).format == "WEBP"
    assert Image.open(storage.path(first["fallback"])).format == "JPEG"


COMMENT = b"Kamera milik Budi, Jl. Melati 7, Bogor"


def commented(kind):
    buffer = io.BytesIO()
    picture = Image.new("RGB", (700, 400), (120, 60, 30))
    if kind == "gif":
        picture = picture.convert("P")
    picture.save(buffer, kind.upper(), comment=COMMENT)
    assert COMMENT in buffer.getvalue()
    return buffer.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["jpeg", "gif"])
def test_picture_comments_reach_neither_the_stored_original_nor_a_rendition(kind):
    image = make_image(file=upload(commented(kind), f"foto.{kind}"))

    stored = [image.file.name] + [r[key] for r in image.renditions for key in ("webp", "fallback")]
    assert len(stored) >= 3
    for name in stored:
        with default_storage.open(name) as file:
            content = file.read()
        assert COMMENT not in content, name
        assert "comment" not in Image.open(io.BytesIO(content)).info, name
