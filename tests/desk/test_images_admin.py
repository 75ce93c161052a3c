"""Editors upload pictures in the desk: bad files are refused, good ones made safe and small."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from articles.models import Image
from tests import image_files
from tests.helpers import make_article, make_image
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/image/add/"


@pytest.fixture
def desk(client, admin_user):
    client.force_login(admin_user)
    return client


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def post_upload(desk, content, name):
    return desk.post(
        ADD_URL,
        {
            "file": SimpleUploadedFile(name, content),
            "alt_text": "Warga di tepi sungai",
            "caption": "Keterangan",
            "credit": "Redaksi",
        },
    )


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (image_files.decompression_bomb(), "bom.png", "megapiksel"),
        (image_files.truncated_jpeg(), "potong.jpg", "rusak"),
        (image_files.GIF_JAVASCRIPT_POLYGLOT, "lucu.gif", "megapiksel"),
        (image_files.SVG_WITH_SCRIPT, "logo.svg", "SVG"),
        (b"", "kosong.jpg", "kosong"),
        (image_files.TEXT, "teks.png", "bukan gambar"),
    ],
    ids=["bomb", "truncated", "gif-js", "svg", "empty", "text-as-png"],
)
def test_bad_uploads_are_refused_in_the_desk_and_nothing_is_stored(
    desk, settings, content, name, message
):
    response = post_upload(desk, content, name)
    assert response.status_code == 200
    errors = " ".join(response.context["adminform"].form.errors.get("file", []))
    assert message.lower() in errors.lower()
    assert Image.objects.count() == 0
    assert stored_files(settings) == []


def test_an_uploaded_path_never_becomes_the_stored_name(desk, settings):
    response = post_upload(desk, image_files.jpeg(), "../../etc/passwd.jpg")
    assert response.status_code == 302
    image = Image.objects.get()
    assert "passwd" not in image.file.name
    assert ".." not in image.file.name
    assert image.file.name.startswith("images/")
    assert all(settings.MEDIA_ROOT in path.parents for path in stored_files(settings))


def test_a_photo_with_gps_is_stored_upright_and_without_metadata(desk):
    post_upload(desk, image_files.jpeg_with_gps_rotated(), "kamera.jpg")
    image = Image.objects.get()
    with image.file.open("rb") as stored:
        picture = PillowImage.open(io.BytesIO(stored.read()))
    assert (image.width, image.height) == (100, 200)
    assert picture.size == (100, 200)
    assert dict(picture.getexif()) == {}


def test_an_upload_returns_before_the_renditions_which_the_worker_then_makes_once(
    desk, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = post_upload(desk, image_files.jpeg(1400, 700), "lebar.jpg")
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions == []
    # Meanwhile the desk shows the original, at the thumbnail's size.
    listing = desk.get("/admin/articles/image/").content.decode()
    assert f'src="{image.file.url}" alt="Warga di tepi sungai" width="120" height="60"' in listing

    assert run_tasks() == 1
    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [320, 640, 1024, 1400]
    for rendition in image.renditions:
        assert rendition["webp"].endswith(".webp")
        assert rendition["fallback"].endswith(".jpg")
        assert image.file.storage.exists(rendition["webp"])
    listing = desk.get("/admin/articles/image/").content.decode()
    assert f'src="{image.smallest_url}"' in listing and image.smallest_url != image.file.url


def test_listing_twenty_articles_with_pictures_opens_no_image_file(client, monkeypatch):
    for number in range(20):
        make_article(title=f"Berita bergambar {number}", featured_image=make_image())
    opened = []
    original_open = PillowImage.open
    monkeypatch.setattr(
        PillowImage, "open", lambda *a, **k: opened.append(a) or original_open(*a, **k)
    )
    response = client.get("/berita/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count("<picture>") == 20
    assert 'type="image/webp"' in html
    assert 'loading="lazy"' in html
    assert opened == []


def test_the_article_page_shows_a_responsive_picture_with_its_size(client):
    article = make_article(
        featured_image=make_image(file=SimpleUploadedFile("f.jpg", image_files.jpeg(1000, 500)))
    )
    html = client.get(article.get_absolute_url()).content.decode()
    assert 'width="1000" height="500"' in html
    assert "320w" in html and "640w" in html


def test_structured_data_lists_the_picture_in_three_shapes(client):
    import json
    import re

    picture = make_image(file=SimpleUploadedFile("f.jpg", image_files.jpeg(1000, 500)))
    article = make_article(featured_image=picture)
    html = client.get(article.get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    news = next(d for d in map(json.loads, blocks) if d.get("@type") == "NewsArticle")
    # Cut to 16:9, 4:3 and 1:1, each as wide as the picture allows.
    sizes = [(image["width"], image["height"]) for image in news["image"]]
    assert sizes == [(889, 500), (667, 500), (500, 500)]
