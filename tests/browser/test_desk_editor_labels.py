"""The body editor speaks the desk's language: every label of its toolbar and dialogs is
one the desk translates (desk/editor_labels.py), none left in the editor's English."""

import pytest
from django.utils import translation

from desk import editor_labels
from desk.editor_labels import labels
from desk.pictures import picture_dialog
from tests.browser.helpers import log_in, watch_console
from tests.desk_helpers import make_editor

pytestmark = pytest.mark.django_db(transaction=True)

SHOWN = """() => {
  const shown = new Set();
  const labelled = '.prose-editor [title], .prose-editor [aria-label]';
  for (const element of document.querySelectorAll(labelled)) {
    for (const name of ['title', 'aria-label']) {
      if (element.getAttribute(name)) shown.add(element.getAttribute(name));
    }
  }
  for (const option of document.querySelectorAll('.prose-menubar__option > *')) {
    shown.add(option.textContent.trim());
  }
  for (const dialog of document.querySelectorAll('dialog[open]')) {
    for (const element of dialog.querySelectorAll('label, button, legend, h2, h3, option')) {
      const text = [...element.childNodes]
        .filter(node => node.nodeType === Node.TEXT_NODE)
        .map(node => node.textContent.trim()).join(' ').trim();
      if (text) shown.add(text);
    }
  }
  return [...shown];
}"""


def test_the_toolbar_and_dialogs_read_in_the_desks_language(new_page):
    make_editor("redaktur")
    page = watch_console(new_page())
    log_in(page, "redaktur")
    page.goto("/admin/articles/article/add/")
    page.wait_for_selector(".prose-menubar")
    with translation.override("id"):
        wanted = labels()
        # Our own extensions' words (the picture dialog, "insert embed"), translated with ours.
        ours = {*picture_dialog()["strings"].values(), translation.gettext("Insert embed")}
    shown = set(page.evaluate(SHOWN))

    editor = page.locator(".prose-editor [contenteditable=true]")
    editor.click()
    page.keyboard.type("Tautan ke sumber")
    page.keyboard.press("Control+A")
    page.locator(".prose-menubar__button[data-name=link]").click()
    page.wait_for_selector("dialog[open]")
    shown |= set(page.evaluate(SHOWN))
    page.keyboard.press("Escape")
    page.locator(".prose-menubar__button[data-name=table]").click()
    page.wait_for_selector("dialog[open]")
    shown |= set(page.evaluate(SHOWN))

    assert len(shown) > 20
    assert shown - set(wanted.values()) - ours == set()
    assert (
        page.locator(".prose-menubar__button[data-name=bold]").get_attribute("title")
        == (wanted["bold"])
    )
    assert page.csp_errors == []


def test_each_label_is_replaced_and_the_editor_still_works(new_page, monkeypatch):
    # Labels that differ from the English whatever the catalog holds: each one must show.
    with translation.override("id"):
        marked = {english: f"«{english}»" for english in labels()}
    monkeypatch.setattr(editor_labels, "labels", lambda: marked)
    make_editor("redaktur")
    page = watch_console(new_page())
    log_in(page, "redaktur")
    page.goto("/admin/articles/article/add/")
    page.wait_for_selector(".prose-menubar")

    assert page.locator("[data-name=bold]").get_attribute("title") == "«bold»"
    assert page.locator("[data-name=bold]").get_attribute("aria-label") == "«bold»"
    page.locator(".prose-editor [contenteditable=true]").click()
    page.locator(".prose-menubar__button[data-name=table]").click()
    dialog = page.locator("dialog[open]")
    assert "«Rows»" in dialog.inner_text() and "«Table Properties»" in dialog.inner_text()
    dialog.locator("select").select_option(label="«Yes»")
    dialog.locator("button", has_text="«Insert Table»").click()

    page.wait_for_selector(".prose-editor table th")  # “Yes” still means a header row
    assert page.csp_errors == []
