"""An article's gallery (Foto): one picture a page, every picture reached by plain links in
order, ImageGallery structured data, the count on cards, kept and moved on like any page."""

import json
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext

from articles.models import Article, GalleryItem
from caching import schedule
from tests import image_files
from tests.helpers import make_article, make_image, make_section

pytestmark = pytest.mark.django_db


def gallery_of(article, count, **image_fields):
    for number in range(count):
        image = make_image(
            file=SimpleUploadedFile("f.jpg", image_files.jpeg(800, 600)),
            alt_text=f"Foto ke-{number + 1} dari pasar",
            caption=f"Keterangan asli {number + 1}",
            credit="Redaksi",
            **image_fields,
        )
        # Positions given out of step with the order of creation: the position decides.
        GalleryItem.objects.create(article=article, image=image, position=(count - number) * 10)
    return list(GalleryItem.objects.filter(article=article).in_order())


def links(page, rel):
    return re.findall(rf'<a href="([^"]+)" rel="{rel}"', page)


def test_the_first_picture_is_at_the_gallerys_address_with_a_link_to_the_next(client):
    article = make_article(slug="pasar-terapung")
    items = gallery_of(article, 3)

    page = client.get("/berita/pasar-terapung/foto/").content.decode()

    assert f'alt="{items[0].image.alt_text}"' in page
    assert "Foto 1 dari 3" in page or "Photo 1 of 3" in page
    assert links(page, "prev") == []
    assert links(page, "next") == ["/berita/pasar-terapung/foto/2/"]
    assert 'href="/berita/pasar-terapung/"' in page  # back to the article


def test_each_picture_is_reached_by_following_links_without_javascript(client):
    article = make_article(slug="pasar-terapung")
    items = gallery_of(article, 4)
    seen, address = [], "/berita/pasar-terapung/foto/"
    while address:
        page = client.get(address).content.decode()
        seen.append(re.search(r'class="gallery__picture".*?alt="([^"]+)"', page, re.S)[1])
        # Every picture is in the list of links on every page, the current one marked.
        listed = re.search(r'class="gallery__thumbs">.*?</ol>', page, re.S)[0]
        thumbs = re.findall(r'<li><a href="([^"]+)"', listed)
        assert thumbs == ["/berita/pasar-terapung/foto/"] + [
            f"/berita/pasar-terapung/foto/{n}/" for n in range(2, 5)
        ]
        assert page.count('aria-current="page"') == 1
        [address] = links(page, "next") or [None]
    assert seen == [item.image.alt_text for item in items]
    page = client.get("/berita/pasar-terapung/foto/4/").content.decode()
    assert links(page, "prev") == ["/berita/pasar-terapung/foto/3/"]


def test_the_gallerys_own_caption_and_credit_win_over_the_pictures(client):
    article = make_article(slug="pasar")
    [item] = gallery_of(article, 1)
    item.caption, item.credit = "Pedagang sayur di atas perahu", "Foto: Antara"
    item.save()

    page = client.get("/berita/pasar/foto/").content.decode()

    assert "Pedagang sayur di atas perahu" in page and "Keterangan asli" not in page
    assert '<span class="credit">Foto: Antara</span>' in page


def test_numbers_past_the_end_drafts_and_empty_galleries_are_not_found(client):
    article = make_article(slug="pasar")
    gallery_of(article, 2)
    draft = make_article(slug="draf", status=Article.Status.DRAFT)
    gallery_of(draft, 1)
    make_article(slug="tanpa-foto")

    assert client.get("/berita/pasar/foto/3/").status_code == 404
    assert client.get("/berita/pasar/foto/0/").status_code == 404
    assert client.get("/berita/draf/foto/").status_code == 404
    assert client.get("/berita/tanpa-foto/foto/").status_code == 404
    first = client.get("/berita/pasar/foto/1/")
    assert (first.status_code, first["Location"]) == (301, "/berita/pasar/foto/")


def test_the_gallery_carries_image_gallery_structured_data(client):
    article = make_article(slug="pasar", title="Pasar Terapung Banjarmasin")
    items = gallery_of(article, 2)

    page = client.get("/berita/pasar/foto/2/").content.decode()
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.S)
    [gallery] = [d for d in map(json.loads, blocks) if d["@type"] == "ImageGallery"]

    assert gallery["name"] == "Pasar Terapung Banjarmasin"
    assert gallery["isPartOf"]["url"] == "http://testserver/berita/pasar/"
    media = gallery["associatedMedia"]
    assert [m["url"] for m in media] == [
        "http://testserver/berita/pasar/foto/",
        "http://testserver/berita/pasar/foto/2/",
    ]
    assert media[0]["contentUrl"] == f"http://testserver{items[0].image.file.url}"
    assert (media[1]["width"], media[1]["height"], media[1]["creditText"]) == (800, 600, "Redaksi")


def test_cards_show_how_many_pictures_without_a_query_per_card(client, settings):
    section = make_section(name="Foto", slug="foto")
    with_pictures = [make_article(section=section, title=f"Galeri {n}") for n in range(3)]
    for number, article in enumerate(with_pictures):
        gallery_of(article, number + 1)
    make_article(section=section, title="Tanpa galeri")

    def cost():
        schedule.check(HttpRequest())
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/rubrik/foto/").content.decode()
        return len(queries), page

    cost()  # the list's count is kept from here on
    queries, page = cost()

    counts = dict(re.findall(r'class="card__photos"><a href="/berita/([^/]+)/foto/">(\d+) ', page))
    assert counts == {a.slug: str(n + 1) for n, a in enumerate(with_pictures)}
    GalleryItem.objects.filter(article=with_pictures[0]).delete()
    more_queries, page = cost()
    assert more_queries == queries
    assert f"/berita/{with_pictures[0].slug}/foto/" not in page
    assert f"/berita/{with_pictures[1].slug}/foto/" in page


def test_a_changed_gallery_shows_on_the_kept_page(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    article = make_article(slug="pasar")
    items = gallery_of(article, 2)
    first = client.get("/berita/pasar/foto/")
    assert f"article-{article.pk}" in first["xkey"].split()
    assert f"image-{items[0].image_id}" in first["xkey"].split()

    items[0].caption = "Keterangan yang diperbarui"
    items[0].save()

    assert "Keterangan yang diperbarui" in client.get("/berita/pasar/foto/").content.decode()


def test_the_article_page_links_to_its_gallery(client):
    article = make_article(slug="pasar")
    gallery_of(article, 12)

    page = client.get("/berita/pasar/").content.decode()

    assert re.search(r'href="/berita/pasar/foto/">[^<]*12', page)


def test_a_gallery_of_twenty_costs_the_same_few_queries_as_one_of_two(client, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # the frame kept, as readers get it
    small, large = make_article(slug="kecil"), make_article(slug="besar")
    gallery_of(small, 2)
    gallery_of(large, 20)
    client.get("/berita/kecil/")  # the frame, read once for every page

    def cost(url):
        schedule.check(HttpRequest())
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    # The article, its pictures with their images.
    assert cost("/berita/besar/foto/7/") == cost("/berita/kecil/foto/2/") <= 4
