"""Embeds as readers meet them: a placeholder from our own data, the player's origin allowed
on that page only, a plain link in feeds and the export, nothing of a body's own markup."""

import re
from html import escape as html_escape

import pytest
from django.conf import settings as django_settings

from articles.models import Article, Embed
from tests.helpers import make_article, make_image
from transfer.exporters import article_record

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


def resolved_embed(**overrides):
    values = {
        "provider": "youtube",
        "url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "media_id": "dQw4w9WgXcQ",
        "title": '<script>alert("judul")</script> Banjir Kampung Melayu',
        "author_name": "Kanal Warga",
        "thumbnail": make_image(alt_text="Banjir Kampung Melayu"),
        "width": 480,
        "height": 270,
    }
    return Embed.objects.create(**(values | overrides))


def article_with(embed, **overrides):
    body = f'<p>Air naik.</p><figure data-embed="{embed.pk}"></figure><p>Warga mengungsi.</p>'
    return make_article(body=body, **overrides)


def test_readers_see_a_placeholder_from_our_own_data(client):
    embed = resolved_embed()
    response = client.get(article_with(embed).get_absolute_url())
    page = response.content.decode()
    [placeholder] = re.findall(r'<a class="embed__placeholder"[^>]*>', page)
    assert 'href="https://www.youtube.com/watch?v=dQw4w9WgXcQ"' in placeholder
    assert 'data-embed-player="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in (
        placeholder.replace("&amp;", "&")
    )
    assert "&lt;script&gt;alert(&quot;judul&quot;)&lt;/script&gt; Banjir Kampung Melayu" in page
    assert "<script>alert" not in page
    assert ">Play<" in page and "View on YouTube" in page
    # Nothing loads from another host before a click: no frame, and every src is ours.
    assert "<iframe" not in page
    assert not [src for src in re.findall(r'src(?:set)?="([^"]+)"', page) if "//" in src]
    assert embed.thumbnail.fallback_url in page
    assert '<script src="/static/js/embed.js" defer></script>' in page


def test_an_unresolved_embed_still_looks_right(client):
    embed = Embed.objects.create(
        provider="x", url="https://x.com/BMKG/status/1790000000000000000", media_id="1790"
    )
    page = client.get(article_with(embed).get_absolute_url()).content.decode()
    assert "Show the X post" in page and "View on X" in page
    assert 'class="embed embed--x embed--tall"' in page
    assert "<img" not in page.split('class="embed ')[1].split("</figure>")[0]


def test_the_players_origin_is_allowed_on_that_page_only(client):
    embed = resolved_embed()
    with_embed = client.get(article_with(embed).get_absolute_url())
    without = client.get(make_article().get_absolute_url())
    policy = with_embed["Content-Security-Policy"]
    assert "frame-src https://www.youtube-nocookie.com" in policy
    assert "script-src 'self'" in policy
    assert "frame-src" not in without["Content-Security-Policy"]
    assert without["Content-Security-Policy"] == policy.replace(
        "; frame-src https://www.youtube-nocookie.com", ""
    )


def test_the_policy_keeps_only_our_markup_pointing_at_existing_embeds():
    embed = resolved_embed()
    article = make_article(
        body=(
            f'<figure data-embed="{embed.pk}" onclick="x()"><iframe src="https://evil.example">'
            f"</iframe><script>alert(1)</script></figure>"
            '<figure data-embed="999999"></figure>'
            '<figure data-embed="javascript:alert(1)"><p>x</p></figure>'
            '<p data-embed="3">Teks</p>'
            '<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>'
            '<blockquote class="twitter-tweet"><script src="https://platform.twitter.com/widgets.js">'
            "</script></blockquote>"
        )
    )
    article.refresh_from_db()
    assert article.body == (
        f'<figure data-embed="{embed.pk}"></figure><figure><p>x</p></figure><p>Teks</p>'
        "<blockquote></blockquote>"
    )


def test_a_deleted_embed_disappears_from_the_page(client, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    embed = resolved_embed()
    article = article_with(embed)
    assert "embed__placeholder" in client.get(article.get_absolute_url()).content.decode()
    embed.delete()
    page = client.get(article.get_absolute_url()).content.decode()
    assert "embed__placeholder" not in page
    assert "Warga mengungsi" in page


def test_an_embed_resolved_later_shows_on_the_kept_page(client, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    embed = Embed.objects.create(
        provider="youtube", url="https://youtu.be/dQw4w9WgXcQ", media_id="x"
    )
    article = article_with(embed)
    assert "Gempa Cianjur" not in client.get(article.get_absolute_url()).content.decode()
    embed.title = "Gempa Cianjur"
    embed.save()
    assert "Gempa Cianjur" in client.get(article.get_absolute_url()).content.decode()


def test_feeds_and_the_export_carry_an_embed_as_a_plain_link(client):
    embed = resolved_embed(title="Banjir & pengungsi")
    article = article_with(embed)
    link = '<p><a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">Banjir &amp; pengungsi</a></p>'
    feed = client.get("/feed/").content.decode()
    assert html_escape(link, quote=False) in feed
    assert "data-embed" not in feed
    assert link in article_record(Article.objects.for_reading().get(pk=article.pk))["body"]
