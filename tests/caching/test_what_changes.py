"""Each kind of change re-renders only the cached pages that show what it touched.

A small site of three articles: X and Y share a section and a tag (each is the other's
related news), Z has a section and a tag of its own. After each change the test reads every
page once: a page served from the page cache renders no template and runs no query; one
rendered again does either (from kept fragments perhaps no query; a feed has no template).
Then
every page is rendered afresh on an empty cache and must be what readers were just shown:
nothing kept, fragments included, is stale. On the local-memory cache and on Redis.
"""

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.db import connection
from django.http import HttpRequest
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Correction, StaticPage
from caching import schedule
from tests.helpers import make_article, make_author, make_image, make_section, make_source, make_tag

pytestmark = pytest.mark.django_db
ALL = {
    "home", "news", "x", "y", "z", "section_a", "section_b", "tag_1", "tag_2", "author",
    "source", "static", "feed",
}  # fmt: skip
# The pages that show article X: the lists it is on, Y's related news, the feed.
SHOWING_X = {"home", "news", "x", "y", "section_a", "tag_1", "author", "source", "feed"}


@pytest.fixture(params=["pages", "pages and fragments"])
def site(request, page_cache, settings):
    if request.param == "pages and fragments":
        settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    now = timezone.now()
    a, b = make_section(name="Ekonomi"), make_section(name="Olahraga")
    tag_1, tag_2 = make_tag(name="Pangan"), make_tag(name="Sepak Bola")
    author, other = make_author(name="Rina Wati"), make_author(name="Budi Santoso")
    source = make_source(name="Antara")
    image = make_image(caption="Pedagang cabai di Pasar Senen")
    x = make_article(
        title="Harga Cabai Turun", section=a, tags=[tag_1], authors=[author], source=source,
        featured_image=image, published_at=now - timedelta(hours=1),
    )  # fmt: skip
    y = make_article(
        title="Stok Beras Aman", section=a, tags=[tag_1], authors=[other],
        published_at=now - timedelta(hours=2),
    )  # fmt: skip
    z = make_article(
        title="Timnas Menang Tipis", section=b, tags=[tag_2], authors=[other],
        published_at=now - timedelta(hours=3),
    )  # fmt: skip
    page = StaticPage.objects.create(
        title="Kontak Redaksi", slug="kontak", body="<p>Hubungi kami.</p>", is_published=True
    )
    return SimpleNamespace(
        a=a, b=b, tag_1=tag_1, tag_2=tag_2, author=author, other=other, source=source,
        image=image, x=x, y=y, z=z, page=page,
    )  # fmt: skip


def addresses(site):
    return {
        "home": "/",
        "news": "/berita/",
        "x": site.x.get_absolute_url(),
        "y": site.y.get_absolute_url(),
        "z": site.z.get_absolute_url(),
        "section_a": site.a.get_absolute_url(),
        "section_b": site.b.get_absolute_url(),
        "tag_1": site.tag_1.get_absolute_url(),
        "tag_2": site.tag_2.get_absolute_url(),
        "author": site.author.get_absolute_url(),
        "source": site.source.get_absolute_url(),
        "static": site.page.get_absolute_url(),
        "feed": "/feed/",
    }


def read_every_page(client, site):
    """`(rendered, shown)`: the pages rendered again rather than served from the page cache,
    and what each page showed."""
    schedule.check(HttpRequest())  # the next scheduled time, read again after a change
    rendered, shown = set(), {}
    for name, address in addresses(site).items():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(address)
        if response.templates or queries:
            rendered.add(name)
        shown[name] = (response.status_code, response.content)
    return rendered, shown


def assert_nothing_stale(client, site, shown):
    caches["readers"].clear()
    assert read_every_page(client, site)[1] == shown


def check(client, site, change, expected):
    """Apply `change` to a site whose pages are all kept; `expected` pages re-render."""
    read_every_page(client, site)
    assert read_every_page(client, site)[0] == set()  # all kept
    change()
    rendered, shown = read_every_page(client, site)
    assert rendered == expected
    assert_nothing_stale(client, site, shown)


def save(obj, **values):
    for name, value in values.items():
        setattr(obj, name, value)
    obj.save()


def test_an_edited_article(site, client):
    check(client, site, lambda: save(site.x, lead="Harga cabai rawit turun lagi."), SHOWING_X)


def test_a_retitled_article(site, client):
    check(client, site, lambda: save(site.x, title="Harga Cabai Turun Tajam"), SHOWING_X)


def test_a_published_article_enters_its_lists_and_its_neighbours_related_news(site, client):
    def publish():
        make_article(title="Harga Bawang Ikut Turun", section=site.a, tags=[site.tag_1])

    expected = {"home", "news", "section_a", "tag_1", "x", "y", "feed"}
    check(client, site, publish, expected)


def test_an_article_moved_to_another_section(site, client):
    check(client, site, lambda: save(site.x, section=site.b), SHOWING_X | {"section_b"})


def test_an_article_given_another_tag(site, client):
    # Z now shares a tag with X: its related news may show X.
    check(client, site, lambda: site.x.tags.add(site.tag_2), SHOWING_X | {"tag_2", "z"})


def test_an_unpublished_article(site, client):
    unpublish = lambda: save(site.x, status=Article.Status.DRAFT, published_at=None)  # noqa: E731
    check(client, site, unpublish, SHOWING_X)
    assert client.get(site.x.get_absolute_url()).status_code == 404


def test_a_taken_down_article(site, client):
    take_down = lambda: save(site.x, taken_down_at=timezone.now(), takedown_reason="Hoaks.")  # noqa: E731
    check(client, site, take_down, SHOWING_X)
    assert client.get(site.x.get_absolute_url()).status_code == 410


def test_a_corrected_article(site, client):
    correct = lambda: Correction.objects.create(article=site.x, text="Harga per kilogram.")  # noqa: E731
    check(client, site, correct, SHOWING_X)


def test_a_renamed_section_is_in_every_menu(site, client):
    check(client, site, lambda: save(site.a, name="Ekonomi dan Bisnis"), ALL)


def test_a_reordered_menu_changes_every_page(site, client):
    check(client, site, lambda: save(site.b, position=0), ALL)


def test_a_renamed_tag(site, client):
    check(client, site, lambda: save(site.tag_1, name="Pangan Pokok"), {"x", "y", "tag_1", "feed"})


def test_a_renamed_author(site, client):
    # Cards name their authors; Y's related news does not.
    expected = SHOWING_X - {"y"}
    check(client, site, lambda: save(site.author, name="Rina Wati Lestari"), expected)


def test_a_renamed_source(site, client):
    # Only the article page credits its source.
    check(
        client,
        site,
        lambda: save(site.source, name="Kantor Berita Antara"),
        {"x", "source", "feed"},
    )


def test_an_edited_picture(site, client):
    # Cards show X's picture; related news shows none.
    expected = SHOWING_X - {"y"}
    check(client, site, lambda: save(site.image, alt_text="Cabai merah di lapak pasar"), expected)


def test_an_edited_static_page(site, client):
    check(
        client, site, lambda: save(site.page, body="<p>Surel: redaksi@example.id</p>"), {"static"}
    )


def test_a_retitled_static_page_is_in_every_footer(site, client):
    check(client, site, lambda: save(site.page, title="Hubungi Redaksi"), ALL - {"feed"})


def test_work_on_a_draft_changes_nothing(site, client):
    def write():
        draft = make_article(title="Draf", section=site.a, status=Article.Status.DRAFT)
        save(draft, title="Draf Kedua")
        draft.tags.add(site.tag_1)

    check(client, site, write, set())


@pytest.mark.slow
def test_a_scheduled_article_appears_at_its_time_on_its_lists_only(site, client):
    # Far enough ahead that every page is read (and kept) before it, on a busy machine too.
    publish_at = timezone.now() + timedelta(seconds=4)

    def schedule_one():
        make_article(
            title="Jadwal Liga Dirilis", section=site.b, tags=[site.tag_2],
            published_at=publish_at,
        )  # fmt: skip

    check(client, site, schedule_one, set())  # nothing shows before its time
    assert timezone.now() < publish_at, "the pages took longer to read than the time allowed"
    import time

    time.sleep((publish_at - timezone.now()).total_seconds() + 0.1)
    rendered, shown = read_every_page(client, site)
    assert rendered == {"home", "news", "section_b", "tag_2", "z", "feed"}
    assert b"Jadwal Liga Dirilis" in shown["home"][1]
    assert_nothing_stale(client, site, shown)
