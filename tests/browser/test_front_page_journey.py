"""The ways in, in Chromium: an editor sets the headline and raises a banner; a reader sees
both, reads the story, finds it in Terpopuler after the roll-up, finds yesterday's news in
Indeks and walks a topic."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Topic
from readers import popular
from tests.browser.helpers import log_in, watch_console
from tests.browser.test_desk_journey import choose_in_autocomplete
from tests.desk_helpers import make_editor
from tests.helpers import make_article

pytestmark = pytest.mark.django_db(transaction=True)
READER = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0"


@pytest.fixture
def counts_kept_apart(settings):
    settings.NEWSROOM_VIEWS_PREFIX = f"newsroom-browser-test-{id(settings)}:views"
    yield
    store = popular.redis()
    if store is not None:
        for name in store.scan_iter(match=f"{settings.NEWSROOM_VIEWS_PREFIX}:*"):
            store.delete(name)


def test_editor_arranges_the_front_page_and_a_reader_finds_the_news(new_page, counts_kept_apart):
    make_editor("redaktur")
    now = timezone.now()
    yesterday = now - datetime.timedelta(days=1)
    lead = make_article(
        title="Sidang Tahunan MPR Dimulai", published_at=now - datetime.timedelta(hours=5)
    )
    make_article(title="Opini: Menakar Anggaran", kind="opinion")
    older = make_article(title="Banjir Rob di Pantai Utara", published_at=yesterday)
    topic = Topic.objects.create(title="Sidang Tahunan", slug="sidang-tahunan", order="edited")
    topic.articles.add(lead, through_defaults={"position": 1})
    topic.articles.add(older, through_defaults={"position": 2})

    editor = watch_console(new_page())
    log_in(editor, "redaktur")
    editor.goto("/admin/articles/frontpage/")
    choose_in_autocomplete(editor, "id_headline", lead.title)
    with editor.expect_navigation():  # back to the same form, with its message
        editor.click("input[name=_save]")
    assert (
        editor.locator(".messagelist .success").inner_text() == "Halaman depan sudah diatur ulang."
    )

    editor.goto("/admin/articles/breakingnews/add/")
    editor.fill("#id_text", "Presiden berpidato di Sidang Tahunan")
    choose_in_autocomplete(editor, "id_article", lead.title)
    ends = timezone.localtime(now + datetime.timedelta(hours=2))
    editor.fill("#id_ends_at_0", f"{ends:%Y-%m-%d}")
    editor.fill("#id_ends_at_1", f"{ends:%H:%M:%S}")
    editor.click("input[name=_save]")
    editor.wait_for_url("**/admin/articles/breakingnews/")
    assert editor.csp_errors == []

    reader = watch_console(new_page(user_agent=READER))
    reader.goto("/")
    assert reader.locator(".headline .card__title").inner_text() == lead.title
    banner = reader.locator("aside.breaking a")
    assert banner.inner_text() == "Presiden berpidato di Sidang Tahunan"

    with reader.expect_request(f"**/hitung/{lead.pk}/") as counted:
        banner.click()
    assert counted.value.method == "POST"
    reader.wait_for_load_state("networkidle")
    popular.roll_up()  # the task the visits enqueued, run now rather than in a minute
    reader.goto("/terpopuler/")
    assert lead.title in reader.locator("#most-read-day + ol").inner_text()

    reader.goto("/indeks/")
    reader.fill("#id_tanggal", f"{timezone.localtime(yesterday):%Y-%m-%d}")
    reader.click(".filters button[type=submit]")
    reader.wait_for_url(f"**/indeks/{timezone.localtime(yesterday):%Y/%m/%d}/")
    reader.click(f"text={older.title}")
    assert reader.locator("h1").inner_text() == older.title

    reader.click('.topic-box a[href="/topik/sidang-tahunan/"]')
    reader.wait_for_url("**/topik/sidang-tahunan/")
    reader.click(f".cards >> text={lead.title}")
    reader.click("a[rel=next]")
    assert reader.locator("h1").inner_text() == older.title
    assert reader.csp_errors == []
