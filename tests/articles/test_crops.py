"""Crops that keep faces: every crop holds the focal point, has its shape, stays inside the
picture; without a point it is centred; moving the point makes the crops again."""

import io
import itertools

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from PIL import Image as PillowImage
from PIL import ImageStat

from articles.crops import RATIOS, crop_box
from articles.models import Image
from tests import image_files
from tests.helpers import make_image
from tests.tasks import run_tasks

SHAPES = [(1600, 900), (900, 1600), (1000, 1000), (4000, 600), (300, 2000), (641, 479), (7, 5)]
POINTS = [0, 0.001, 0.1, 0.25, 0.33, 0.5, 0.61, 0.9, 0.999, 1]


@pytest.mark.parametrize(("width", "height"), SHAPES)
@pytest.mark.parametrize("ratio", RATIOS.values())
def test_the_focal_point_lies_inside_every_crop(width, height, ratio):
    for fx, fy in itertools.product(POINTS, POINTS):
        left, top, right, bottom = crop_box(width, height, ratio, (fx, fy))

        assert 0 <= left < right <= width and 0 <= top < bottom <= height
        assert left <= fx * width <= right and top <= fy * height <= bottom
        # The largest box of the shape: as wide or as tall as the picture.
        assert right - left == width or bottom - top == height
        shape = (right - left) / (bottom - top)
        assert (
            abs(shape - ratio[0] / ratio[1])
            <= max(1 / (bottom - top), ratio[0] / ratio[1] / (right - left)) + 0.01
        )


@pytest.mark.parametrize(("width", "height"), SHAPES)
def test_without_a_focal_point_the_crop_is_centred(width, height):
    for ratio in RATIOS.values():
        left, top, right, bottom = crop_box(width, height, ratio)

        assert abs((left + right) / 2 - width / 2) <= 1
        assert abs((top + bottom) / 2 - height / 2) <= 1


def test_a_point_near_an_edge_moves_the_crop_to_that_edge():
    assert crop_box(1600, 900, (1, 1), (0.05, 0.5)) == (0, 0, 900, 900)
    assert crop_box(1600, 900, (1, 1), (0.95, 0.5)) == (700, 0, 1600, 900)
    assert crop_box(900, 1600, (16, 9), (0.5, 0.1)) == (0, 0, 900, 506)


def two_halves(width=1600, height=900):
    """Left half black, right half white: which half a crop took is plain to see."""
    picture = PillowImage.new("RGB", (width, height), (0, 0, 0))
    picture.paste((255, 255, 255), (width // 2, 0, width, height))
    return picture


def upload(picture):
    buffer = io.BytesIO()
    picture.save(buffer, "PNG")
    return SimpleUploadedFile("foto.png", buffer.getvalue())


def brightness(storage_name, settings):
    with PillowImage.open(settings.MEDIA_ROOT / storage_name) as picture:
        return ImageStat.Stat(picture.convert("L")).mean[0]


@pytest.mark.django_db
def test_crops_are_made_in_every_ratio_at_the_widths_pages_use(settings):
    image = make_image(file=SimpleUploadedFile("f.jpg", image_files.jpeg(1600, 1200)))

    widths = {name: [r["width"] for r in image.crops[name]] for name in RATIOS}
    assert widths == {
        "16x9": [320, 640, 1024, 1200, 1600],
        "4x3": [320, 640, 1024, 1200, 1600],
        "1x1": [320, 640, 1024, 1200],
    }
    assert [r["height"] for r in image.crops["16x9"]] == [180, 360, 576, 675, 900]
    assert image.crops["focus"] is None
    for rendition in image.crops["1x1"]:
        with PillowImage.open(settings.MEDIA_ROOT / rendition["webp"]) as made:
            assert made.width == made.height == rendition["width"]


@pytest.mark.django_db
def test_moving_the_focal_point_makes_the_crops_again_and_deletes_the_old(
    settings, django_capture_on_commit_callbacks
):
    image = make_image(file=upload(two_halves()))
    old_files = {r["webp"] for r in image.crops["1x1"]}
    # Centred: half dark, half light.
    assert 100 < brightness(image.crops["1x1"][0]["fallback"], settings) < 160

    with django_capture_on_commit_callbacks(execute=True):
        image.focal_x, image.focal_y = 0.9, 0.5
        image.save()
    assert image.crops == {}
    assert image.renditions  # the original's shape stays as it was
    assert run_tasks() == 1

    image.refresh_from_db()
    assert image.crops["focus"] == [0.9, 0.5]
    # Against the right edge: 800 of its 900 columns are the light half.
    assert brightness(image.crops["1x1"][0]["fallback"], settings) > 210
    assert not any((settings.MEDIA_ROOT / name).exists() for name in old_files)


@pytest.mark.django_db
def test_a_task_for_an_old_focal_point_keeps_nothing(settings):
    image = make_image(file=upload(two_halves(400, 200)), rendered=False)
    stale = Image.objects.get(pk=image.pk)
    image.focal_x, image.focal_y = 0.1, 0.1
    image.save()

    assert stale.make_renditions(image.file.name) is True  # its renditions are good
    image.refresh_from_db()
    assert image.renditions and image.crops == {}
    kept = {r[k] for r in image.renditions for k in ("webp", "fallback")}
    stored = {str(p.relative_to(settings.MEDIA_ROOT)) for p in settings.MEDIA_ROOT.rglob("*.*")}
    assert stored == {image.file.name, *kept}


@pytest.mark.django_db
def test_the_database_refuses_a_focal_point_outside_the_picture():
    image = make_image()
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(focal_x=1.5, focal_y=0.5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Image.objects.filter(pk=image.pk).update(focal_x=0.5, focal_y=None)


@pytest.mark.django_db
def test_make_crops_queues_the_pictures_stored_before_crops_existed():
    from django.core.management import call_command

    old = make_image()
    Image.objects.filter(pk=old.pk).update(crops={})
    make_image()  # has its crops

    call_command("make_crops")

    assert run_tasks() == 1
    old.refresh_from_db()
    assert set(old.crops) == {"focus", *RATIOS}
    call_command("make_crops")
    assert run_tasks() == 0
