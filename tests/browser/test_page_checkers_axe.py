"""Every kind of page readers see has no violation axe-core finds in Chromium, on a desktop
screen and on a phone 375 px wide."""

import pytest

from tests.browser.helpers import build_checked_site

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_checker_reports_what_is_inaccessible(page, axe):
    page.set_content(
        '<!doctype html><html lang="id"><head><title>Uji</title></head><body><main>'
        '<h1>Uji</h1><img src="data:,"><p style="font-size: 10px; line-height: 1">'
        '<a href="/a">satu</a><br><a href="/b">dua</a></p></main></body></html>'
    )
    assert [line.split(" ")[0] for line in axe(page)] == ["image-alt", "target-size"]


@pytest.mark.parametrize("width", [1280, 375], ids=["desktop", "phone"])
def test_every_page_type_has_no_accessibility_violation(new_page, axe, width):
    pages = build_checked_site()
    page = new_page(width=width, height=900)
    found = {}
    for name, (url, status) in pages.items():
        response = page.goto(url)
        assert response.status == status, name
        violations = axe(page)
        if violations:
            found[name] = violations
    assert found == {}, "\n".join(
        f"{name}: {line}" for name, lines in found.items() for line in lines
    )
