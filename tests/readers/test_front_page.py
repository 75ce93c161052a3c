"""The home page as editors arrange it, and the breaking-news banner on every page."""

import time
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.utils import timezone

from articles.models import Article, ArticleKind, BreakingNews, EditorsPick, FrontPage
from tests.helpers import make_article

pytestmark = pytest.mark.django_db


def headline_titles(response):
    return [article.title for article in response.context["headline"]]


def pick_titles(response):
    return [article.title for article in response.context["picks"]]


@pytest.fixture
def cached_for_readers(settings):
    """Fragments and pages kept as readers get them, so a change must reach them."""
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    caches["readers"].clear()
    yield
    caches["readers"].clear()


def test_without_a_chosen_headline_the_newest_news_article_leads_not_an_opinion(client):
    make_article(title="Berita Pagi", published_at=timezone.now() - timedelta(hours=3))
    make_article(title="Opini Terbaru", kind=ArticleKind.OPINION)

    response = client.get("/")

    assert headline_titles(response) == ["Berita Pagi"]
    assert "Opini Terbaru" in [article.title for article in response.context["latest"]]


def test_the_editors_headline_and_picks_lead_in_their_order(client):
    chosen = make_article(
        title="Berita Utama Pilihan", published_at=timezone.now() - timedelta(days=2)
    )
    first, second = make_article(title="Pilihan Kedua"), make_article(title="Pilihan Pertama")
    make_article(title="Yang Terbaru")
    front = FrontPage.load()
    front.headline = chosen
    front.save()
    EditorsPick.objects.create(front_page=front, article=first, position=2)
    EditorsPick.objects.create(front_page=front, article=second, position=1)

    response = client.get("/")

    assert headline_titles(response) == ["Berita Utama Pilihan"]
    assert pick_titles(response) == ["Pilihan Pertama", "Pilihan Kedua"]
    latest = [article.title for article in response.context["latest"]]
    assert latest == ["Yang Terbaru"]  # each article once on the page
    page = response.content.decode()
    assert (
        page.index("Berita Utama Pilihan")
        < page.index("Pilihan Editor")
        < page.index("Pilihan Pertama")
    )


def test_a_headline_and_a_pick_end_at_their_time_even_from_the_cache(client, cached_for_readers):
    make_article(title="Berita Terbaru")
    yesterday = timezone.now() - timedelta(days=1)
    chosen = make_article(title="Utama Sebentar", published_at=yesterday)
    picked = make_article(title="Pilihan Sebentar", published_at=yesterday)
    front = FrontPage.load()
    front.headline, front.headline_ends_at = chosen, timezone.now() + timedelta(seconds=1)
    front.save()
    EditorsPick.objects.create(
        front_page=front, article=picked, ends_at=timezone.now() + timedelta(seconds=1)
    )
    page = client.get("/").content.decode()
    assert "Utama Sebentar" in page.split('id="latest-heading"')[0]
    assert client.get("/").content.decode() == page  # kept

    _pass_the_kept_time()  # no save and no job: the time alone

    response = client.get("/")
    assert headline_titles(response) == ["Berita Terbaru"]
    assert pick_titles(response) == []


def _pass_the_kept_time():
    """Wait out the second the end times above were set to."""
    time.sleep(1.1)


def test_an_unpublished_or_taken_down_choice_never_shows(client, cached_for_readers):
    make_article(title="Berita Biasa")
    chosen, picked = make_article(title="Utama Diturunkan"), make_article(title="Pilihan Ditarik")
    front = FrontPage.load()
    front.headline = chosen
    front.save()
    EditorsPick.objects.create(front_page=front, article=picked)
    assert headline_titles(client.get("/")) == ["Utama Diturunkan"]

    chosen.taken_down_at, chosen.takedown_reason = timezone.now(), "Putusan Dewan Pers"
    chosen.save()
    picked.status = Article.Status.DRAFT
    picked.save()

    page = client.get("/").content.decode()
    assert "Utama Diturunkan" not in page and "Pilihan Ditarik" not in page
    assert "Berita Biasa" in page


def test_a_change_to_the_front_page_shows_at_once(client, cached_for_readers):
    make_article(title="Berita Terbaru")
    chosen = make_article(
        title="Kini Berita Utama", published_at=timezone.now() - timedelta(days=1)
    )
    client.get("/")

    front = FrontPage.load()
    front.headline = chosen
    front.save()

    assert headline_titles(client.get("/")) == ["Kini Berita Utama"]


def test_a_raised_banner_is_on_every_page_until_lowered(client, cached_for_readers):
    story = make_article(title="Gempa Guncang Sulawesi")
    pages = ["/", "/berita/", story.get_absolute_url(), "/indeks/"]
    for url in pages:
        assert 'class="breaking"' not in client.get(url).content.decode()

    banner = BreakingNews.objects.create(
        text="Gempa M7,2 di Sulawesi Tengah",
        article=story,
        ends_at=timezone.now() + timedelta(hours=2),
    )
    for url in pages:
        page = client.get(url).content.decode()
        assert 'class="breaking"' in page, url
        assert f'<a href="{story.get_absolute_url()}">Gempa M7,2 di Sulawesi Tengah</a>' in page

    banner.lower()
    for url in pages:
        assert 'class="breaking"' not in client.get(url).content.decode(), url


def test_a_banner_ends_by_itself_and_never_links_a_hidden_article(client, cached_for_readers):
    story = make_article(title="Banjir Bandang")
    BreakingNews.objects.create(
        text="Banjir bandang di Garut", article=story, ends_at=timezone.now() + timedelta(seconds=1)
    )
    assert 'class="breaking"' in client.get("/berita/").content.decode()
    _pass_the_kept_time()
    assert 'class="breaking"' not in client.get("/berita/").content.decode()

    BreakingNews.objects.create(
        text="Longsor di Cianjur", article=story, ends_at=timezone.now() + timedelta(hours=1)
    )
    assert "Longsor di Cianjur" in client.get("/berita/").content.decode()
    story.status = Article.Status.DRAFT
    story.save()
    assert "Longsor di Cianjur" not in client.get("/berita/").content.decode()


def test_the_home_page_with_every_block_costs_eight_queries_at_most(
    client, settings, django_assert_max_num_queries
):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    caches["readers"].clear()
    for number in range(30):
        make_article(title=f"Berita {number}")
    front = FrontPage.load()
    front.headline = Article.objects.first()
    front.save()
    for position, article in enumerate(Article.objects.all()[1:5]):
        EditorsPick.objects.create(front_page=front, article=article, position=position)
    BreakingNews.objects.create(text="Sidang isbat", ends_at=timezone.now() + timedelta(hours=1))
    # The frame (menu, footer, banner) and the next scheduled time are read once for every
    # page of the site, and kept: the home page's own queries are counted.
    client.get("/berita/")

    with django_assert_max_num_queries(8):
        response = client.get("/")
    assert len(response.context["picks"]) == 4
    caches["readers"].clear()
