"""Readers see each byline in the order the editor set, on list pages and article pages."""

import re

import pytest

from tests.helpers import make_article, make_author, make_section

pytestmark = pytest.mark.django_db

ORDERS = [
    ["Citra Dewi", "Ani Lestari", "Budi Santoso"],
    ["Budi Santoso", "Citra Dewi", "Ani Lestari"],
    ["Ani Lestari", "Citra Dewi", "Budi Santoso"],
    ["Citra Dewi", "Budi Santoso", "Ani Lestari"],
]


@pytest.fixture
def section_with_bylines():
    """A section of four articles by the same three authors, each in another order."""
    section = make_section(name="Nasional", slug="nasional")
    authors = {name: make_author(name=name) for name in sorted({n for o in ORDERS for n in o})}
    articles = []
    for number, order in enumerate(ORDERS):
        article = make_article(title=f"Kabar bersama {number}", section=section)
        article.set_byline([authors[name] for name in order])
        articles.append(article)
    return section, articles


def test_a_list_page_shows_every_byline_in_its_order_once(client, section_with_bylines):
    section, _articles = section_with_bylines

    page = client.get(section.get_absolute_url()).content.decode()

    for order in ORDERS:
        assert page.count(", ".join(order)) == 1, order
    # No author is repeated within a byline (a doubled join would repeat them).
    assert "Ani Lestari, Ani Lestari" not in page


def test_the_front_page_cards_show_bylines_in_their_order(client, section_with_bylines):
    page = client.get("/").content.decode()

    assert all(", ".join(order) in page for order in ORDERS)


def test_the_article_page_credits_the_first_author_first(client, section_with_bylines):
    _section, articles = section_with_bylines

    for article, order in zip(articles, ORDERS, strict=True):
        page = client.get(article.get_absolute_url()).content.decode()
        byline = re.search(r"Oleh (.*?)</span>", page).group(1)
        assert re.findall(r'<a href="/penulis/[^"]+/">([^<]+)</a>', byline) == order
