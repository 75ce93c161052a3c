"""Static pages the editors keep (Pedoman Media Siber, Redaksi, Kontak...), linked from
every page's footer."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from lxml import html as lxml_html

from articles.models import StaticPage
from tests.desk_helpers import make_editor, make_writer
from tests.helpers import make_article

pytestmark = pytest.mark.django_db


def page(title, slug, position, published=True, body="<p>Isi halaman.</p>"):
    return StaticPage.objects.create(
        title=title, slug=slug, position=position, is_published=published, body=body
    )


@pytest.fixture
def pages():
    return [
        page("Kontak", "kontak", 3),
        page("Pedoman Media Siber", "pedoman-media-siber", 1),
        page("Redaksi", "redaksi", 2),
        page("Karier", "karier", 4, published=False),
    ]


def footer_links(client, url="/"):
    tree = lxml_html.fromstring(client.get(url).content)
    return [(a.text, a.get("href")) for a in tree.xpath('//nav[@class="footer-pages"]//a')]


def test_the_footer_links_published_pages_in_their_order(client, pages):
    make_article()

    assert footer_links(client) == [
        ("Pedoman Media Siber", "/halaman/pedoman-media-siber/"),
        ("Redaksi", "/halaman/redaksi/"),
        ("Kontak", "/halaman/kontak/"),
    ]
    assert footer_links(client, "/berita/") == footer_links(client)


def test_a_published_page_is_read_at_its_address(client, pages):
    response = client.get("/halaman/redaksi/")

    assert response.status_code == 200
    assert "<h1>Redaksi</h1>" in response.content.decode()


def test_an_unpublished_page_is_not_found(client, pages):
    assert client.get("/halaman/karier/").status_code == 404


def test_a_page_body_is_sanitized_when_saved():
    stored = page(
        "Kontak", "kontak", 1, body='<p onclick="x()">Telepon</p><script>alert(1)</script>'
    )

    assert StaticPage.objects.get(pk=stored.pk).body == "<p>Telepon</p>"


def test_the_footer_follows_a_change_at_once(client, pages):
    assert ("Redaksi", "/halaman/redaksi/") in footer_links(client)

    StaticPage.objects.filter(slug="redaksi").get().delete()
    page("Tentang Kami", "tentang-kami", 5)

    links = footer_links(client)
    assert ("Redaksi", "/halaman/redaksi/") not in links
    assert links[-1] == ("Tentang Kami", "/halaman/tentang-kami/")


def test_the_footer_costs_no_query_once_cached(settings, client, pages):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # kept with the menu, as in production
    client.get("/")

    with CaptureQueriesContext(connection) as queries:
        client.get("/")

    assert not [q for q in queries if "staticpage" in q["sql"]]


def test_editors_manage_pages_and_writers_do_not():
    editor = Client()
    editor.force_login(make_editor())
    response = editor.post(
        "/admin/articles/staticpage/add/",
        {
            "title": "Tentang Kami",
            "slug": "tentang-kami",
            "body": "<p>Kami media daring.</p>",
            "position": "1",
            "is_published": "on",
        },
    )
    assert response.status_code == 302
    assert StaticPage.objects.published().get().slug == "tentang-kami"

    writer = Client()
    writer.force_login(make_writer())
    assert writer.get("/admin/articles/staticpage/add/").status_code == 403
