"""Versions, preview and renamed addresses, as editors use them in the desk."""

import io
from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone
from reversion.models import Version

from articles.models import Article, SlugRedirect
from desk.management.commands.setup_roles import EDITORS, WRITERS
from tests.desk_helpers import (
    ADD_URL,
    article_form_data,
    change_url,
    english_client,
    make_editor,
    make_writer,
)
from tests.helpers import make_article, make_section

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]

BODY = "<p>Paragraf satu.</p><p>Paragraf dua.</p>"


def history_url(article):
    return f"/admin/articles/article/{article.pk}/history/"


def test_every_save_in_the_desk_keeps_a_version(editor_client):
    editor_client.post(ADD_URL, article_form_data(title="Versi satu", slug="berita"))
    article = Article.objects.get(slug="berita")
    editor_client.post(change_url(article), article_form_data(article, title="Versi dua"))
    editor_client.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [article.pk], "index": "0"},
    )

    versions = Version.objects.get_for_object(article).order_by("pk")
    assert [v.field_dict["title"] for v in versions] == ["Versi satu", "Versi dua", "Versi dua"]
    assert versions.last().field_dict["status"] == "published"


def test_history_lists_versions_with_who_saved_them(editor_client):
    editor_client.post(ADD_URL, article_form_data(title="Versi satu", slug="berita"))
    article = Article.objects.get(slug="berita")
    editor_client.post(change_url(article), article_form_data(article, title="Versi dua"))

    page = editor_client.get(history_url(article)).content.decode()

    assert page.count('name="older"') == 2
    assert "redaktur" in page


def test_compare_shows_words_removed_and_added(editor_client):
    editor_client.post(ADD_URL, article_form_data(title="Banjir di Bandung", slug="berita"))
    article = Article.objects.get(slug="berita")
    editor_client.post(change_url(article), article_form_data(article, title="Banjir di Garut"))
    older, newer = Version.objects.get_for_object(article).order_by("pk")

    response = editor_client.get(
        f"{history_url(article)}compare/", {"older": older.pk, "newer": newer.pk}
    )

    page = response.content.decode()
    assert response.status_code == 200
    assert "Banjir di <del>Bandung</del><ins>Garut</ins>" in page


def test_compare_with_a_version_of_another_article_is_not_found(editor_client):
    editor_client.post(ADD_URL, article_form_data(title="Satu", slug="satu"))
    editor_client.post(ADD_URL, article_form_data(title="Dua", slug="dua"))
    one, two = Article.objects.get(slug="satu"), Article.objects.get(slug="dua")
    other = Version.objects.get_for_object(two).get()

    response = editor_client.get(
        f"{history_url(one)}compare/", {"older": other.pk, "newer": "bukan-angka"}
    )

    assert response.status_code == 404


def test_editor_restores_an_earlier_version_with_its_links(editor_client):
    target = make_article(title="Tautan lama")
    link = {"position": 1, "target": target.pk}
    editor_client.post(
        ADD_URL, article_form_data(title="Judul awal", slug="berita", body=BODY, links=[link])
    )
    article = Article.objects.get(slug="berita")
    stored_link = article.related_links.get()
    editor_client.post(
        change_url(article),
        article_form_data(
            article, title="Judul baru", links=[{"id": stored_link.pk, **link, "DELETE": "on"}]
        ),
    )
    first = Version.objects.get_for_object(article).order_by("pk").first()
    restore_page = editor_client.get(f"{history_url(article)}{first.pk}/")

    response = editor_client.post(
        f"{history_url(article)}{first.pk}/",
        article_form_data(article, title="Judul awal", links=[{"id": stored_link.pk, **link}])
        | {"related_links-INITIAL_FORMS": "1"},
    )

    article.refresh_from_db()
    assert "Judul awal" in restore_page.content.decode()
    assert response.status_code == 302
    assert article.title == "Judul awal"
    assert [link.target for link in article.related_links.all()] == [target]


def test_compare_shows_changed_section_and_links(editor_client):
    target = make_article(title="Tautan baru")
    editor_client.post(ADD_URL, article_form_data(title="Berita", slug="berita", body=BODY))
    article = Article.objects.get(slug="berita")
    editor_client.post(
        change_url(article),
        article_form_data(
            article,
            section=make_section(name="Ekonomi").pk,
            links=[{"position": 2, "target": target.pk}],
        ),
    )
    older, newer = Version.objects.get_for_object(article).order_by("pk")

    page = editor_client.get(
        f"{history_url(article)}compare/", {"older": older.pk, "newer": newer.pk}
    ).content.decode()

    assert "<ins>Ekonomi</ins>" in page
    assert "<ins>2: Tautan baru</ins>" in page


def test_restoring_an_old_slug_keeps_the_newer_address_answering(editor_client, client):
    editor_client.post(
        ADD_URL,
        article_form_data(title="Berita", slug="alamat-lama", body=BODY, status="published"),
    )
    article = Article.objects.get(slug="alamat-lama")
    editor_client.post(change_url(article), article_form_data(article, slug="alamat-baru"))
    first = Version.objects.get_for_object(article).order_by("pk").first()

    editor_client.post(
        f"{history_url(article)}{first.pk}/",
        article_form_data(Article.objects.get(pk=article.pk), slug="alamat-lama"),
    )

    assert Article.objects.get(pk=article.pk).slug == "alamat-lama"
    response = english_client().get("/berita/alamat-baru/")
    assert response.status_code == 301
    assert response["Location"] == "/berita/alamat-lama/"


def test_editor_recovers_a_deleted_article(editor_client):
    editor_client.post(ADD_URL, article_form_data(title="Terhapus", slug="terhapus", body=BODY))
    article = Article.objects.get(slug="terhapus")
    editor_client.post(f"/admin/articles/article/{article.pk}/delete/", {"post": "yes"})

    listing = editor_client.get("/admin/articles/article/recover/")
    deleted = Version.objects.get_deleted(Article).get()
    editor_client.post(
        f"/admin/articles/article/recover/{deleted.pk}/",
        article_form_data(title="Terhapus", slug="terhapus", body=BODY),
    )

    assert "Terhapus" in listing.content.decode()
    assert Article.objects.filter(slug="terhapus").exists()


def test_recover_link_is_shown_to_editors_only(client):
    client.force_login(make_writer())
    writer_page = client.get("/admin/articles/article/").content.decode()
    client.force_login(make_editor())
    editor_page = client.get("/admin/articles/article/").content.decode()

    assert "/admin/articles/article/recover/" not in writer_page
    assert "/admin/articles/article/recover/" in editor_page


def test_renaming_a_published_slug_in_the_desk_redirects_the_old_address(editor_client, client):
    article = make_article(slug="alamat-lama")

    editor_client.post(change_url(article), article_form_data(article, slug="alamat-baru"))

    response = english_client().get("/berita/alamat-lama/")
    assert response.status_code == 301
    assert response["Location"] == "/berita/alamat-baru/"
    assert SlugRedirect.objects.get().article == article


# Preview


@pytest.mark.parametrize(
    ("status", "hours_to_publication"),
    [("draft", None), ("review", None), ("published", 24)],
)
def test_staff_preview_renders_an_unpublished_article_as_readers_will_see_it(
    editor_client, status, hours_to_publication
):
    published_at = hours_to_publication and timezone.now() + timedelta(hours=hours_to_publication)
    article = make_article(
        title="Belum terbit", body=BODY, status=status, published_at=published_at
    )

    response = editor_client.get(f"/pratinjau/{article.pk}/")

    page = response.content.decode()
    assert response.status_code == 200
    assert response.templates[0].name == "articles/article_detail.html"
    assert "Belum terbit" in page
    assert "Paragraf dua." in page
    assert 'class="preview-banner"' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert "no-store" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"


def test_anonymous_reader_gets_404_for_a_preview(client):
    article = make_article(status="draft", published_at=None)

    assert client.get(f"/pratinjau/{article.pk}/").status_code == 404


def test_writer_previews_their_own_draft_but_not_another_writers(client):
    writer = make_writer()
    own = make_article(created_by=writer, status="draft", published_at=None)
    others = make_article(status="draft", published_at=None)
    client.force_login(writer)

    assert client.get(f"/pratinjau/{own.pk}/").status_code == 200
    assert client.get(f"/pratinjau/{others.pk}/").status_code == 404


def test_change_form_links_to_the_preview_of_an_unpublished_article(editor_client):
    article = make_article(status="draft", published_at=None)

    page = editor_client.get(change_url(article)).content.decode()

    assert f'href="/pratinjau/{article.pk}/"' in page
    assert f'href="{article.get_absolute_url()}"' not in page


# Roles


def test_setup_roles_is_idempotent():
    call_command("setup_roles", stdout=io.StringIO())
    output = io.StringIO()
    call_command("setup_roles", stdout=output)

    writers, editors = Group.objects.get(name=WRITERS), Group.objects.get(name=EDITORS)
    assert Group.objects.count() == 2
    assert "Updated group Penulis." in output.getvalue()
    assert writers.permissions.filter(codename="change_article").exists()
    assert not writers.permissions.filter(codename="publish_article").exists()
    assert editors.permissions.filter(codename="publish_article").exists()


def test_demo_content_sets_up_an_editor_and_a_writer(settings):
    settings.LANGUAGE_CODE = "en"
    output = io.StringIO()

    call_command("demo_content", articles=3, stdout=output)
    call_command("demo_content", articles=3, stdout=io.StringIO())

    users = {u.username: u for u in get_user_model().objects.all()}
    assert not users["redaktur"].is_superuser and users["redaktur"].is_staff
    assert users["redaktur"].has_perm(Article.PUBLISH_PERMISSION)
    assert users["penulis"].groups.get().name == WRITERS
    assert users["penulis"].author.articles.exists()
    assert "penulis / " in output.getvalue()


def test_a_slug_that_is_another_articles_old_address_is_refused(editor_client):
    renamed = make_article(slug="alamat-lama")
    renamed.slug = "alamat-baru"
    renamed.save()
    other = make_article(slug="artikel-lain")

    response = editor_client.post(change_url(other), article_form_data(other, slug="alamat-lama"))

    assert response.status_code == 200
    assert "old address of another article" in response.content.decode()
    other.refresh_from_db()
    assert other.slug == "artikel-lain"
    reader = english_client().get("/berita/alamat-lama/")
    assert reader.status_code == 301
    assert reader["Location"] == "/berita/alamat-baru/"


def test_renaming_never_removes_or_takes_over_another_articles_redirect():
    first = make_article(slug="banjir-jakarta")
    first.slug = "banjir-jakarta-utara"
    first.save()
    # A slug saved without the form's check (an import, the shell) and renamed again.
    second = make_article(slug="gempa-cianjur")
    Article.objects.filter(pk=second.pk).update(slug="banjir-jakarta")
    second = Article.objects.get(pk=second.pk)
    second.slug = "gempa-cianjur-2"
    second.save()
    # And back: the new slug is another article's old address.
    third = make_article(slug="pemilu")
    third.slug = "banjir-jakarta"
    third.save()

    assert SlugRedirect.objects.get(old_slug="banjir-jakarta").article == first


def test_a_slug_made_from_a_title_avoids_other_articles_old_addresses():
    renamed = make_article(title="Harga Beras Naik", slug="")
    assert renamed.slug == "harga-beras-naik"
    renamed.slug = "harga-beras-naik-lagi"
    renamed.save()

    new = make_article(title="Harga Beras Naik", slug="")
    assert new.slug == "harga-beras-naik-2"
