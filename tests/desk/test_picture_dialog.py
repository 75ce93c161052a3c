"""The body editor's picture dialog at the desk: the library searched, a picture uploaded
(checked, alt text required), the dialog's words in the page; readers get nothing of it."""

import json
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Image
from tests import image_files
from tests.desk_helpers import ADD_URL, make_writer
from tests.helpers import make_image

pytestmark = pytest.mark.django_db

PICKER = "/admin/gambar/pilih/"
UPLOAD = "/admin/gambar/unggah/"


def test_the_library_is_searched_by_alt_text_caption_and_credit(editor_client):
    boat = make_image(alt_text="Perahu nelayan", caption="Pagi di Cilacap", credit="Antara")
    make_image(alt_text="Sawah di Subang", caption="Panen", credit="Redaksi")

    found = editor_client.get(PICKER, {"q": "cilacap perahu"}).json()["results"]

    assert [picture["id"] for picture in found] == [boat.pk]
    assert found[0]["alt"] == "Perahu nelayan" and found[0]["credit"] == "Antara"
    assert found[0]["src"] == boat.fallback_url and found[0]["thumbnail"].startswith("/media/")
    assert len(editor_client.get(PICKER).json()["results"]) == 2


def test_an_upload_from_the_dialog_becomes_a_library_picture(editor_client):
    answer = editor_client.post(
        UPLOAD,
        {
            "file": SimpleUploadedFile("foto.jpg", image_files.jpeg(400, 300)),
            "alt_text": "Warga antre air bersih",
            "caption": "Antrean air",
            "credit": "Foto: Redaksi",
        },
    )

    assert answer.status_code == 201
    image = Image.objects.get(pk=answer.json()["id"])
    assert (image.alt_text, image.credit, image.width) == (
        "Warga antre air bersih",
        "Foto: Redaksi",
        400,
    )


@pytest.mark.parametrize(
    ("content", "alt", "field"),
    [(image_files.jpeg(), "", "alt_text"), (image_files.SVG_WITH_SCRIPT, "Logo", "file")],
)
def test_an_upload_without_alt_text_or_not_a_picture_is_refused(editor_client, content, alt, field):
    answer = editor_client.post(
        UPLOAD, {"file": SimpleUploadedFile("x.jpg", content), "alt_text": alt}
    )

    assert answer.status_code == 400
    assert field in answer.json()["errors"]
    assert not Image.objects.exists()


def test_the_dialog_needs_the_desk_and_its_permissions(client):
    assert client.get(PICKER).status_code == 302  # to the login
    writer = make_writer()
    writer.user_permissions.clear()
    writer.groups.clear()
    writer.is_staff = True
    writer.save()
    client.force_login(writer)
    assert client.get(PICKER).status_code == 403
    assert client.post(UPLOAD, {}).status_code == 403


def test_the_editor_page_carries_the_dialogs_addresses_and_indonesian_words(editor_client):
    page = editor_client.get(ADD_URL).content.decode()

    [raw] = re.findall(r'data-desk-pictures="([^"]*)"', page)
    settings = json.loads(unescape(raw))
    assert settings["picker"] == PICKER and settings["upload"] == UPLOAD
    assert settings["strings"]["button"] and settings["strings"]["altMissing"]
    assert "<script>" not in page


def test_a_body_saved_with_a_picture_keeps_our_figure(editor_client):
    from articles.models import Article
    from tests.desk_helpers import article_form_data

    image = make_image()
    body = (
        f'<p>Awal.</p><figure data-image="{image.pk}"><img src="{image.fallback_url}" '
        'alt="Warga menanam"><figcaption>Tanam <span class="credit">Redaksi</span>'
        '</figcaption></figure><p><img src="https://evil.example/t.gif"></p>'
    )
    response = editor_client.post(
        ADD_URL, article_form_data(title="Bergambar", slug="bergambar", body=body)
    )

    assert response.status_code == 302
    stored = Article.objects.get(slug="bergambar").body
    assert f'<figure data-image="{image.pk}">' in stored and "evil" not in stored
