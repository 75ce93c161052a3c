"""Who may do what at the desk, through the admin's real pages.

The articles under test belong to a writer. Writers work on their own articles until they
are published; editors work on every article; anonymous visitors are sent to the login page.
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from reversion.models import Version

from articles.models import Article
from tests.desk_helpers import (
    ADD_URL,
    CHANGELIST_URL,
    article_form_data,
    change_url,
    english_client,
    make_editor,
    make_writer,
)
from tests.helpers import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]


DRAFT, REVIEW, PUBLISHED = Article.Status


@pytest.fixture
def desk():
    writer = make_writer("penulis")
    other_writer = make_writer("penulis-lain")
    editor = make_editor("redaktur")
    return {
        "writer": writer,
        "editor": editor,
        "own_draft": make_article(created_by=writer, status=DRAFT, published_at=None),
        "own_published": make_article(created_by=writer),
        "others_draft": make_article(created_by=other_writer, status=DRAFT, published_at=None),
    }


def run_action(client, name, article, **extra):
    data = {"action": name, "_selected_action": [article.pk], "index": "0"} | extra
    return client.post(CHANGELIST_URL, data)


def create(client, desk):
    client.post(ADD_URL, article_form_data(title="Artikel baru", slug="artikel-baru"))
    return Article.objects.filter(slug="artikel-baru").exists()


def edit(article):
    def action(client, desk):
        client.post(change_url(article), article_form_data(article, title="Judul diperbaiki"))
        article.refresh_from_db()
        return article.title == "Judul diperbaiki"

    return action


def submit(client, desk):
    run_action(client, "submit_for_review", desk["own_draft"])
    return Article.objects.get(pk=desk["own_draft"].pk).status == REVIEW


def publish(client, desk):
    run_action(client, "publish_now", desk["own_draft"])
    return Article.objects.published().filter(pk=desk["own_draft"].pk).exists()


def schedule(client, desk):
    at = timezone.localtime() + timedelta(days=2)
    data = {"action": "schedule", "_selected_action": [desk["own_draft"].pk], "apply": "1"}
    client.post(CHANGELIST_URL, data | {"published_at": f"{at:%Y-%m-%dT%H:%M}"})
    return Article.objects.scheduled().filter(pk=desk["own_draft"].pk).exists()


def unpublish(client, desk):
    run_action(client, "unpublish", desk["own_published"])
    return Article.objects.get(pk=desk["own_published"].pk).status == DRAFT


def delete(article):
    def action(client, desk):
        client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
        return not Article.objects.filter(pk=article.pk).exists()

    return action


def restore(client, desk):
    """Go back to the version before the editor's correction."""
    article = desk["own_draft"]
    editor = english_client()
    editor.force_login(desk["editor"])
    editor.post(change_url(article), article_form_data(article, title="Versi pertama"))
    editor.post(change_url(article), article_form_data(article, title="Versi kedua"))
    first = Version.objects.get_for_object(article).order_by("pk").first()
    url = f"/admin/articles/article/{article.pk}/history/{first.pk}/"
    client.post(url, article_form_data(Article.objects.get(pk=article.pk), title="Versi pertama"))
    return Article.objects.get(pk=article.pk).title == "Versi pertama"


def recover(client, desk):
    """Bring back an article deleted in the desk."""
    editor = english_client()
    editor.force_login(desk["editor"])
    editor.post(ADD_URL, article_form_data(title="Akan dihapus", slug="akan-dihapus"))
    article = Article.objects.get(slug="akan-dihapus")
    editor.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})
    deleted = Version.objects.get_deleted(Article).get()
    client.post(
        f"/admin/articles/article/recover/{deleted.pk}/",
        article_form_data(title="Akan dihapus", slug="akan-dihapus"),
    )
    return Article.objects.filter(slug="akan-dihapus").exists()


# action: (writer, editor, anonymous)
MATRIX = {
    "create": (create, True, True, False),
    "edit own draft": (lambda c, d: edit(d["own_draft"])(c, d), True, True, False),
    "edit another writer's draft": (lambda c, d: edit(d["others_draft"])(c, d), False, True, False),
    "edit own published article": (lambda c, d: edit(d["own_published"])(c, d), False, True, False),
    "submit for review": (submit, True, True, False),
    "publish": (publish, False, True, False),
    "schedule": (schedule, False, True, False),
    "unpublish": (unpublish, False, True, False),
    "delete own draft": (lambda c, d: delete(d["own_draft"])(c, d), True, True, False),
    "delete own published article": (
        lambda c, d: delete(d["own_published"])(c, d),
        False,
        True,
        False,
    ),
    "restore an earlier version": (restore, False, True, False),
    "recover a deleted article": (recover, False, True, False),
}
ROLES = ["writer", "editor", "anonymous"]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", MATRIX)
def test_permission_matrix(client, desk, action, role):
    perform, *allowed = MATRIX[action]
    if role != "anonymous":
        client.force_login(desk[role])

    assert perform(client, desk) is allowed[ROLES.index(role)]


def test_anonymous_visitor_is_sent_to_the_login_page(client, desk):
    response = client.get(change_url(desk["own_draft"]))

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_writer_sees_only_their_own_articles_in_the_list(client, desk):
    client.force_login(desk["writer"])

    response = client.get(CHANGELIST_URL)

    shown = {article.pk for article in response.context["cl"].result_list}
    assert shown == {desk["own_draft"].pk, desk["own_published"].pk}


def test_writer_is_never_offered_the_editors_actions(client, desk):
    client.force_login(desk["writer"])

    actions = dict(client.get(CHANGELIST_URL).context["action_form"].fields["action"].choices)

    assert "submit_for_review" in actions
    assert not {"publish_now", "schedule", "unpublish"} & actions.keys()


def test_editor_is_offered_every_workflow_action(client, desk):
    client.force_login(desk["editor"])

    actions = dict(client.get(CHANGELIST_URL).context["action_form"].fields["action"].choices)

    assert {"submit_for_review", "publish_now", "schedule", "unpublish"} <= actions.keys()


def test_writer_posting_a_published_status_still_saves_a_draft(client, desk):
    client.force_login(desk["writer"])
    article = desk["own_draft"]
    now = timezone.localtime()

    client.post(
        change_url(article),
        article_form_data(
            article,
            status="published",
            published_at_0=f"{now:%Y-%m-%d}",
            published_at_1=f"{now:%H:%M:%S}",
        ),
    )

    article.refresh_from_db()
    assert article.status == DRAFT
    assert article.published_at is None


def test_writer_opening_a_published_article_sees_it_read_only(client, desk):
    client.force_login(desk["writer"])

    response = client.get(change_url(desk["own_published"]))

    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    assert "Save and submit for review" not in response.content.decode()


def test_article_created_by_a_writer_is_theirs_and_credits_them(client, desk):
    client.force_login(desk["writer"])
    initial = client.get(ADD_URL).context["adminform"].form.initial

    client.post(
        ADD_URL,
        article_form_data(title="Tulisan saya", slug="tulisan-saya", authors=initial["authors"]),
    )

    article = Article.objects.get(slug="tulisan-saya")
    assert article.created_by == desk["writer"]
    assert [author.user for author in article.authors.all()] == [desk["writer"]]
    assert article.status == DRAFT
