"""Editors arrange the home page and raise or lower the banner; writers may do neither."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, BreakingNews, EditorsPick, FrontPage
from tests.desk_helpers import make_writer
from tests.helpers import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]
FRONT_PAGE_URL = "/admin/articles/frontpage/1/change/"


def front_page_data(headline="", ends_at="", picks=()):
    data = {
        "headline": headline,
        "headline_ends_at_0": ends_at[:10],
        "headline_ends_at_1": ends_at[11:],
        "picks-TOTAL_FORMS": str(len(picks)),
        "picks-INITIAL_FORMS": "0",
        "picks-MIN_NUM_FORMS": "0",
        "picks-MAX_NUM_FORMS": "8",
    }
    for number, (article, position) in enumerate(picks):
        data |= {
            f"picks-{number}-article": str(article.pk),
            f"picks-{number}-position": str(position),
            f"picks-{number}-front_page": "1",
        }
    return data


def in_an_hour():
    return timezone.localtime(timezone.now() + timedelta(hours=1)).strftime("%Y-%m-%d %H:%M:%S")


def test_the_front_page_is_one_form_reached_from_the_desk(editor_client):
    response = editor_client.get("/admin/articles/frontpage/")
    assert response.status_code == 302
    assert response["Location"] == FRONT_PAGE_URL
    page = editor_client.get(FRONT_PAGE_URL).content.decode()
    assert 'name="headline"' in page and "picks-TOTAL_FORMS" in page


def test_an_editor_sets_the_headline_and_picks_and_readers_see_them(editor_client):
    chosen = make_article(title="Pilkada Serentak", published_at=timezone.now() - timedelta(days=1))
    pick = make_article(title="Harga Beras Naik")
    make_article(title="Berita Paling Baru")
    editor_client.get("/admin/articles/frontpage/")

    response = editor_client.post(
        FRONT_PAGE_URL, front_page_data(chosen.pk, in_an_hour(), picks=[(pick, 1)])
    )

    assert response.status_code == 302
    front = FrontPage.load()
    assert front.headline == chosen and front.headline_ends_at is not None
    assert [p.article for p in EditorsPick.objects.all()] == [pick]
    home = Client().get("/")
    assert [a.title for a in home.context["headline"]] == ["Pilkada Serentak"]
    assert [a.title for a in home.context["picks"]] == ["Harga Beras Naik"]


@pytest.mark.parametrize(
    "field, make_value, message",
    [
        (
            "headline",
            lambda: make_article(status=Article.Status.DRAFT, published_at=None).pk,
            "Only a published or scheduled article can be chosen.",
        ),
        ("headline", lambda: 999_999, "Select a valid choice."),
        ("ends_at", lambda: "2020-01-01 08:00:00", "This time has already passed."),
    ],
)
def test_a_choice_readers_could_not_see_is_refused_and_nothing_changes(
    editor_client, field, make_value, message
):
    story = make_article()
    editor_client.get("/admin/articles/frontpage/")
    value = make_value()
    data = (
        front_page_data(story.pk, value)
        if field == "ends_at"
        else front_page_data(value, in_an_hour())
    )

    response = editor_client.post(FRONT_PAGE_URL, data)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert FrontPage.load().headline is None


def test_writers_may_not_touch_the_front_page_or_the_banner(client):
    client.force_login(make_writer())
    for url in [
        "/admin/articles/frontpage/",
        FRONT_PAGE_URL,
        "/admin/articles/breakingnews/",
        "/admin/articles/breakingnews/add/",
    ]:
        assert client.get(url).status_code == 403, url
    banner = BreakingNews.objects.create(text="Gempa", ends_at=timezone.now() + timedelta(hours=1))
    assert client.post(f"/admin/articles/breakingnews/{banner.pk}/turunkan/").status_code == 403
    banner.refresh_from_db()
    assert banner.is_raised


def test_an_editor_raises_a_banner_and_lowers_it_with_one_click(editor_client, editor):
    story = make_article(title="Gempa Guncang Palu")
    response = editor_client.post(
        "/admin/articles/breakingnews/add/",
        {
            "text": "Gempa M6,1 guncang Palu",
            "article": str(story.pk),
            "ends_at_0": in_an_hour()[:10],
            "ends_at_1": in_an_hour()[11:],
        },
    )
    assert response.status_code == 302
    banner = BreakingNews.objects.get()
    assert banner.raised_by == editor
    assert "Gempa M6,1 guncang Palu" in Client().get("/berita/").content.decode()

    changelist = editor_client.get("/admin/articles/breakingnews/").content.decode()
    lower_url = f"/admin/articles/breakingnews/{banner.pk}/turunkan/"
    assert f'formaction="{lower_url}"' in changelist
    response = editor_client.post(lower_url)

    assert response.status_code == 302
    banner.refresh_from_db()
    assert banner.lowered_at is not None
    assert "Gempa M6,1 guncang Palu" not in Client().get("/berita/").content.decode()
    assert editor_client.get(lower_url).status_code == 405  # a link cannot lower it


def test_a_banner_without_text_or_with_a_hidden_article_is_refused(editor_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)
    response = editor_client.post(
        "/admin/articles/breakingnews/add/",
        {"text": "", "article": str(draft.pk), "ends_at_0": "", "ends_at_1": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in page
    assert BreakingNews.objects.count() == 0
