"""Autosave in Chromium: a writer types, the tab closes, the writer comes back and takes the
text back, then saves it."""

import pytest

from articles.models import Article, Autosave
from tests.browser.helpers import log_in, watch_console
from tests.desk_helpers import make_writer

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_writer_gets_back_what_a_closed_tab_lost(new_page):
    make_writer("penulis")
    writer = watch_console(new_page())
    log_in(writer, "penulis")
    writer.goto("/admin/articles/article/add/")
    writer.locator("#id_title").press_sequentially("Nelayan Cilacap Pulang Membawa Tuna")
    writer.fill("#id_lead", "Hasil tangkapan melimpah setelah cuaca membaik.")
    writer.locator(".prose-editor [contenteditable=true]").click()
    writer.keyboard.type("Puluhan kapal merapat di Pelabuhan Perikanan Samudera Cilacap.")
    with writer.expect_response("**/admin/articles/article/add/autosave/", timeout=20_000) as sent:
        pass
    assert sent.value.ok
    assert writer.locator("[data-desk-autosave]").inner_text().startswith("Tersimpan otomatis")
    writer.close()  # the tab is gone, nothing was saved
    assert Article.objects.count() == 0 and Autosave.objects.count() == 1

    again = watch_console(new_page())
    log_in(again, "penulis")
    again.goto("/admin/articles/article/add/")
    offer = again.locator(".desk-autosave-offer")
    assert "tersimpan otomatis pada" in offer.inner_text()
    offer.locator("a.button").click()
    again.wait_for_url("**/add/?pulihkan=1")
    assert again.input_value("#id_title") == "Nelayan Cilacap Pulang Membawa Tuna"
    assert "Pelabuhan Perikanan Samudera Cilacap" in again.locator(".prose-editor").inner_text()
    again.click("input[name=_save]")
    again.wait_for_url("**/admin/articles/article/")
    article = Article.objects.get()
    assert "Pelabuhan Perikanan Samudera Cilacap" in article.body
    assert Autosave.objects.count() == 0
    assert again.csp_errors == [] and writer.csp_errors == []
