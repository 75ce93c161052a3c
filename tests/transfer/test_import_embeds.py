"""A WordPress export's embeds become our Embed rows, fetched only when the operator asks."""

import io

import pytest
from django.core.management import call_command

from articles.models import Article, Embed
from tests.oembed_server import OEmbedServer
from transfer.importers import read
from transfer.importers.save import import_records

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

CONTENT = """Gempa mengguncang Cianjur siang tadi.

<!-- wp:embed {"url":"https://www.youtube.com/watch?v=dQw4w9WgXcQ","type":"video"} -->
<figure class="wp-block-embed is-type-video"><div class="wp-block-embed__wrapper">
https://www.youtube.com/watch?v=dQw4w9WgXcQ
</div></figure>
<!-- /wp:embed -->

https://x.com/BMKG/status/1790000000000000000

https://vimeo.com/123456

Warga diminta menjauhi bangunan retak: https://youtu.be/dQw4w9WgXcQ tetap di luar."""


def export(tmp_path, content=CONTENT):
    path = tmp_path / "wordpress.xml"
    path.write_text(
        f"""<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/"
  xmlns:wp="http://wordpress.org/export/1.2/" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel><title>Warta</title><link>https://warta.example.id</link>
<wp:wxr_version>1.2</wp:wxr_version><wp:base_site_url>https://warta.example.id</wp:base_site_url>
<item><title>Gempa Cianjur</title><link>https://warta.example.id/gempa/</link>
<pubDate>Sat, 03 Oct 2020 01:15:00 +0000</pubDate>
<content:encoded><![CDATA[{content}]]></content:encoded>
<wp:post_id>7</wp:post_id><wp:post_date_gmt>2020-10-03 01:15:00</wp:post_date_gmt>
<wp:post_name>gempa-cianjur</wp:post_name><wp:status>publish</wp:status>
<wp:post_type>post</wp:post_type></item></channel></rss>"""
    )
    return str(path)


def test_embed_blocks_and_addresses_on_their_own_become_embeds_fetched_from_nowhere(tmp_path):
    report = import_records(read([export(tmp_path)]))
    assert report.imported == 1
    youtube, x = Embed.objects.order_by("provider")[1], Embed.objects.get(provider="x")
    assert (youtube.provider, youtube.media_id, youtube.title) == ("youtube", "dQw4w9WgXcQ", "")
    assert youtube.thumbnail is None and youtube.fetched_at is None
    body = Article.objects.get().body
    assert body == (
        "<p>Gempa mengguncang Cianjur siang tadi.</p>"
        f'<figure data-embed="{youtube.pk}"></figure>'
        f'<figure data-embed="{x.pk}"></figure>'
        # Not an allowed provider, and an address within a sentence: left as they were.
        "<p>https://vimeo.com/123456</p>"
        "<p>Warga diminta menjauhi bangunan retak: https://youtu.be/dQw4w9WgXcQ tetap di luar.</p>"
    )


def test_a_second_run_changes_nothing(tmp_path):
    import_records(read([export(tmp_path)]))
    report = import_records(read([export(tmp_path)]))
    assert (report.imported, report.unchanged) == (0, 1)
    assert Embed.objects.count() == 2


def test_a_dry_run_creates_no_embed(tmp_path):
    import_records(read([export(tmp_path)]), dry_run=True)
    assert not Embed.objects.exists()


def test_the_page_of_an_imported_embed_shows_its_placeholder(tmp_path, client):
    import_records(read([export(tmp_path)]))
    page = client.get(Article.objects.get().get_absolute_url()).content.decode()
    assert page.count('class="embed__placeholder"') == 2
    assert 'href="https://x.com/BMKG/status/1790000000000000000"' in page


def test_fetch_embeds_asks_the_providers_when_the_operator_says_so(tmp_path, settings):
    server = OEmbedServer()
    try:
        settings.NEWSROOM_IMPORT_ALLOW_PRIVATE_URLS = True
        settings.NEWSROOM_EMBED_PROVIDERS = server.providers(settings.NEWSROOM_EMBED_PROVIDERS)
        call_command("import_articles", export(tmp_path), "--quiet", stdout=io.StringIO())
        assert not server.requests
        out = io.StringIO()
        call_command("import_articles", export(tmp_path), "--quiet", "--fetch-embeds", stdout=out)
    finally:
        server.stop()
    assert "2 embeds fetched." in out.getvalue()
    assert set(Embed.objects.values_list("title", flat=True)) == {"Banjir di Kampung Melayu"}
    assert all(embed.thumbnail_id for embed in Embed.objects.all())
