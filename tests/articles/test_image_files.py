"""An image's files on the local folder go with it: deleted with the image, replaced with its
file, once the change commits; a change rolled back keeps them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from articles.files import stored_names
from articles.models import Image
from tests import image_files
from tests.helpers import make_image


def files_on_disk(settings):
    root = settings.MEDIA_ROOT
    return {str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()}


def names_of(image):
    return set(stored_names(image.file.name, image.renditions, image.crops))


@pytest.mark.django_db
def test_a_deleted_image_leaves_no_file_behind(settings, django_capture_on_commit_callbacks):
    image, kept = make_image(), make_image()
    assert files_on_disk(settings) == names_of(image) | names_of(kept)
    with django_capture_on_commit_callbacks(execute=True):
        image.delete()
    assert files_on_disk(settings) == names_of(kept)


@pytest.mark.django_db
def test_files_stay_until_the_delete_commits(settings, django_capture_on_commit_callbacks):
    image = make_image()
    with django_capture_on_commit_callbacks(execute=False) as waiting:
        Image.objects.filter(pk=image.pk).delete()
        assert files_on_disk(settings) == names_of(image)
    for callback in waiting:  # the commit
        callback()
    assert files_on_disk(settings) == set()


@pytest.mark.django_db(transaction=True)
def test_a_delete_rolled_back_keeps_the_files(settings):
    image = make_image()
    with pytest.raises(RuntimeError), transaction.atomic():
        image.delete()
        raise RuntimeError("the rest of the change failed")
    assert files_on_disk(settings) == names_of(image)


@pytest.mark.django_db
def test_a_new_file_replaces_the_old_one_and_its_renditions(
    settings, django_capture_on_commit_callbacks
):
    image = make_image()
    old = names_of(image)
    with django_capture_on_commit_callbacks(execute=True):
        image.file = SimpleUploadedFile("baru.png", image_files.png())
        image.save()
    image.refresh_from_db()
    assert files_on_disk(settings) == names_of(image)
    assert not old & files_on_disk(settings)
    # Saving again without a new file keeps it all.
    with django_capture_on_commit_callbacks(execute=True):
        image.caption = "Keterangan baru"
        image.save()
    assert files_on_disk(settings) == names_of(image)
