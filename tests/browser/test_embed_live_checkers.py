"""An article with embeds (resolved and not) and a live report passes the Nu HTML Checker and
axe-core, like every other kind of page (tests/browser/test_page_checkers_*.py)."""

import pytest
from django.test import Client

from articles.models import Embed, LiveReport, LiveUpdate
from tests.helpers import make_article, make_image

pytestmark = pytest.mark.django_db(transaction=True)


def live_report_with_embeds():
    video = Embed.objects.create(
        provider="youtube",
        url="https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        media_id="dQw4w9WgXcQ",
        title="Banjir di Kampung Melayu",
        author_name="Kanal Warga",
        thumbnail=make_image(alt_text="Banjir di Kampung Melayu"),
        width=480,
        height=270,
    )
    post = Embed.objects.create(
        provider="x", url="https://x.com/BMKG/status/1790000000000000000", media_id="1790"
    )
    article = make_article(
        title="Banjir Jakarta: Laporan Langsung",
        body=f'<p>Air naik.</p><figure data-embed="{video.pk}"></figure>',
    )
    LiveReport.objects.create(article=article)
    LiveUpdate.objects.create(article=article, title="Pintu air siaga 1", pinned=True)
    LiveUpdate.objects.create(article=article, body="<p>BMKG memperingatkan.</p>", embed=post)
    LiveUpdate.objects.create(article=article, title="Pengungsi", image=make_image())
    return article.get_absolute_url()


def test_embeds_and_a_live_report_are_valid_html(nu_checker):
    url = live_report_with_embeds()
    english = Client()
    english.cookies["django_language"] = "en"
    documents = {"live report": Client().get(url).content, "English": english.get(url).content}
    documents["poll"] = (
        b'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>x</title></head>'
        b"<body>" + Client().get(f"{url}terbaru/").content + b"</body></html>"
    )
    errors = nu_checker(documents)
    assert errors == {}, "\n".join(
        f"{name}: {line}" for name, lines in errors.items() for line in lines
    )


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_embeds_and_a_live_report_have_no_accessibility_violation(new_page, axe, width):
    url = live_report_with_embeds()
    page = new_page(width=width, height=900)
    assert page.goto(url).status == 200
    assert axe(page) == []
