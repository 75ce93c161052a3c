"""The desk's embeds (pasted in the admin or from the body editor) and live updates."""

import pytest

from articles.models import Embed, Image, LiveReport, LiveUpdate
from tests.desk_helpers import change_url, read_in_english
from tests.helpers import make_article

pytestmark = pytest.mark.django_db

PASTE_URL = "/admin/articles/embed/paste/"
EMBED_ADD_URL = "/admin/articles/embed/add/"
UPDATE_ADD_URL = "/admin/articles/liveupdate/add/"


@pytest.fixture
def desk(editor_client):
    return read_in_english(editor_client)


def test_pasting_an_address_in_the_body_editor_gives_our_embed(desk, provider_mode):
    answer = desk.post(PASTE_URL, {"url": " https://youtu.be/dQw4w9WgXcQ "}).json()
    embed = Embed.objects.get()
    assert answer == {
        "id": embed.pk,
        "title": "Banjir di Kampung Melayu",
        "provider": "YouTube",
        "url": "https://youtu.be/dQw4w9WgXcQ",
    }
    # The same address again is the same embed, asked of nobody.
    assert desk.post(PASTE_URL, {"url": "https://youtu.be/dQw4w9WgXcQ"}).json()["id"] == embed.pk
    assert Embed.objects.count() == 1 and Image.objects.count() == 1


def test_a_refused_address_is_said_so_and_nothing_is_stored(desk, provider_mode):
    refused = desk.post(PASTE_URL, {"url": "https://vimeo.com/123"})
    assert refused.status_code == 400
    assert refused.json()["error"].startswith("This address cannot be embedded")
    provider_mode("malformed")
    broken = desk.post(PASTE_URL, {"url": "https://youtu.be/dQw4w9WgXcQ"})
    assert "YouTube's oEmbed answer could not be used" in broken.json()["error"]
    assert not Embed.objects.exists()


def test_readers_cannot_paste(client, provider_mode):
    response = client.post(PASTE_URL, {"url": "https://youtu.be/dQw4w9WgXcQ"})
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert not Embed.objects.exists()


def test_the_embed_admin_resolves_a_pasted_address_or_says_why_not(desk, provider_mode):
    refused = desk.post(EMBED_ADD_URL, {"url": "https://example.com/video"})
    assert "This address cannot be embedded" in refused.content.decode()
    provider_mode("private")
    private = desk.post(EMBED_ADD_URL, {"url": "https://www.tiktok.com/@bmkg/video/123"})
    assert "169.254.169.254 is a private" in private.content.decode()
    assert not Embed.objects.exists() and not Image.objects.exists()
    provider_mode("ok")
    added = desk.post(EMBED_ADD_URL, {"url": "https://www.tiktok.com/@bmkg/video/123"})
    assert added.status_code == 302
    embed = Embed.objects.get()
    assert (embed.provider, embed.title, embed.thumbnail.credit) == (
        "tiktok",
        "Banjir di Kampung Melayu",
        "TikTok",
    )


def test_an_article_body_keeps_an_embed_inserted_by_the_editor(desk, provider_mode):
    embed_id = desk.post(PASTE_URL, {"url": "https://youtu.be/dQw4w9WgXcQ"}).json()["id"]
    article = make_article(body=f'<p>Pembuka.</p><figure data-embed="{embed_id}"></figure>')
    assert article.body.endswith(f'<figure data-embed="{embed_id}"></figure>')
    page = desk.get(change_url(article)).content.decode()
    assert 'data-embed-paste-url="/admin/articles/embed/paste/"' in page
    assert "embed-node.js" in page or "body-editor.js" in page


def test_an_editor_adds_live_updates_from_a_compact_form(desk, editor, provider_mode):
    article = make_article(title="Hitung Cepat Pilkada")
    LiveReport.objects.create(article=article)
    assert (
        f"{UPDATE_ADD_URL}?article={article.pk}" in desk.get(change_url(article)).content.decode()
    )
    form = desk.get(UPDATE_ADD_URL, {"article": article.pk}).content.decode()
    assert f'<option value="{article.pk}" selected>' in form
    response = desk.post(
        UPDATE_ADD_URL,
        {
            "article": article.pk,
            "title": "TPS pertama selesai",
            "body": "Suara sah 250.\n\nPartisipasi 80 persen.",
            "pinned": "on",
            "embed_url": "https://x.com/KPU_ID/status/1790000000000000000",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == f"{UPDATE_ADD_URL}?article={article.pk}"
    update = LiveUpdate.objects.get()
    assert update.body == "<p>Suara sah 250.</p><p>Partisipasi 80 persen.</p>"
    assert (update.pinned, update.created_by, update.embed.provider) == (True, editor, "x")
    again = desk.get(response["Location"]).content.decode()
    assert "TPS pertama selesai" in again  # listed under the form


def test_an_empty_update_or_a_refused_embed_is_not_added(desk, provider_mode):
    article = make_article()
    LiveReport.objects.create(article=article)
    empty = desk.post(UPDATE_ADD_URL, {"article": article.pk, "title": "", "body": ""})
    assert "An update needs a title, a text, an image or an embed." in empty.content.decode()
    refused = desk.post(
        UPDATE_ADD_URL, {"article": article.pk, "body": "Teks", "embed_url": "https://vimeo.com/1"}
    )
    assert "This address cannot be embedded" in refused.content.decode()
    assert not LiveUpdate.objects.exists()


def test_a_closed_report_takes_no_new_update(desk):
    article = make_article()
    LiveReport.objects.create(article=article).close()
    response = desk.post(UPDATE_ADD_URL, {"article": article.pk, "body": "Terlambat"})
    assert "Select a valid choice" in response.content.decode()
    assert not LiveUpdate.objects.exists()


def test_an_update_is_corrected_as_the_text_it_was_typed(desk):
    article = make_article()
    LiveReport.objects.create(article=article)
    update = LiveUpdate.objects.create(
        article=article, body="<p>Suhu &lt; 30 derajat.</p><p>Hujan reda.</p>"
    )
    url = f"/admin/articles/liveupdate/{update.pk}/change/"
    form = desk.get(url).content.decode()
    assert "Suhu &lt; 30 derajat.\n\nHujan reda.</textarea>" in form
    desk.post(url, {"article": article.pk, "body": "Suhu < 31 derajat.\n\nHujan reda."})
    update.refresh_from_db()
    assert update.body == "<p>Suhu &lt; 31 derajat.</p><p>Hujan reda.</p>"
