"""Feeds and structured data credit an article's authors in the order of its byline."""

import json
import re

import feedparser
import pytest

from tests.helpers import make_article, make_author

pytestmark = pytest.mark.django_db

BYLINE = ["Citra Dewi", "Ani Lestari", "Budi Santoso"]


@pytest.fixture
def article():
    # Made in alphabetical order: neither their names nor their ids give the byline.
    authors = {
        name: make_author(name=name, slug=name.split()[0].lower()) for name in sorted(BYLINE)
    }
    article = make_article(title="Kabar bertiga", slug="kabar-bertiga")
    article.set_byline([authors[name] for name in BYLINE])
    make_article(title="Kabar lain").set_byline([authors["Budi Santoso"], authors["Ani Lestari"]])
    return article


def entry(client, url, title):
    feed = feedparser.parse(client.get(url).content)
    return next(item for item in feed.entries if item.title == title)


def test_rss_names_the_authors_in_byline_order(client, article):
    found = entry(client, "/feed/", article.title)

    assert [author.name for author in found.authors] == BYLINE


def test_atom_names_and_links_the_authors_in_byline_order(client, article):
    found = entry(client, "/feed/atom/", article.title)

    assert [author.name for author in found.authors] == BYLINE
    assert [author.href for author in found.authors] == [
        "http://testserver/penulis/citra/",
        "http://testserver/penulis/ani/",
        "http://testserver/penulis/budi/",
    ]


def test_structured_data_names_the_authors_in_byline_order(client, article):
    page = client.get(article.get_absolute_url()).content.decode()

    scripts = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    [news] = [data for data in map(json.loads, scripts) if data["@type"] == "NewsArticle"]
    assert [author["name"] for author in news["author"]] == BYLINE
    og_authors = re.findall(r'<meta property="article:author" content="([^"]+)"', page)
    assert og_authors == [
        "http://testserver/penulis/citra/",
        "http://testserver/penulis/ani/",
        "http://testserver/penulis/budi/",
    ]
