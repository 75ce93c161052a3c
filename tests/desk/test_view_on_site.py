"""The desk's "view on site" shortcut never leads to a secret or an unpublished article.

Django's own shortcut (`/admin/r/<content type>/<id>/`) follows any object's
`get_absolute_url()` for any staff login; counting ids then gave a writer every shared
preview link and the addresses (the headlines) of review copies and scheduled stories.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.utils import timezone

from articles.models import (
    Article,
    Correction,
    PreviewLink,
    RelatedLink,
    SlugRedirect,
    StaticPage,
)
from tests.desk_helpers import make_editor, make_writer
from tests.helpers import make_article, make_author, make_image, make_section, make_source, make_tag

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = Article.Status


@pytest.fixture
def newsroom():
    editor = make_editor("redaktur")
    writer = make_writer("penulis")
    public = make_article(title="Berita Yang Sudah Terbit", slug="sudah-terbit")
    hidden = [
        make_article(
            title="Draf Redaktur Rahasia", slug="draf-redaktur", status=DRAFT, published_at=None
        ),
        make_article(
            title="Naskah Menunggu Periksa",
            slug="menunggu-periksa",
            status=REVIEW,
            published_at=None,
            created_by=writer,
        ),
        make_article(
            title="Berita Terjadwal Besok",
            slug="terjadwal-besok",
            published_at=timezone.now() + timedelta(days=1),
        ),
        make_article(title="Berita Diturunkan", slug="diturunkan", created_by=writer),
    ]
    hidden[-1].take_down("Melanggar hak cipta", by=editor)
    draft = hidden[0]
    link = PreviewLink.objects.create(
        article=draft, recipient="Pengacara kami", expires_at=timezone.now() + timedelta(days=3)
    )
    SlugRedirect.objects.create(old_slug="alamat-lama-draf", article=draft)
    SlugRedirect.objects.create(old_slug="alamat-lama-terbit", article=public)
    RelatedLink.objects.create(article=public, target=draft, title="")
    RelatedLink.objects.create(article=draft, target=public, title="")
    Correction.objects.create(article=draft, text="Nama narasumber diperbaiki.")
    StaticPage.objects.create(title="Kontak", slug="kontak", is_published=True)
    StaticPage.objects.create(title="Halaman Rahasia", slug="halaman-rahasia")
    make_section(slug="nasional")
    make_tag(slug="banjir")
    make_source(slug="antara")
    make_author(slug="siti")
    make_image()
    return {"editor": editor, "writer": writer, "hidden": hidden, "link": link}


def shortcut_answers(user):
    """Every answer of the shortcut for every object of ours, as `user` sees them."""
    client = Client()
    client.force_login(user)
    answers = []
    for content_type in ContentType.objects.filter(app_label="articles"):
        model = content_type.model_class()
        ids = list(model.objects.values_list("pk", flat=True)) + [999_999]
        for pk in ids:
            url = f"/admin/r/{content_type.pk}/{pk}/"
            answers.append((url, client.get(url)))
    return answers


@pytest.mark.parametrize("role", ["writer", "editor"])
def test_the_shortcut_leads_only_to_addresses_any_reader_can_open(newsroom, role):
    secret_addresses = [newsroom["link"].share_url(), newsroom["link"].token] + [
        article.slug for article in newsroom["hidden"]
    ]
    reader = Client()
    redirects = 0
    for url, response in shortcut_answers(newsroom[role]):
        assert response.status_code in (302, 404), url
        if response.status_code == 404:
            continue
        redirects += 1
        location = response["Location"]
        for secret in secret_addresses:
            assert secret not in location, f"{url} leads to {location}"
        path = urlsplit(location).path
        # Whatever it leads to, an anonymous reader can open it (a redirect to it counts).
        assert reader.get(path).status_code in (200, 301), f"{url} leads to {location}"
    # The public objects still lead to their pages: the shortcut is not simply turned off.
    assert redirects >= 5


def test_the_shortcut_still_shows_a_published_article(newsroom):
    client = Client()
    client.force_login(newsroom["editor"])
    article = Article.objects.get(slug="sudah-terbit")
    content_type = ContentType.objects.get_for_model(Article)
    response = client.get(f"/admin/r/{content_type.pk}/{article.pk}/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/berita/sudah-terbit/"


def test_the_shortcut_answers_nobody_without_a_desk_login(newsroom):
    content_type = ContentType.objects.get_for_model(PreviewLink)
    response = Client().get(f"/admin/r/{content_type.pk}/{newsroom['link'].pk}/")
    assert response.status_code == 302
    assert urlsplit(response["Location"]).path == "/admin/login/"


def test_a_shared_preview_link_has_no_absolute_url():
    # Django hands an object's absolute URL to the desk's shortcut and to its change pages.
    assert not hasattr(PreviewLink, "get_absolute_url")
