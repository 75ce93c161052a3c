"""Embeds and live reports in Chromium: the player loads only after a click; a reader sees a
new update without reloading; an editor inserts an embed and adds three live updates."""

from urllib.parse import urlsplit

import pytest

from articles.models import Embed, LiveReport, LiveUpdate
from articles.oembed import resolve
from tests.browser.helpers import log_in, watch_console
from tests.desk_helpers import make_editor
from tests.helpers import make_article

pytestmark = pytest.mark.django_db(transaction=True)


def origin(url):
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_player_loads_only_after_the_readers_click(page, provider_mode, oembed_server):
    embed = resolve(Embed(url="https://www.youtube.com/watch?v=dQw4w9WgXcQ"))
    article = make_article(body=f'<p>Banjir.</p><figure data-embed="{embed.pk}"></figure>')
    watch_console(page)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    oembed_server.requests.clear()
    page.goto(article.get_absolute_url())
    page.wait_for_load_state("networkidle")
    site = origin(page.url)
    assert [url for url in requested if origin(url) != site] == []
    assert oembed_server.requests == []
    assert page.locator("iframe").count() == 0
    assert page.locator(".embed__thumbnail").evaluate("img => img.complete && img.naturalWidth") > 0

    page.click(".embed__placeholder")
    frame = page.locator("iframe.embed__frame")
    frame.wait_for()
    page.wait_for_load_state("networkidle")
    elsewhere = [url for url in requested if origin(url) != site]
    assert elsewhere == [f"{oembed_server.url}/player/youtube/dQw4w9WgXcQ"]
    assert oembed_server.requests == ["/player/youtube/dQw4w9WgXcQ"]
    assert page.frame_locator("iframe.embed__frame").locator("p").inner_text() == "Pemutar"
    assert page.csp_errors == []


def test_without_javascript_the_placeholder_is_a_link_to_the_original(
    new_page, browser, live_server
):
    embed = Embed.objects.create(
        provider="x", url=f"{live_server.url}/x.com/BMKG/status/1", media_id="1"
    )
    article = make_article(body=f'<figure data-embed="{embed.pk}"></figure>')
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    try:
        reader = context.new_page()
        reader.goto(article.get_absolute_url())
        assert reader.locator(".embed__placeholder").get_attribute("href") == embed.url
    finally:
        context.close()


def test_a_reader_sees_a_new_update_without_reloading(page, settings):
    settings.NEWSROOM_LIVE_POLL_SECONDS = 1
    article = make_article(title="Gempa Cianjur: Laporan Langsung")
    report = LiveReport.objects.create(article=article)
    LiveUpdate.objects.create(article=article, title="Gempa 5,6 SR", body="<p>Pusat di darat.</p>")
    watch_console(page)
    page.goto(article.get_absolute_url())
    page.evaluate("window.stillTheSamePage = true")
    update = LiveUpdate.objects.create(
        article=article, title="Korban dievakuasi", body="<p>Tim SAR tiba.</p>"
    )
    page.locator(f"#{update.anchor}").wait_for(timeout=10_000)
    titles = page.locator(".live-update h3").all_inner_texts()
    assert titles == ["Korban dievakuasi", "Gempa 5,6 SR"]
    assert page.evaluate("window.stillTheSamePage") is True
    report.close()
    page.locator("[data-live-closed]").wait_for(timeout=10_000)
    assert page.csp_errors == []


def test_an_editor_inserts_an_embed_and_adds_three_live_updates(
    browser, live_server, provider_mode
):
    make_editor("redaktur")
    article = make_article(title="Hitung Cepat Pilkada", body="<p>Pembuka.</p>")
    LiveReport.objects.create(article=article)
    context = browser.new_context(base_url=live_server.url, locale="id-ID")
    try:
        editor = watch_console(context.new_page())
        addresses = iter(["https://vimeo.com/1", "https://youtu.be/dQw4w9WgXcQ"])
        messages = []

        def on_dialog(dialog):
            messages.append(dialog.message)
            if dialog.type == "prompt":
                dialog.accept(next(addresses))
            else:
                dialog.accept()

        editor.on("dialog", on_dialog)
        log_in(editor, "redaktur")
        editor.goto(f"/admin/articles/article/{article.pk}/change/")
        button = editor.locator(".prose-menubar button[title], .prose-menubar [title]").filter(
            has_text="smart_display"
        )
        button.first.click()  # a refused address: said so
        editor.wait_for_function("document.querySelector('.desk-embed') === null")
        button.first.click()
        editor.locator(".prose-editor figure.desk-embed").wait_for()
        assert "YouTube: Banjir di Kampung Melayu" in editor.locator(".desk-embed").inner_text()
        assert any("cannot be embedded" in message or "tidak" in message for message in messages)
        editor.click("input[name=_continue]")
        editor.wait_for_load_state()
        article.refresh_from_db()
        embed = Embed.objects.get()
        assert f'<figure data-embed="{embed.pk}"></figure>' in article.body

        editor.click(f"a[href='/admin/articles/liveupdate/add/?article={article.pk}']")
        for number in range(1, 4):
            editor.fill("#id_title", f"Pembaruan {number}")
            editor.fill("#id_body", f"Suara masuk {number * 10} persen.")
            editor.click("input[name=_save]")
            editor.locator(".messagelist").wait_for()
        assert list(LiveUpdate.objects.order_by("created_at").values_list("title", flat=True)) == [
            "Pembaruan 1",
            "Pembaruan 2",
            "Pembaruan 3",
        ]
        assert editor.locator(".desk-live__updates li").count() == 3
        assert editor.csp_errors == []
    finally:
        context.close()
