"""Media on an S3-compatible object store: what the desk uploads, the importer brings in and
renditions are lands in the bucket, pages name the bucket's public address, and deleting an
image (once the delete commits) takes every one of its objects away."""

import re
import urllib.request

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from articles import renditions
from articles.files import stored_names
from articles.models import Image
from tests import image_files
from tests.helpers import make_article, make_image
from tests.tasks import run_tasks
from tests.transfer.test_import_wxr import article, run

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/image/add/"
CHANGELIST_URL = "/admin/articles/image/"


@pytest.fixture
def desk(client, admin_user):
    client.force_login(admin_user)
    return client


def upload(desk, content=None, url=ADD_URL, name="foto.jpg"):
    return desk.post(
        url,
        {
            "file": SimpleUploadedFile(name, content or image_files.jpeg()),
            "alt_text": "Nelayan menarik jaring di Muara Angke",
            "caption": "",
            "credit": "Redaksi",
        },
    )


def every_name(image):
    """The image's file and its renditions' and crops' files, as stored."""
    return set(stored_names(image.file.name, image.renditions, image.crops))


def local_files(settings):
    root = settings.MEDIA_ROOT
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def test_an_upload_in_the_desk_is_stored_in_the_bucket_with_its_renditions(
    desk, s3, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert upload(desk, image_files.jpeg_with_gps_rotated()).status_code == 302
    assert run_tasks() == 1  # the renditions, made by the worker
    image = Image.objects.get()
    assert image.file.name.startswith("images/") and image.file.name.endswith(".jpg")
    assert (image.width, image.height) == (100, 200)  # read from the upload, upright
    assert len(image.renditions) >= 1
    assert s3.names() == every_name(image)
    assert local_files(settings) == []  # nothing on the app server's disk


def test_the_article_page_shows_the_picture_from_the_buckets_public_address(client, s3):
    image = make_image()
    story = make_article(title="Nelayan Muara Angke Melaut Lagi", featured_image=image)
    page = client.get(story.get_absolute_url()).content.decode()
    addresses = re.findall(r'(?:src|srcset)="([^"]+)"', page)
    pictures = [a for a in addresses if "renditions/" in a or "images/" in a]
    assert pictures, page
    for address in pictures:
        for url in re.findall(r"(\S+?)(?: \d+w)?(?:, |$)", address):
            assert url.startswith(f"{s3.public_url}/"), url
    # What a reader's browser then fetches is the picture itself, from the bucket.
    src = re.search(r'<img[^>]* src="([^"]+)"', page).group(1)
    with urllib.request.urlopen(src, timeout=10) as response:  # noqa: S310 -- 127.0.0.1
        assert response.read()[:3] == b"\xff\xd8\xff"  # a JPEG
        assert "immutable" in response.headers["Cache-Control"]


def test_deleting_an_image_in_the_desk_removes_its_objects(
    desk, s3, django_capture_on_commit_callbacks
):
    kept = make_image()
    upload(desk)
    image = Image.objects.exclude(pk=kept.pk).get()
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(f"{CHANGELIST_URL}{image.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert s3.names() == every_name(kept)


def test_deleting_images_in_bulk_from_the_list_removes_all_their_objects(
    desk, s3, django_capture_on_commit_callbacks
):
    first, second, kept = make_image(), make_image(), make_image()
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(
            CHANGELIST_URL,
            {"action": "delete_selected", "_selected_action": [first.pk, second.pk], "post": "yes"},
        )
    assert response.status_code == 302
    assert list(Image.objects.all()) == [kept]
    assert s3.names() == every_name(kept)


@pytest.mark.django_db(transaction=True)
def test_a_delete_rolled_back_keeps_every_object(s3):
    image = make_image()
    stored = s3.names()
    assert stored == every_name(image)
    with pytest.raises(RuntimeError), transaction.atomic():
        Image.objects.filter(pk=image.pk).delete()
        raise RuntimeError("the rest of the change failed")
    assert Image.objects.filter(pk=image.pk).exists()
    assert s3.names() == stored
    image.delete()  # committed (autocommit): now they go
    assert s3.names() == set()


def test_replacing_the_file_in_the_desk_removes_the_old_objects(
    desk, s3, django_capture_on_commit_callbacks
):
    image = make_image()
    old = every_name(image)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(desk, image_files.png(), url=f"{CHANGELIST_URL}{image.pk}/change/")
    assert response.status_code == 302
    image.refresh_from_db()
    assert image.file.name.endswith(".png")
    assert s3.names() == every_name(image)
    assert not old & s3.names()


def test_renditions_are_written_to_the_bucket(s3):
    image = make_image()
    made = renditions.make_renditions(image.file)
    assert {r["width"] for r in made} == {r["width"] for r in image.renditions}
    for rendition in made:
        assert {rendition["webp"], rendition["fallback"]} <= s3.names()
        assert default_storage.url(rendition["webp"]).startswith(f"{s3.public_url}/renditions/")


def test_an_import_with_pictures_stores_them_in_the_bucket(s3, tmp_path, settings):
    uploads = tmp_path / "uploads" / "2020" / "10"
    uploads.mkdir(parents=True)
    (uploads / "cabai.png").write_bytes(image_files.png())
    run(media_dir=tmp_path / "uploads")
    image = article("101").featured_image
    assert image.file.name.startswith("images/")
    assert s3.names() == every_name(image)
    assert local_files(settings) == []
