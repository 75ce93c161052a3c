"""A working copy stays invisible to readers until it is published, on every page they read
from, kept pages included; publishing it moves what they see."""

import pytest

from articles.models import Article
from tests.desk_helpers import article_form_data, change_url
from tests.helpers import make_article, make_section

pytestmark = pytest.mark.django_db

PAGES = [
    "/berita/",
    "/berita/kereta-cepat/",
    "/rubrik/nasional/",
    "/feed/",
    "/feed/atom/",
    "/sitemap-news.xml",
    "/sitemap-articles.xml",
    "/cari/?q=kereta",
    "/cari/?q=ekspres",
]


def read_everything(client):
    pages = {}
    for address in PAGES:
        response = client.get(address)
        assert response.status_code == 200, address
        pages[address] = response.content.decode()
    return pages


def test_readers_see_the_live_story_until_the_change_is_published(client, separate_editor_client):
    nasional = make_section(name="Nasional", slug="nasional")
    live = make_article(
        title="Kereta Cepat Diresmikan",
        slug="kereta-cepat",
        lead="Kereta cepat mulai melayani penumpang.",
        body="<p>Kereta cepat melaju pagi ini.</p>",
        section=nasional,
    )
    before = read_everything(client)  # kept by the caches now
    assert all(
        "Kereta Cepat Diresmikan" in page
        for address, page in before.items()
        if address not in ("/sitemap-articles.xml", "/cari/?q=ekspres")
    )

    editor = separate_editor_client
    form = editor.get(change_url(live)).context["adminform"].form
    stamps = {"loaded_version": form["loaded_version"].value(), "loaded_copy": ""}
    change = {
        "title": "Kereta Ekspres Diresmikan Presiden",
        "slug": "kereta-cepat",
        "lead": "Kereta ekspres mulai melayani penumpang.",
        "body": "<p>Kereta ekspres melaju pagi ini bersama Presiden.</p>",
    }
    data = article_form_data(live, **change) | stamps
    assert editor.post(change_url(live), data | {"_working_copy": "1"}).status_code == 302

    during = read_everything(client)
    for address, page in during.items():
        for text in ("Kereta Ekspres", "Kereta ekspres", "bersama Presiden"):
            assert text not in page, address
    for address in ["/berita/kereta-cepat/", "/sitemap-articles.xml", "/feed/"]:
        assert during[address] == before[address], address
    assert "Kereta Cepat Diresmikan" in during["/cari/?q=kereta"]

    form = editor.get(change_url(live)).context["adminform"].form
    stamps = {
        "loaded_version": form["loaded_version"].value(),
        "loaded_copy": form["loaded_copy"].value(),
    }
    data = article_form_data(Article.objects.get(pk=live.pk), **change) | stamps
    assert editor.post(change_url(live), data | {"_publish_change": "1"}).status_code == 302

    after = read_everything(client)
    for address in PAGES[:-2]:
        if address != "/sitemap-articles.xml":  # addresses and times only
            assert "Kereta Ekspres Diresmikan Presiden" in after[address], address
    assert "Kereta Ekspres Diresmikan Presiden" in after["/cari/?q=ekspres"]
