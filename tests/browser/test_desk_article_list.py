"""The desk's article list in Chromium at the widths editors work at: every column fits
(no sideways scrolling), the headline is the widest, the status a label with its text."""

import os
from pathlib import Path

import pytest

from articles.models import Article
from tests.browser.helpers import build_checked_site, log_in, watch_console
from tests.desk_helpers import make_editor
from tests.helpers import make_article

pytestmark = pytest.mark.django_db(transaction=True)

# Screenshots of the desk for a closing note, when asked for: NEWSROOM_SCREENSHOTS=folder.
SCREENS = (
    Path(os.environ.get("NEWSROOM_SCREENSHOTS", ""))
    if os.environ.get("NEWSROOM_SCREENSHOTS")
    else None
)
LONG_TITLE = (
    "Pemerintah Provinsi Kalimantan Timur Menyiapkan Relokasi Ribuan Warga Bantaran Sungai "
    "Mahakam Menjelang Musim Hujan yang Diperkirakan Lebih Panjang"
)


@pytest.mark.parametrize("width", [1280, 1024])
def test_every_column_of_the_article_list_fits(new_page, width):
    build_checked_site()
    make_article(title=LONG_TITLE, status=Article.Status.REVIEW, published_at=None)
    make_editor("redaktur")
    page = watch_console(new_page(width=width, height=900))
    log_in(page, "redaktur")

    page.goto("/admin/articles/article/?o=-6")

    overflow = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert overflow[0] <= overflow[1], overflow
    table = page.locator("#result_list")
    table_box, view = table.bounding_box(), page.viewport_size
    assert table_box["x"] + table_box["width"] <= view["width"]
    widths = page.evaluate(
        """() => Array.from(document.querySelectorAll('#result_list thead th'))
              .map(th => [th.className, th.getBoundingClientRect().width])"""
    )
    title_width = next(w for name, w in widths if "column-title" in name)
    assert title_width == max(w for _name, w in widths)
    assert title_width >= 0.35 * table_box["width"]
    # A headline of twenty words wraps to a few lines, never to a word a line.
    lines = page.evaluate(
        """() => {
            const link = [...document.querySelectorAll('#result_list .field-title a')]
                .find(a => a.textContent.includes('Relokasi Ribuan Warga'));
            const height = link.getBoundingClientRect().height;
            return height / parseFloat(getComputedStyle(link).lineHeight);
        }"""
    )
    assert lines <= 6
    label = page.locator(".desk-label--review").first
    assert label.inner_text().strip() != ""  # the status says itself, not only a colour
    assert page.locator("td.field-thumbnail img").count() >= 1
    assert page.csp_errors == []
    if SCREENS is not None:
        SCREENS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENS / f"article-list-{width}.png"))
    # The desk's home over the same newsroom fits too.
    page.goto("/admin/")
    overflow = page.evaluate(
        "() => [document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
    )
    assert overflow[0] <= overflow[1], overflow
    if SCREENS is not None:
        page.screenshot(path=str(SCREENS / f"dashboard-{width}.png"), full_page=True)
