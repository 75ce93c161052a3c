"""Readers see the body's pictures as responsive figures made from the library's images:
their renditions, size, caption and credit; only a first one high up loads at once."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext

from caching import schedule
from tests import image_files
from tests.helpers import make_article, make_image

pytestmark = pytest.mark.django_db


def figure(image, alt="Warga menanam bakau", caption="Penanaman bakau", credit="Foto: Redaksi"):
    return (
        f'<figure data-image="{image.pk}"><img src="/x.jpg" alt="{alt}">'
        f'<figcaption>{caption} <span class="credit">{credit}</span></figcaption></figure>'
    )


def body_figures(page):
    return re.findall(r'<figure class="article__figure">.*?</figure>', page, re.S)


def picture(width=1600, height=1000):
    return make_image(file=SimpleUploadedFile("f.jpg", image_files.jpeg(width, height)))


def test_a_body_picture_is_a_responsive_figure_with_its_renditions(client):
    image = picture()
    article = make_article(body=figure(image) + "<p>Paragraf sesudahnya.</p>")

    [shown] = body_figures(client.get(article.get_absolute_url()).content.decode())

    assert 'type="image/webp"' in shown
    assert all(f"{width}w" in shown for width in (320, 640, 1024, 1600))
    assert 'sizes="(min-width: 42rem) 42rem, 100vw"' in shown
    assert 'width="1600" height="1000"' in shown
    assert 'alt="Warga menanam bakau"' in shown
    assert (
        '<figcaption>Penanaman bakau <span class="credit">Foto: Redaksi</span></figcaption>'
        in shown
    )
    assert 'loading="eager"' in shown  # the first thing in an article without a featured image
    assert "/x.jpg" not in shown


def test_pictures_further_down_load_lazily(client):
    first, second = picture(), picture(800, 600)
    article = make_article(
        featured_image=make_image(),
        body="<p>Satu.</p>" + figure(first) + "<p>Dua.</p>" * 3 + figure(second),
    )

    shown = body_figures(client.get(article.get_absolute_url()).content.decode())

    assert len(shown) == 2
    assert all('loading="lazy"' in item for item in shown)
    assert 'width="800" height="600"' in shown[1]


def test_a_picture_deleted_from_the_library_disappears_from_the_article(
    client, django_capture_on_commit_callbacks
):
    gone, kept = picture(), picture()
    article = make_article(body=figure(gone) + "<p>Teks.</p>" + figure(kept, alt="Tetap"))
    assert len(body_figures(client.get(article.get_absolute_url()).content.decode())) == 2

    with django_capture_on_commit_callbacks(execute=True):
        gone.delete()
    shown = body_figures(client.get(article.get_absolute_url()).content.decode())

    assert len(shown) == 1 and 'alt="Tetap"' in shown[0]


def test_new_renditions_of_a_body_picture_show_on_the_kept_page(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    image = make_image(
        file=SimpleUploadedFile("f.jpg", image_files.jpeg(1200, 800)), rendered=False
    )
    article = make_article(body=figure(image))
    before = client.get(article.get_absolute_url())
    assert "320w" not in before.content.decode()
    assert f"image-{image.pk}" in before["xkey"].split()

    image.make_renditions(image.file.name)

    assert "320w" in client.get(article.get_absolute_url()).content.decode()


def test_five_body_pictures_cost_one_query(client, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # the frame kept, as readers get it
    images = [picture(400 + n, 300) for n in range(5)]
    plain = make_article(body="<p>Teks.</p>")
    rich = make_article(body="".join(figure(image) + "<p>Teks.</p>" for image in images))
    client.get(make_article().get_absolute_url())  # the frame, read once for every page

    def cost(article):
        schedule.check(HttpRequest())
        with CaptureQueriesContext(connection) as queries:
            page = client.get(article.get_absolute_url()).content.decode()
        return len(queries), page

    plain_cost, _page = cost(plain)
    rich_cost, page = cost(rich)

    assert len(body_figures(page)) == 5
    assert rich_cost == plain_cost + 1
    assert rich_cost <= 10
