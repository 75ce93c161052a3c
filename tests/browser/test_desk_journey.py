"""An article's way through the desk, in Chromium, with the admin in Indonesian."""

import pytest
from PIL import Image as PillowImage

from articles.models import Article
from tests.browser.helpers import log_in, watch_console
from tests.desk_helpers import make_editor, make_writer
from tests.helpers import make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True)

PARAGRAPHS = [
    "Ratusan warga berkumpul di tepi Sungai Cikapundung sejak pagi.",
    "Mereka membawa bibit pohon dari kelurahan masing-masing.",
    "Wali kota ikut menanam pohon pertama di dekat jembatan.",
    "Kegiatan serupa akan digelar lagi bulan depan.",
]


def choose_in_autocomplete(page, select_id, text):
    page.click(f"#{select_id} + .select2 .select2-selection")
    # One search at a time: the test server shares one SQLite connection between requests.
    page.wait_for_selector(".select2-results__option:not(.loading-results)")
    page.fill(".select2-container--open .select2-search__field", text)
    page.click(f".select2-results__option:has-text('{text}')")


def record_dialogs(page):
    page.dialogs = []
    page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))


def test_writer_drafts_editor_publishes_reader_reads_editor_renames_and_restores(
    new_page, tmp_path
):
    make_writer("penulis")
    make_editor("redaktur")
    make_section(name="Daerah", slug="daerah")
    first = make_article(title="Sungai Cikapundung Kembali Jernih")
    second = make_article(title="Bibit Pohon Gratis untuk Warga")
    photo = tmp_path / "penanaman.jpg"
    PillowImage.new("RGB", (320, 200), (40, 120, 60)).save(photo, "JPEG")

    # The writer drafts the article, with a photo and two “Baca Juga” links, and submits it.
    writer = watch_console(new_page())
    log_in(writer, "penulis")
    writer.goto("/admin/articles/article/add/")
    assert writer.locator("html").get_attribute("lang") == "id"
    writer.locator("#id_title").press_sequentially("Warga Bandung Menanam Seribu Pohon")
    assert writer.input_value("#id_slug") == "warga-bandung-menanam-seribu-pohon"
    assert writer.locator("#id_title + .desk-counter").inner_text() == "34 / 90"
    writer.fill("#id_lead", "Ratusan warga menanam pohon di tepi sungai.")
    editor_area = writer.locator(".prose-editor [contenteditable=true]")
    editor_area.click()
    for number, text in enumerate(PARAGRAPHS):
        writer.keyboard.type(text)
        if number < len(PARAGRAPHS) - 1:
            writer.keyboard.press("Enter")
    assert writer.locator("[data-desk-paragraphs] li").count() == 4

    writer.context.on("page", record_dialogs)
    with writer.expect_popup() as popup_info:
        writer.click("#add_id_featured_image")
    popup = popup_info.value
    popup.set_input_files("#id_file", str(photo))
    popup.fill("#id_alt_text", "Warga menanam bibit pohon di tepi sungai")
    popup.click("input[name=_save]")
    popup.wait_for_event("close")
    assert "Warga menanam bibit" in writer.locator("#id_featured_image option:checked").inner_text()

    add_link = writer.locator("#related_links-group .add-row a")
    for row, (position, target) in enumerate([(1, first), (3, second)]):
        add_link.click()
        writer.fill(f"#id_related_links-{row}-position", str(position))
        choose_in_autocomplete(writer, f"id_related_links-{row}-target", target.title)
    writer.click("input[name=_submit_review]")
    writer.wait_for_url("**/admin/articles/article/")
    assert writer.locator(".messagelist .success").count() >= 1
    article = Article.objects.get(slug="warga-bandung-menanam-seribu-pohon")
    assert article.status == Article.Status.REVIEW

    # The editor publishes it from the list.
    editor = watch_console(new_page())
    log_in(editor, "redaktur")
    editor.goto("/admin/articles/article/?state=review")
    editor.check(f"input[name=_selected_action][value='{article.pk}']")
    editor.select_option("select[name=action]", "publish_now")
    editor.click("button[name=index]")
    editor.wait_for_selector(".messagelist .success")
    assert Article.objects.published().filter(pk=article.pk).exists()

    # A reader finds the links right after the paragraphs the writer chose.
    reader = watch_console(new_page())
    reader.goto("/berita/warga-bandung-menanam-seribu-pohon/")
    body = reader.locator(".article__body > p:not(.dateline), .article__body > aside")
    sequence = [
        "link" if tag == "ASIDE" else "paragraph"
        for tag in body.evaluate_all("nodes => nodes.map(node => node.tagName)")
    ]
    assert sequence == ["paragraph", "link", "paragraph", "paragraph", "link", "paragraph"]
    links = reader.locator(".article__body aside a")
    assert links.all_inner_texts() == [first.title, second.title]
    assert reader.get_by_role("img", name="Warga menanam bibit pohon di tepi sungai").is_visible()

    # The editor renames the address; the old one still leads readers to the article.
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    editor.fill("#id_slug", "seribu-pohon-untuk-bandung")
    editor.click("input[name=_save]")
    editor.wait_for_url("**/admin/articles/article/")
    reader.goto("/berita/warga-bandung-menanam-seribu-pohon/")
    assert reader.url.endswith("/berita/seribu-pohon-untuk-bandung/")

    # The editor restores the version before the rename.
    editor.goto(f"/admin/articles/article/{article.pk}/history/")
    editor.locator("#change-history tbody tr").nth(1).locator("th a").click()
    editor.click("input[name=_save]")
    editor.wait_for_url("**/admin/articles/article/")
    assert Article.objects.get(pk=article.pk).slug == "warga-bandung-menanam-seribu-pohon"
    # A new reader: browsers keep permanent redirects, and the first reader's points back.
    later_reader = watch_console(new_page())
    later_reader.goto("/berita/seribu-pohon-untuk-bandung/")
    assert later_reader.url.endswith("/berita/warga-bandung-menanam-seribu-pohon/")
    assert later_reader.get_by_role("heading", level=1).inner_text() == article.title

    for page in [writer, popup, editor, reader, later_reader]:
        assert page.dialogs == []
    for page in [writer, editor, reader, later_reader]:
        assert page.csp_errors == []
