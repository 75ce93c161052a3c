"""Fragments and data kept for anonymous readers (cards, search results, counts, the article
page's data, the frame) follow every change, and staff always get them fresh."""

from datetime import timedelta

from django.utils import timezone

from articles.models import Article
from tests.helpers import make_article, make_section, make_tag


def test_cached_article_cards_follow_every_edit(settings, story, client):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # cards kept, pages rendered every time
    assert "Harga Cabai Turun" in client.get("/berita/").content.decode()
    story.title = "Harga Cabai Naik Lagi"
    story.save()
    for address in ["/", "/berita/"]:
        html = client.get(address).content.decode()
        assert "Harga Cabai Naik Lagi" in html
        assert "Harga Cabai Turun" not in html


def test_kept_search_results_follow_edits_and_highlight_each_query(settings, story, client):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # each result's markup kept, snippets not
    story.lead = "Harga cabai dan bawang turun di pasar induk."
    story.save()
    by_chili = client.get("/cari/", {"q": "cabai"}).content.decode()
    assert "<mark>cabai</mark>" in by_chili

    by_onion = client.get("/cari/", {"q": "bawang"}).content.decode()
    assert "<mark>bawang</mark>" in by_onion
    assert "<mark>cabai</mark>" not in by_onion

    story.title = "Harga Cabai Naik Lagi"
    story.save()
    html = client.get("/cari/", {"q": "bawang"}).content.decode()
    assert "Harga Cabai Naik Lagi" in html
    assert "Harga Cabai Turun" not in html


def test_kept_search_results_cost_one_query(settings, story, client, django_assert_num_queries):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    for number in range(3):
        make_article(title=f"Harga Cabai di Pasar {number}")
    client.get("/cari/", {"q": "cabai"})
    with django_assert_num_queries(1):  # ids, snippets and count; the markup is kept
        html = client.get("/cari/", {"q": "cabai"}).content.decode()
    assert html.count('<li class="result">') == 4
    for number in range(3):
        assert f"Harga Cabai di Pasar {number}</a>" in html


def test_a_search_asked_again_is_answered_from_the_cache_until_content_changes(
    settings, story, client, django_assert_num_queries
):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    for number in range(3):
        make_article(title=f"Harga Cabai di Pasar {number}", lead="Cabai makin mahal.")
    client.get("/cari/", {"q": "cabai"})  # asked once: only that it was asked is kept
    with django_assert_num_queries(1):  # asked again: searched, then kept
        client.get("/cari/", {"q": "cabai"})
    with django_assert_num_queries(0):
        html = client.get("/cari/", {"q": "cabai"}).content.decode()
    assert '<p class="result-count">4 hasil</p>' in html
    assert html.count("<mark>Cabai</mark> makin mahal") == 3

    make_article(title="Harga Cabai Melonjak")
    html = client.get("/cari/", {"q": "cabai"}).content.decode()
    assert '<p class="result-count">5 hasil</p>' in html
    assert "Harga Cabai Melonjak</a>" in html
    # Other words are another search, searched afresh.
    assert "Tidak ditemukan apa pun" in client.get("/cari/", {"q": "bawang"}).content.decode()


def test_each_page_and_filter_of_a_kept_search_is_kept_apart(settings, client, db):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    sport = make_section(name="Olahraga", slug="olahraga")
    start = timezone.now() - timedelta(days=30)
    for number in range(25):
        make_article(
            title=f"Banjir Nomor {number:02d}",
            section=sport if number < 2 else None,
            published_at=start + timedelta(hours=number),
        )
    for _ in range(3):  # kept from the second time on
        first = client.get("/cari/", {"q": "banjir"}).content.decode()
        second = client.get("/cari/", {"q": "banjir", "page": 2}).content.decode()
        in_sport = client.get("/berita/", {"q": "banjir", "rubrik": "olahraga"}).content.decode()
    # Equal ranks: newest first.
    assert "Banjir Nomor 24" in first and "Banjir Nomor 05" in first
    assert "Banjir Nomor 04" not in first
    assert "Banjir Nomor 04" in second and "Banjir Nomor 00" in second
    assert "Banjir Nomor 05" not in second
    # The list page's cards, for the section's two matches only.
    assert "2 artikel" in in_sport
    assert in_sport.count('<article class="card') == 2
    assert "Banjir Nomor 01</a>" in in_sport


def test_a_title_posing_as_the_snippet_slot_is_shown_as_text(settings, client, db):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    make_article(title="Awas <!--snippet--> Palsu", lead="Kabar tentang cabai.")
    html = client.get("/cari/", {"q": "cabai"}).content.decode()
    assert "Awas &lt;!--snippet--&gt; Palsu" in html
    assert "<mark>cabai</mark>" in html


def test_a_kept_article_page_follows_edits_to_it_and_to_its_related_news(
    db, settings, client, django_assert_max_num_queries
):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # article data kept, pages rendered
    tag = make_tag(name="Pangan")
    story = make_article(title="Harga Cabai Turun", tags=[tag])
    other = make_article(title="Stok Beras Aman", tags=[tag])
    assert "Stok Beras Aman" in client.get(story.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(0):  # the frame, the article and its blocks are kept
        client.get(story.get_absolute_url())

    story.title = "Harga Cabai Naik Lagi"
    story.save()
    other.title = "Stok Beras Menipis"
    other.save()
    html = client.get(story.get_absolute_url()).content.decode()
    assert "Harga Cabai Naik Lagi" in html
    assert "Stok Beras Menipis" in html
    assert "Stok Beras Aman" not in html

    other.status, other.published_at = Article.Status.DRAFT, None
    other.save()
    assert "Stok Beras Menipis" not in client.get(story.get_absolute_url()).content.decode()


def test_a_kept_article_page_links_to_the_host_it_was_asked_for(settings, story, client):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    settings.ALLOWED_HOSTS = ["berita.example", "m.berita.example"]
    address = story.get_absolute_url()
    client.get(address, HTTP_HOST="berita.example")

    html = client.get(address, HTTP_HOST="m.berita.example").content.decode()

    assert f'<link rel="canonical" href="http://m.berita.example{address}">' in html
    assert "facebook.com/sharer/sharer.php?u=http%3A%2F%2Fm.berita.example" in html
    assert "berita.example/" not in html.replace("m.berita.example/", "")


def test_logged_in_staff_never_get_a_kept_article_page(settings, story, client, admin_user):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    client.get(story.get_absolute_url())
    client.force_login(admin_user)
    Article.objects.filter(pk=story.pk).update(body="<p>Diubah tanpa sinyal.</p>")
    assert "Diubah tanpa sinyal." in client.get(story.get_absolute_url()).content.decode()


def test_logged_in_staff_never_get_cached_cards(settings, story, client, admin_user):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    client.get("/berita/")
    client.force_login(admin_user)
    Article.objects.filter(pk=story.pk).update(title="Diubah Tanpa Sinyal")
    assert "Diubah Tanpa Sinyal" in client.get("/berita/").content.decode()


def test_home_section_blocks_are_kept_until_content_changes(
    db, settings, client, django_assert_max_num_queries
):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    nasional = make_section(name="Nasional", slug="nasional")
    make_article(title="Kabar Nasional Pertama", section=nasional)
    assert "Kabar Nasional Pertama" in client.get("/").content.decode()
    with django_assert_max_num_queries(0):  # the menu, latest list and blocks are all kept
        client.get("/")
    make_article(title="Kabar Nasional Kedua", section=nasional)
    home = client.get("/").content.decode()
    assert home.count("Kabar Nasional Kedua") == 2  # in the latest list and its section block


def test_logged_in_staff_get_fresh_home_section_blocks(settings, client, admin_user):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    nasional = make_section(name="Nasional", slug="nasional")
    story = make_article(title="Kabar Nasional Pertama", section=nasional)
    client.get("/")
    client.force_login(admin_user)
    Article.objects.filter(pk=story.pk).update(title="Diubah Tanpa Sinyal")
    assert client.get("/").content.decode().count("Diubah Tanpa Sinyal") == 2


def test_the_kept_menu_footer_and_page_links_follow_content_changes(settings, story, client):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300  # frame, filters and page links kept
    from articles.models import StaticPage

    client.get("/berita/")
    make_section(name="Olahraga", slug="olahraga")
    StaticPage.objects.create(title="Pedoman Media Siber", slug="pedoman", is_published=True)
    for number in range(20):
        make_article(title=f"Kabar Tambahan {number}")

    html = client.get("/berita/").content.decode()

    assert '<a href="/rubrik/olahraga/">Olahraga</a>' in html  # the menu
    assert '<option value="olahraga">Olahraga</option>' in html  # the blank filters
    assert '<a href="/halaman/pedoman/">Pedoman Media Siber</a>' in html  # the footer
    assert 'href="?page=2"' in html  # 21 articles: a second page now


def test_a_later_page_is_read_from_kept_ids_and_shifts_when_an_article_is_added(
    settings, db, client, django_assert_num_queries
):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    start = timezone.now() - timedelta(days=30)
    for number in range(25):
        make_article(
            title=f"Berita Nomor {number:02d}", published_at=start + timedelta(hours=number)
        )
    assert "Berita Nomor 00" in client.get("/berita/?page=2").content.decode()
    with django_assert_num_queries(0):  # which articles, their cards and the count: all kept
        client.get("/berita/?page=2")

    make_article(title="Berita Terbaru")
    html = client.get("/berita/?page=2").content.decode()

    assert "Berita Nomor 05" in html  # pushed down from page 1
    assert "Berita Nomor 06" not in html
