"""The rendition task: idempotent, leaves no file behind, and pages never show a broken
picture while it has not run."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.files import stored_names
from articles.models import Image
from articles.tasks import make_renditions
from tests import image_files
from tests.helpers import make_article, make_image
from tests.tasks import run_tasks, waiting

pytestmark = pytest.mark.django_db


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def picture(width=1200, height=600):
    return SimpleUploadedFile("foto.jpg", image_files.jpeg(width, height))


def test_running_the_task_twice_gives_the_same_renditions_and_no_orphan_files(settings):
    image = make_image(file=picture(), rendered=False)

    make_renditions.call(image.pk, image.file.name)
    image.refresh_from_db()
    first, files = image.renditions, stored_files(settings)
    # 1200 × 600: four widths of its own shape; cut to 16:9 (1067 wide) four, 4:3 (800) three,
    # 1:1 (600) two.
    crops = sum(len(image.crops[ratio]) for ratio in ("16x9", "4x3", "1x1"))
    assert len(first) == 4 and crops == 4 + 3 + 2
    assert len(files) == 1 + 2 * 4 + 2 * crops

    make_renditions.call(image.pk, image.file.name)
    image.refresh_from_db()
    assert image.renditions == first
    assert stored_files(settings) == files


def test_renditions_made_meanwhile_by_another_run_keep_one_set_of_files(settings):
    image = make_image(file=picture(), rendered=False)
    stale = Image.objects.get(pk=image.pk)  # a second worker read it before the first saved
    image.make_renditions(image.file.name)

    assert stale.make_renditions(image.file.name) is False
    image.refresh_from_db()
    kept = stored_names(image.file.name, image.renditions, image.crops)
    assert set(stored_files(settings)) == set(kept)


def test_a_replaced_file_gets_its_own_renditions_and_the_old_ones_are_deleted(
    settings, django_capture_on_commit_callbacks
):
    image = make_image(file=picture())
    old_file = image.file.name
    with django_capture_on_commit_callbacks(execute=True):
        image.file = picture(800, 400)
        image.save()
    assert image.renditions == []
    # The old file's task, run late, does nothing: it is not the picture's file any more.
    assert make_renditions.call(image.pk, old_file) == {"made": False}
    assert run_tasks() == 1
    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [320, 640, 800]
    kept = stored_names(image.file.name, image.renditions, image.crops)
    assert set(stored_files(settings)) - {old_file} == set(kept)


def test_a_deleted_picture_makes_the_task_do_nothing(settings):
    image = make_image(file=picture(), rendered=False)
    pk, name = image.pk, image.file.name
    image.delete()
    assert make_renditions.call(pk, name) == {"made": False}
    assert not any(path.startswith("renditions/") for path in stored_files(settings))


def test_until_renditions_exist_cards_and_the_article_show_the_original_at_its_size(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        image = make_image(file=picture(1000, 500), rendered=False)
    assert waiting("articles.tasks.make_renditions").count() == 1
    story = make_article(title="Sungai Meluap", featured_image=image)

    for address in [story.get_absolute_url(), "/berita/", "/"]:
        page = client.get(address).content.decode()
        assert f'src="{image.file.url}"' in page, address
        assert 'width="1000" height="500"' in page, address
        assert "<picture>" not in page
    assert image.fallback_url == image.file.url
    assert image.srcset("webp") == f"{image.file.url} 1000w"

    run_tasks()
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<picture>" in page and "320w" in page
