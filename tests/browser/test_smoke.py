import pytest

from tests.helpers import make_article, make_section

pytestmark = pytest.mark.django_db(transaction=True)


def test_reader_opens_an_article_from_the_home_page(page, live_server):
    section = make_section(name="Nasional", slug="nasional")
    make_article(
        title="Warga Bandung Menanam Seribu Pohon",
        section=section,
        body="<p>Kegiatan dimulai pukul tujuh pagi.</p><p>Ratusan relawan ikut serta.</p>",
    )

    page.goto("/")
    page.get_by_role("link", name="Warga Bandung Menanam Seribu Pohon").first.click()

    page.wait_for_url("**/berita/**")
    assert page.get_by_role("heading", level=1).inner_text() == "Warga Bandung Menanam Seribu Pohon"
    assert page.get_by_text("Ratusan relawan ikut serta.").is_visible()
    assert page.dialogs == []
