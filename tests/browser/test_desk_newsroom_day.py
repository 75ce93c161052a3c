"""A story's day at the desk, in Chromium at 1280 and 1024 px: written, lost with a closed
tab and restored, submitted, returned with a note, fixed, published; later reworked as an
unpublished change while readers keep the live text, then published."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from articles.models import Article, ArticleWorkingCopy, Notification
from tests.browser.helpers import log_in, watch_console
from tests.desk_helpers import make_editor, make_writer
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db(transaction=True)

# Screenshots of the desk for a closing note, when asked for: NEWSROOM_SCREENSHOTS=folder.
SCREENS = (
    Path(os.environ.get("NEWSROOM_SCREENSHOTS", ""))
    if os.environ.get("NEWSROOM_SCREENSHOTS")
    else None
)
TITLE = "Nelayan Cilacap Pulang Membawa Tuna"
NEW_TITLE = "Nelayan Cilacap Panen Tuna Terbesar Tahun Ini"
NOTE = "Tambahkan kutipan dari syahbandar dan sebutkan jumlah kapal."
FIX = " Syahbandar mencatat 42 kapal merapat."


def no_sideways_scroll(page):
    widths = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert widths[0] <= widths[1], (page.url, widths)


def queue(page, key):
    return page.locator(f"section[aria-labelledby=queue-{key}]").inner_text()


def screenshot(page, name):
    if SCREENS is not None:
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / name))


@pytest.mark.parametrize("width", [1280, 1024])
def test_a_storys_day_from_first_draft_to_a_reworked_live_version(new_page, width):
    make_writer("penulis")
    editor_user = make_editor("redaktur")
    get_user_model().objects.filter(pk=editor_user.pk).update(email="redaktur@redaksi.test")

    # The writer starts the story; the tab closes before any save.
    lost = watch_console(new_page(width=width))
    log_in(lost, "penulis")
    lost.goto("/admin/articles/article/add/")
    lost.locator("#id_title").press_sequentially(TITLE)
    lost.fill("#id_lead", "Hasil tangkapan melimpah setelah cuaca membaik.")
    lost.locator(".prose-editor [contenteditable=true]").click()
    lost.keyboard.type("Puluhan kapal merapat di Pelabuhan Perikanan Samudera Cilacap.")
    with lost.expect_response("**/admin/articles/article/add/autosave/", timeout=20_000) as sent:
        pass
    assert sent.value.ok
    lost.close()

    # Back again: the autosave is restored, then submitted for review.
    writer = watch_console(new_page(width=width))
    log_in(writer, "penulis")
    writer.goto("/admin/articles/article/add/")
    writer.locator(".desk-autosave-offer a.button").click()
    writer.wait_for_url("**/add/?pulihkan=1")
    assert writer.input_value("#id_title") == TITLE
    no_sideways_scroll(writer)
    writer.click("input[name=_submit_review]")
    writer.wait_for_url("**/admin/articles/article/")
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.REVIEW
    run_tasks()
    assert [message.to for message in mail.outbox] == [["redaktur@redaksi.test"]]

    # The editor finds it in the queue and in the notifications, and returns it with a note.
    editor = watch_console(new_page(width=width))
    log_in(editor, "redaktur")
    assert TITLE in queue(editor, "review")
    assert editor.locator(".desk-notifications-link .desk-count").is_visible()
    no_sideways_scroll(editor)
    if width == 1280:
        screenshot(editor, "journey-dashboard-1280.png")
    editor.click(".desk-notifications-link")
    editor.locator(".desk-notification-list a", has_text=TITLE).click()
    editor.wait_for_url(f"**/admin/articles/article/{article.pk}/change/")
    editor.fill("#id_note", NOTE)
    editor.click("input[name=_return_with_note]")
    editor.wait_for_url("**/admin/articles/article/")
    assert Article.objects.get(pk=article.pk).status == Article.Status.DRAFT

    # The writer sees it returned, reads the note, fixes the story and submits it again.
    writer.goto("/admin/")
    assert TITLE in queue(writer, "returned")
    writer.goto(f"/admin/articles/article/{article.pk}/change/")
    assert NOTE in writer.locator(".field-notes_so_far").inner_text()
    body = writer.locator(".prose-editor [contenteditable=true]")
    body.click()
    writer.keyboard.press("Control+End")
    writer.keyboard.type(FIX)
    writer.click("input[name=_submit_review]")
    writer.wait_for_url("**/admin/articles/article/")
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW

    # The editor publishes it; the writer is told.
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    editor.select_option("#id_status", "published")
    editor.click("input[name=_save]")
    editor.wait_for_url("**/admin/articles/article/")
    article = Article.objects.get(pk=article.pk)
    assert article.is_public and "42 kapal" in article.body
    assert (
        Notification.objects.filter(
            kind=Notification.Kind.PUBLISHED, recipient__username="penulis"
        ).count()
        == 1
    )
    no_sideways_scroll(editor)
    if width == 1280:
        screenshot(editor, "journey-article-list-1280.png")
    reader = watch_console(new_page(width=width))
    reader.goto(article.get_absolute_url())
    assert reader.get_by_role("heading", level=1).inner_text() == TITLE

    # Later the editor reworks the live story as an unpublished change.
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    editor.fill("#id_title", NEW_TITLE)
    with editor.expect_navigation():
        editor.click("input[name=_working_copy]")
    assert editor.locator(".desk-working-copy").is_visible()
    assert editor.input_value("#id_title") == NEW_TITLE
    assert ArticleWorkingCopy.objects.filter(article=article).exists()
    still = watch_console(new_page(width=width))
    still.goto(article.get_absolute_url())
    assert still.get_by_role("heading", level=1).inner_text() == TITLE
    editor.goto(f"/pratinjau/{article.pk}/perubahan/")
    assert editor.get_by_role("heading", level=1).inner_text() == NEW_TITLE

    # Published, the change is what readers see.
    editor.goto(f"/admin/articles/article/{article.pk}/change/")
    with editor.expect_navigation():
        editor.click("input[name=_publish_change]")
    assert not ArticleWorkingCopy.objects.filter(article=article).exists()
    after = watch_console(new_page(width=width))
    after.goto(article.get_absolute_url())
    assert after.get_by_role("heading", level=1).inner_text() == NEW_TITLE

    for page in [writer, editor, reader, still, after]:
        assert page.dialogs == [] and page.csp_errors == []
