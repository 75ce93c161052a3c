"""Hostile HTML pasted into the body editor never runs, in the desk or on the site."""

import pytest

from articles.models import Article
from tests.desk_helpers import make_editor

pytestmark = pytest.mark.django_db(transaction=True)

PASTED = (
    "<p>Awal berita.</p>"
    "<img src=x onerror=alert(1)>"
    '<p><a href="javascript:alert(2)">Klik di sini</a> untuk hadiah.</p>'
    '<p onmouseover="alert(3)">Akhir berita.</p>'
)
PASTE = """([selector, html]) => {
    const target = document.querySelector(selector);
    target.focus();
    const data = new DataTransfer();
    data.setData("text/html", html);
    data.setData("text/plain", "");
    const paste = {clipboardData: data, bubbles: true, cancelable: true};
    target.dispatchEvent(new ClipboardEvent("paste", paste));
}"""


def test_pasted_script_html_opens_no_dialog_in_the_desk_or_on_the_site(new_page):
    make_editor("redaktur")
    desk = new_page()
    desk.goto("/admin/login/")
    desk.fill("#id_username", "redaktur")
    desk.fill("#id_password", "rahasia-uji-123")
    desk.click("input[type=submit]")
    desk.wait_for_url("**/admin/")

    desk.goto("/admin/articles/article/add/")
    desk.locator("#id_title").press_sequentially("Hadiah <img src=x onerror=alert(4)>")
    desk.wait_for_selector(".prose-editor [contenteditable=true]")
    desk.evaluate(PASTE, [".prose-editor [contenteditable=true]", PASTED])
    assert "Klik di sini" in desk.input_value("textarea[name=body]")
    desk.select_option("#id_status", "published")
    desk.click("input[name=_continue]")
    desk.wait_for_url("**/change/")
    desk.locator(".prose-editor").hover()

    article = Article.objects.get()
    reader = new_page()
    reader.goto(article.get_absolute_url())
    reader.get_by_text("Akhir berita.").hover()
    reader.get_by_text("Klik di sini").click()
    reader.wait_for_load_state()

    assert "javascript:" not in article.body and "onerror" not in article.body
    assert reader.get_by_role("heading", level=1).inner_text() == article.title
    assert desk.dialogs == []
    assert reader.dialogs == []
