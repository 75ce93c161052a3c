import pytest

from articles.models import RelatedLink
from tests.helpers import make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db(transaction=True)

LONG_WORD = "Pemberitahuanpenyelenggaraanpemilihanumumkepaladaerahserentak"


@pytest.fixture
def newsroom():
    nasional = make_section(name="Nasional", slug="nasional")
    banjir = make_tag(name="Banjir", slug="banjir")
    followed = make_article(
        title="Tanggul Darurat Dibangun di Pluit",
        section=nasional,
        tags=[banjir],
        body="<p>Pekerja membangun tanggul darurat sepanjang dua kilometer.</p>",
    )
    first = make_article(
        title="Banjir Rendam Jakarta Utara",
        section=nasional,
        tags=[banjir],
        featured_image=make_image(),
        body=(
            "<p>Air mulai naik sejak subuh.</p><p>Ratusan warga mengungsi.</p>"
            f"<p>{LONG_WORD} di tengah bencana.</p>"
        ),
    )
    RelatedLink.objects.create(article=first, position=1, target=followed)
    return first, followed


def assert_fits(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px"


def test_reader_goes_from_home_through_section_article_baca_juga_and_tag_to_search(
    new_page, newsroom
):
    first, followed = newsroom
    for width in (1280, 375):
        page = new_page(width=width, height=800)
        page.goto("/")
        assert_fits(page)

        page.get_by_role("navigation", name="Rubrik").get_by_role("link", name="Nasional").click()
        page.wait_for_url("**/rubrik/nasional/")
        assert page.get_by_role("heading", level=1).inner_text() == "Nasional"
        assert_fits(page)

        page.get_by_role("link", name=first.title).click()
        page.wait_for_url(f"**{first.get_absolute_url()}")
        box = page.locator(".baca-juga")
        assert box.get_by_text("Baca Juga").is_visible()
        assert_fits(page)

        box.get_by_role("link", name=followed.title).click()
        page.wait_for_url(f"**{followed.get_absolute_url()}")
        assert page.get_by_role("heading", level=1).inner_text() == followed.title

        page.get_by_role("navigation", name="Tag").get_by_role("link", name="Banjir").click()
        page.wait_for_url("**/tag/banjir/")
        assert page.get_by_role("link", name=first.title).first.is_visible()
        assert_fits(page)

        page.get_by_role("searchbox", name="Cari berita").first.fill("tanggul darurat")
        page.keyboard.press("Enter")
        page.wait_for_url("**/cari/?q=*")
        results = page.locator(".result")
        assert results.count() == 1
        assert results.first.get_by_role("link").inner_text() == followed.title
        assert results.first.locator("mark").count() >= 1
        assert_fits(page)
        assert page.dialogs == []


def test_reader_switches_the_article_page_to_english_and_back(page, newsroom):
    first, _followed = newsroom
    page.goto(first.get_absolute_url())
    assert page.locator("html").get_attribute("lang") == "id"

    page.get_by_role("link", name="Bahasa:").click()
    page.get_by_label("English").check()
    page.get_by_role("button", name="Gunakan bahasa ini").click()

    page.wait_for_url(f"**{first.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator(".baca-juga__label").inner_text().lower() == "read also"

    page.get_by_role("link", name="Language:").click()
    page.get_by_label("Bahasa Indonesia").check()
    page.get_by_role("button", name="Use this language").click()

    page.wait_for_url(f"**{first.get_absolute_url()}")
    assert page.locator("html").get_attribute("lang") == "id"
    assert page.locator(".baca-juga__label").inner_text().lower() == "baca juga"
