"""Labels readers see on every surface (cards, article page, search, feeds), the unverified
flag, and sponsored content marked so for search engines."""

import feedparser
import pytest
from django.db import IntegrityError, transaction
from django.utils import translation
from lxml import html as lxml_html

from articles.models import Article, RelatedLink
from tests.helpers import make_article, make_section

pytestmark = pytest.mark.django_db

Kind = Article.Kind
LINK = '<p>Kunjungi <a href="https://toko.example.id/promo">toko kami</a>.</p>'


def label_of(kind):
    with translation.override("id"):
        return str(Kind(kind).label)


def unverified_label():
    with translation.override("id"):
        return translation.gettext("Unverified")


@pytest.fixture
def section():
    return make_section(name="Ekonomi", slug="ekonomi")


@pytest.fixture
def articles(section):
    """One published article of each type, in the Ekonomi section."""
    return {
        kind: make_article(
            title=f"Artikel jenis {kind}", slug=f"jenis-{kind}", kind=kind, section=section
        )
        for kind in Kind.values
    }


def labels_on(tree, article):
    """The labels of the cards or search results that link to `article` (all alike)."""
    found = []
    for link in tree.xpath(f'//a[@href="{article.get_absolute_url()}"]'):
        holder = next(e for e in link.iterancestors() if e.tag in ("article", "li"))
        found.append([span.get("class") for span in holder.find_class("label")])
    assert found
    assert all(labels == found[0] for labels in found)
    return found[0]


def parse(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200, url
    return lxml_html.fromstring(response.content)


@pytest.mark.parametrize("url", ["/", "/berita/", "/rubrik/ekonomi/"])
def test_cards_carry_the_type_label_and_news_carries_none(client, articles, url):
    tree = parse(client, url)

    for kind, article in articles.items():
        expected = [] if kind == Kind.NEWS else [f"label label--{kind}"]
        assert labels_on(tree, article) == expected, kind


def test_search_results_carry_the_label(client, articles):
    tree = parse(client, "/cari/", q="jenis")

    assert labels_on(tree, articles[Kind.OPINION]) == ["label label--opinion"]
    assert labels_on(tree, articles[Kind.NEWS]) == []


@pytest.mark.parametrize("kind", [k for k in Kind.values if k != Kind.NEWS])
def test_the_article_page_shows_its_label(client, articles, kind):
    tree = parse(client, articles[kind].get_absolute_url())

    [label] = tree.find_class(f"label--{kind}")
    assert label.text_content() == label_of(kind)
    assert label.getparent().getparent().tag == "header"


@pytest.mark.parametrize("url", ["/feed/", "/feed/atom/", "/rubrik/ekonomi/feed/"])
def test_feed_items_open_their_title_with_the_label(client, articles, url):
    feed = feedparser.parse(client.get(url).content)

    titles = {entry.link.rsplit("/", 2)[-2]: entry for entry in feed.entries}
    for kind in Kind.values:
        entry = titles[f"jenis-{kind}"]
        terms = [tag.term for tag in entry.tags]
        if kind == Kind.NEWS:
            assert entry.title == f"Artikel jenis {kind}"
            assert terms[0] == "Ekonomi"
        else:
            assert entry.title == f"[{label_of(kind)}] Artikel jenis {kind}"
            assert terms[:2] == [label_of(kind), "Ekonomi"]


def test_an_unverified_article_is_flagged_everywhere_while_the_flag_is_set(client, section):
    article = make_article(title="Kabar belum pasti", unverified=True, section=section)

    assert labels_on(parse(client, "/"), article) == ["label label--unverified"]
    page = parse(client, article.get_absolute_url())
    assert page.find_class("label--unverified")[0].text_content() == unverified_label()
    assert page.find_class("unverified-notice")
    [entry] = feedparser.parse(client.get("/feed/").content).entries
    assert entry.title == f"[{unverified_label()}] Kabar belum pasti"

    Article.objects.filter(pk=article.pk).update(unverified=False)

    assert not parse(client, article.get_absolute_url()).find_class("unverified-notice")
    assert labels_on(parse(client, "/"), article) == []


def test_sponsored_links_are_marked_sponsored_where_readers_and_crawlers_meet_them(client):
    sponsored = make_article(title="Promo Akhir Tahun", kind=Kind.SPONSORED, body=LINK)
    RelatedLink.objects.create(article=sponsored, url="https://toko.example.id/", title="Toko")

    assert 'rel="sponsored noopener noreferrer"' in Article.objects.get(pk=sponsored.pk).body
    page = parse(client, sponsored.get_absolute_url())
    [body_link] = page.xpath('//div[@class="article__body"]//p/a')
    assert "sponsored" in body_link.get("rel").split()
    [box_link] = page.find_class("baca-juga")[0].findall(".//a")
    assert "sponsored" in box_link.get("rel").split()
    [entry] = feedparser.parse(client.get("/feed/").content).entries
    assert 'rel="sponsored noopener noreferrer"' in entry.content[0].value


def test_sponsored_marks_follow_the_type_even_for_bodies_stored_before(client):
    article = make_article(title="Advertorial lama", kind=Kind.SPONSORED)
    Article.objects.filter(pk=article.pk).update(body=LINK)

    page = parse(client, article.get_absolute_url())

    [link] = page.xpath('//div[@class="article__body"]//p/a')
    assert "sponsored" in link.get("rel").split()


def test_news_links_are_not_marked_sponsored(client):
    article = make_article(body=LINK)

    page = parse(client, article.get_absolute_url())

    [link] = page.xpath('//div[@class="article__body"]//p/a')
    assert "sponsored" not in link.get("rel").split()


def test_changing_the_type_away_from_sponsored_drops_the_mark():
    article = make_article(kind=Kind.SPONSORED, body=LINK)
    article.kind = Kind.OPINION

    article.save()

    assert "sponsored" not in Article.objects.get(pk=article.pk).body


def test_the_database_accepts_only_known_types():
    article = make_article()

    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(kind="gosip")
