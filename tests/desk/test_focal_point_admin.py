"""An editor sets a picture's focal point in the desk: by a click (the script sets the two
fields) or by typing the fractions; out-of-range points are refused with a message."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Image
from tests import image_files
from tests.helpers import make_image
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, admin_user):
    client.force_login(admin_user)
    return client


def change_url(image):
    return f"/admin/articles/image/{image.pk}/change/"


def form_data(image, **changes):
    return {
        "alt_text": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "focal_x": "",
        "focal_y": "",
    } | changes


def test_the_change_page_offers_the_picture_to_click_and_the_two_fields(desk):
    image = make_image()
    page = desk.get(change_url(image)).content.decode()

    assert "data-desk-focal" in page
    assert 'src="/static/admin-desk/focal-point.js"' in page
    assert 'name="focal_x"' in page and 'name="focal_y"' in page
    assert 'min="0"' in page and 'max="1"' in page


def test_a_focal_point_saved_remakes_the_crops_around_it(desk, django_capture_on_commit_callbacks):
    image = make_image(file=SimpleUploadedFile("f.jpg", image_files.jpeg(800, 400)))
    before = image.crops["1x1"]
    with django_capture_on_commit_callbacks(execute=True):
        response = desk.post(change_url(image), form_data(image, focal_x="0.2", focal_y="0.7"))
    assert response.status_code == 302
    image.refresh_from_db()
    assert (image.focal_x, image.focal_y) == (0.2, 0.7)
    assert image.crops == {}
    assert run_tasks() == 1
    image.refresh_from_db()
    assert image.crops["focus"] == [0.2, 0.7] and image.crops["1x1"] != before


@pytest.mark.parametrize(("x", "y"), [("1.5", "0.5"), ("0.5", "-0.1")])
def test_a_point_outside_the_picture_is_refused(desk, x, y):
    image = make_image()
    response = desk.post(change_url(image), form_data(image, focal_x=x, focal_y=y))

    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert errors.keys() & {"focal_x", "focal_y"}
    assert Image.objects.get(pk=image.pk).focal_x is None


def test_a_caption_change_keeps_the_file_its_renditions_and_crops(
    desk, django_capture_on_commit_callbacks
):
    image = make_image()
    stored = (image.file.name, image.renditions, image.crops)
    with django_capture_on_commit_callbacks(execute=True):
        desk.post(change_url(image), form_data(image, caption="Keterangan lain"))
    image.refresh_from_db()
    assert image.caption == "Keterangan lain"
    assert (image.file.name, image.renditions, image.crops) == stored
    assert run_tasks() == 0
