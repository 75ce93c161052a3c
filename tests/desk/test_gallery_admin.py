"""An article's gallery is put together in the desk: pictures of the library in rows, in
the order of their positions; writers do it on their own articles too."""

import pytest

from articles.models import Article, GalleryItem
from tests.desk_helpers import ADD_URL, article_form_data, change_url, make_writer
from tests.helpers import make_image

pytestmark = pytest.mark.django_db


def test_an_editor_adds_pictures_in_order_and_reorders_them(editor_client):
    first, second, third = (make_image(alt_text=f"Foto {n}") for n in range(3))
    gallery = [
        {"position": "2", "image": second.pk, "caption": "Kedua"},
        {"position": "1", "image": first.pk, "credit": "Foto: Antara"},
        {"position": "3", "image": third.pk},
    ]
    response = editor_client.post(
        ADD_URL, article_form_data(title="Galeri Banjir", slug="galeri-banjir", gallery=gallery)
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="galeri-banjir")
    items = list(article.gallery_items.in_order())
    assert [item.image for item in items] == [first, second, third]
    assert (items[0].shown_credit, items[1].shown_caption) == ("Foto: Antara", "Kedua")

    page = editor_client.get(change_url(article)).content.decode()
    assert 'id="gallery_items-group"' in page and "gallery_items-0-position" in page

    rows = [
        {"id": item.pk, "position": str(position), "image": item.image_id}
        for item, position in zip(items, [3, 1, 2], strict=True)
    ]
    editor_client.post(change_url(article), article_form_data(article, gallery=rows))
    assert [item.image for item in article.gallery_items.in_order()] == [second, third, first]


def test_a_writer_builds_the_gallery_of_their_own_draft(client):
    writer = make_writer()
    client.force_login(writer)
    picture = make_image()

    client.post(
        ADD_URL,
        article_form_data(
            title="Naskah Bergaleri",
            slug="naskah-bergaleri",
            gallery=[{"position": "1", "image": picture.pk}],
        ),
    )

    article = Article.objects.get(slug="naskah-bergaleri")
    assert GalleryItem.objects.filter(article=article, image=picture).exists()
