"""Autosave: a writer's private copy while they type, offered back, never reaching readers
or anyone else, never undoing a newer save."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from articles.models import Article, Autosave
from tests.desk_helpers import article_form_data, make_writer
from tests.helpers import make_article

pytestmark = pytest.mark.django_db
Status = Article.Status


@pytest.fixture
def writer_client():
    writer = make_writer("penulis")
    client = Client()
    client.force_login(writer)
    client.writer = writer
    return client


@pytest.fixture
def draft(writer_client):
    return make_article(
        title="Judul Lama", body="<p>Isi lama.</p>", status=Status.DRAFT, published_at=None,
        created_by=writer_client.writer,
    )  # fmt: skip


def autosave(client, article, **fields):
    url = (
        f"/admin/articles/article/{article.pk}/autosave/"
        if article
        else "/admin/articles/article/add/autosave/"
    )
    return client.post(url, fields)


def test_typing_keeps_a_private_copy_and_leaves_the_article_alone(writer_client, draft, client):
    response = autosave(writer_client, draft, title="Judul Baru", body="<p>Isi baru.</p>")

    assert response.status_code == 200
    assert response.json()["message"].startswith("Tersimpan otomatis pukul ")
    draft.refresh_from_db()
    assert draft.title == "Judul Lama"
    kept = Autosave.objects.get()
    assert kept.fields == {"title": "Judul Baru", "body": "<p>Isi baru.</p>"}
    assert "Judul Baru" not in client.get("/berita/").content.decode()


def test_opening_the_article_again_offers_the_copy_and_restores_it(writer_client, draft):
    autosave(writer_client, draft, title="Judul Baru", body="<p>Isi baru.</p>")
    url = f"/admin/articles/article/{draft.pk}/change/"

    page = writer_client.get(url).content.decode()
    assert "Ada teks Anda yang tersimpan otomatis pada" in page
    restored = writer_client.get(url, {"pulihkan": "1"})
    form = restored.context["adminform"].form
    assert form.initial["title"] == "Judul Baru" and form.initial["body"] == "<p>Isi baru.</p>"
    draft.refresh_from_db()
    assert draft.title == "Judul Lama"  # shown in the form, not saved


def test_a_copy_older_than_a_later_save_is_not_offered(writer_client, draft):
    autosave(writer_client, draft, title="Judul Baru")
    Autosave.objects.update(saved_at=timezone.now() - timedelta(minutes=5))
    draft.title = "Disunting Redaktur"
    draft.save()  # a colleague's save, after the copy

    page = writer_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert "Ada teks Anda yang tersimpan otomatis pada" not in page
    restored = writer_client.get(f"/admin/articles/article/{draft.pk}/change/", {"pulihkan": "1"})
    assert restored.context["adminform"].form.initial["title"] == "Disunting Redaktur"


def test_nobody_else_sees_or_writes_a_writers_copy(writer_client, draft, editor_client):
    autosave(writer_client, draft, title="Rahasia Penulis")
    page = editor_client.get(f"/admin/articles/article/{draft.pk}/change/").content.decode()
    assert "Rahasia Penulis" not in page and "tersimpan otomatis pada" not in page
    other = Client()
    other.force_login(make_writer("penulis-lain"))
    assert autosave(other, draft, title="Coba").status_code == 404  # not on their desk
    assert Autosave.objects.count() == 1


def test_a_new_article_is_autosaved_too_and_a_save_clears_the_copy(writer_client):
    autosave(writer_client, None, title="Artikel Baru", lead="Ringkas.")
    page = writer_client.get("/admin/articles/article/add/", {"pulihkan": "1"})
    assert page.context["adminform"].form.initial["title"] == "Artikel Baru"


def test_saving_the_article_clears_the_copy(writer_client, draft):
    autosave(writer_client, draft, title="Judul Baru")
    draft.refresh_from_db()
    data = article_form_data(
        draft,
        title="Judul Tersimpan",
        loaded_version=draft.updated_at.isoformat(),
        authors=[writer_client.writer.author.pk],
    )
    response = writer_client.post(f"/admin/articles/article/{draft.pk}/change/", data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert Autosave.objects.count() == 0


@pytest.mark.parametrize(
    "fields, status",
    [({"body": "x" * 600_000}, 400), ({"title": "nul\x00"}, 400), ({"is_superuser": "1"}, 200)],
)
def test_hostile_autosaves_are_refused_or_ignored(writer_client, draft, fields, status):
    response = autosave(writer_client, draft, **fields)
    assert response.status_code == status
    assert "error" in response.json() if status == 400 else True
    assert all(
        set(a.fields) <= {"title", "slug", "lead", "dateline", "body"}
        for a in Autosave.objects.all()
    )


def test_autosave_takes_only_posts_from_staff(client, draft):
    assert client.post(f"/admin/articles/article/{draft.pk}/autosave/").status_code == 302  # login
    writer = Client()
    writer.force_login(make_writer("penulis-x"))
    assert writer.get(f"/admin/articles/article/{draft.pk}/autosave/").status_code == 405


def test_the_discard_button_forgets_the_copy(writer_client, draft):
    autosave(writer_client, draft, title="Judul Baru")
    assert autosave(writer_client, draft, discard="1").status_code == 200
    assert Autosave.objects.count() == 0
