"""The desk keeps the byline in the order the editor picks the authors."""

import re

import pytest
from django.contrib import admin
from django.core import checks
from reversion.models import Version

from articles.models import Article, Author
from desk.widgets import BylineField
from tests.desk_helpers import ADD_URL, CHANGELIST_URL, article_form_data, change_url
from tests.helpers import make_author

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]


@pytest.fixture
def trio():
    return [make_author(name=name) for name in ("Ani Lestari", "Budi Santoso", "Citra Dewi")]


def byline(article):
    return [author.name for author in Article.objects.get(pk=article.pk).authors.all()]


def chosen_in_form(page):
    """The names the authors' field shows chosen, in the order the form will post them."""
    field = re.search(r'<select name="authors".*?</select>', page, re.DOTALL).group()
    return re.findall(r"<option [^>]*selected>([^<]+)</option>", field)


def diff_sides(page, label):
    """The text before and after of the compare page's row `label`."""
    diff = re.search(rf"<th[^>]*>{label}</th><td><div[^>]*>(.*?)</div>", page, re.DOTALL).group(1)
    before = re.sub(r"</?del>", "", re.sub(r"<ins>.*?</ins>", "", diff))
    after = re.sub(r"</?ins>", "", re.sub(r"<del>.*?</del>", "", diff))
    return before, after


def written(client, order, slug="berita-tiga-penulis"):
    client.post(ADD_URL, article_form_data(slug=slug, authors=[a.pk for a in order]))
    return Article.objects.get(slug=slug)


def test_the_byline_is_saved_in_the_order_the_authors_were_picked(editor_client, trio):
    ani, budi, citra = trio

    article = written(editor_client, [citra, ani, budi])

    assert byline(article) == ["Citra Dewi", "Ani Lestari", "Budi Santoso"]


def test_the_form_shows_the_byline_in_its_order_and_saves_a_new_one(editor_client, trio):
    ani, budi, citra = trio
    article = written(editor_client, [citra, ani, budi])

    page = editor_client.get(change_url(article)).content.decode()
    response = editor_client.post(
        change_url(article), article_form_data(article, authors=[budi.pk, citra.pk, ani.pk])
    )

    assert chosen_in_form(page) == ["Citra Dewi", "Ani Lestari", "Budi Santoso"]
    assert response.status_code == 302
    assert byline(article) == ["Budi Santoso", "Citra Dewi", "Ani Lestari"]
    # A new order alone is a change, and the history says so.
    assert "Authors" in Version.objects.get_for_object(article).first().revision.comment


def test_a_new_order_of_the_same_authors_is_a_change(trio):
    ani, budi, _citra = trio
    field = BylineField(queryset=Author.objects.all(), required=False)

    assert field.has_changed([ani, budi], [str(budi.pk), str(ani.pk)])
    assert not field.has_changed([ani, budi], [str(ani.pk), str(budi.pk)])
    assert field.clean([str(budi.pk), str(ani.pk), str(budi.pk)]) == [budi, ani]


def test_a_refused_form_keeps_the_order_it_was_sent_in(editor_client, trio):
    ani, budi, citra = trio

    response = editor_client.post(
        ADD_URL, article_form_data(title="", authors=[budi.pk, ani.pk, citra.pk])
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert chosen_in_form(page) == ["Budi Santoso", "Ani Lestari", "Citra Dewi"]


def test_the_authors_field_moves_a_name_picked_again_to_the_end(editor_client):
    page = editor_client.get(ADD_URL).content.decode()

    assert re.search(r'<select name="authors"[^>]*data-desk-byline', page)
    assert "/static/admin-desk/byline.js" in page
    assert "the first one chosen comes first" in page
    # The admin's “+” to add an author stays beside the field.
    assert 'id="add_id_authors"' in page


def test_the_article_list_names_authors_in_byline_order(editor_client, trio):
    ani, budi, citra = trio
    written(editor_client, [citra, ani, budi])

    page = editor_client.get(CHANGELIST_URL).content.decode()

    assert "Citra Dewi, Ani Lestari, Budi Santoso" in page


def test_history_compares_and_restores_the_byline_in_its_order(editor_client, trio):
    ani, budi, citra = trio
    article = written(editor_client, [citra, ani, budi])
    editor_client.post(change_url(article), article_form_data(article, authors=[budi.pk, ani.pk]))
    older, newer = Version.objects.get_for_object(article).order_by("pk")

    compare = editor_client.get(
        f"{change_url(article).removesuffix('change/')}history/compare/",
        {"older": older.pk, "newer": newer.pk},
    ).content.decode()
    revision_url = f"{change_url(article).removesuffix('change/')}history/{older.pk}/"
    restore_page = editor_client.get(revision_url).content.decode()
    editor_client.post(
        revision_url, article_form_data(article, authors=[citra.pk, ani.pk, budi.pk])
    )

    assert diff_sides(compare, "Authors") == (
        "Citra Dewi, Ani Lestari, Budi Santoso",
        "Budi Santoso, Ani Lestari",
    )
    assert chosen_in_form(restore_page) == ["Citra Dewi", "Ani Lestari", "Budi Santoso"]
    assert byline(article) == ["Citra Dewi", "Ani Lestari", "Budi Santoso"]


def test_the_desk_passes_djangos_checks_with_its_own_authors_field():
    errors = admin.site.get_model_admin(Article).check()

    assert [error.id for error in errors if error.level >= checks.ERROR] == []
