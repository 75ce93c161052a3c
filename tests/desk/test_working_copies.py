"""Working copies of published articles in the desk: saved apart, reviewed, previewed,
published into the article; a concurrent edit of the live article is caught."""

import pytest
from django.test import Client
from reversion.models import Version

from articles.models import Article, ArticleWorkingCopy
from tests.desk_helpers import article_form_data, change_url, make_editor
from tests.helpers import make_article, make_section, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]

LIVE_BODY = "<p>Versi terbit yang dibaca pembaca.</p>"
NEW_BODY = "<p>Versi baru yang masih dikerjakan redaksi.</p>"


@pytest.fixture
def live():
    return make_article(title="Judul Terbit", slug="judul-terbit", body=LIVE_BODY)


def opened(client, article):
    """The change form as opened: its version stamps, to post back."""
    form = client.get(change_url(article)).context["adminform"].form
    return {
        "loaded_version": form["loaded_version"].value(),
        "loaded_copy": form["loaded_copy"].value() or "",
    }


def keep(client, article, button="_working_copy", **fields):
    data = article_form_data(article, title="Judul Baru", body=NEW_BODY, **fields)
    return client.post(change_url(article), data | opened(client, article) | {button: "1"})


def test_saving_a_change_leaves_the_article_as_readers_know_it(editor_client, live):
    before = Article.objects.get(pk=live.pk).updated_at
    tag = make_tag(name="Baru", slug="baru")

    response = keep(editor_client, live, tags=[tag.pk])

    assert response.status_code == 302
    stored = Article.objects.get(pk=live.pk)
    assert (stored.title, stored.body, stored.updated_at) == ("Judul Terbit", LIVE_BODY, before)
    assert list(stored.tags.all()) == []
    copy = ArticleWorkingCopy.objects.get(article=live)
    assert copy.fields["title"] == "Judul Baru" and copy.fields["tags"] == [tag.pk]
    assert copy.status == ArticleWorkingCopy.Status.DRAFT
    assert not Version.objects.get_for_object(live).exists()  # no version of the article


def test_the_form_then_shows_the_change_with_its_own_buttons(editor_client, live):
    keep(editor_client, live)

    response = editor_client.get(change_url(live))

    page = response.content.decode()
    assert response.context["adminform"].form["title"].value() == "Judul Baru"
    assert "Unpublished change" in page and "Readers still see the published version" in page
    assert 'name="_publish_change"' in page and 'name="_save"' not in page
    assert f'href="/pratinjau/{live.pk}/perubahan/"' in page


def test_the_preview_shows_the_change_and_the_article_page_the_live_text(
    editor_client, live, client
):
    section = make_section(name="Ekonomi", slug="ekonomi")
    keep(editor_client, live, section=section.pk)

    preview = editor_client.get(f"/pratinjau/{live.pk}/perubahan/").content.decode()

    assert "Judul Baru" in preview and "masih dikerjakan redaksi" in preview
    assert "Ekonomi" in preview
    reader = Client().get("/berita/judul-terbit/").content.decode()
    assert "Judul Terbit" in reader and "masih dikerjakan" not in reader


def test_readers_never_open_the_preview_of_a_change(editor_client, live):
    keep(editor_client, live)

    assert Client().get(f"/pratinjau/{live.pk}/perubahan/").status_code == 404


def test_submitting_a_change_for_review(editor_client, live):
    response = keep(editor_client, live, button="_working_copy_review")

    assert response.status_code == 302
    assert ArticleWorkingCopy.objects.get().status == ArticleWorkingCopy.Status.REVIEW
    assert Article.objects.get(pk=live.pk).title == "Judul Terbit"


def test_publishing_the_change_copies_it_into_the_article(editor_client, live):
    tag = make_tag(name="Baru", slug="baru")
    keep(editor_client, live, tags=[tag.pk])
    article = Article.objects.get(pk=live.pk)
    data = article_form_data(article, title="Judul Baru", body=NEW_BODY, tags=[tag.pk])

    response = editor_client.post(
        change_url(live), data | opened(editor_client, live) | {"_publish_change": "1"}
    )

    assert response.status_code == 302
    article = Article.objects.get(pk=live.pk)
    assert (article.title, article.body) == ("Judul Baru", NEW_BODY)
    assert list(article.tags.all()) == [tag]
    assert article.status == Article.Status.PUBLISHED
    assert not ArticleWorkingCopy.objects.exists()
    assert Version.objects.get_for_object(article).first().field_dict["title"] == "Judul Baru"


def test_the_history_lists_the_published_versions_and_the_changes_saves(editor_client, live):
    keep(editor_client, live)
    keep(editor_client, live, button="_working_copy_review")

    page = editor_client.get(f"/admin/articles/article/{live.pk}/history/").content.decode()

    assert "Saves of unpublished changes" in page
    assert page.count("Judul Baru") >= 2 and "In review" in page


def test_discarding_the_change(editor_client, live):
    keep(editor_client, live)

    editor_client.post(change_url(live), {"_discard_working_copy": "1"})

    assert not ArticleWorkingCopy.objects.exists()
    assert Article.objects.get(pk=live.pk).title == "Judul Terbit"


def test_an_edit_of_the_live_article_after_the_change_was_saved_blocks_publishing(
    editor_client, live
):
    keep(editor_client, live)
    # A colleague fixes the live article directly meanwhile.
    Article.objects.filter(pk=live.pk).update(title="Judul Terbit Diperbaiki")
    article = Article.objects.get(pk=live.pk)
    article.save()

    data = article_form_data(article, title="Judul Baru", body=NEW_BODY)
    response = editor_client.post(
        change_url(live), data | opened(editor_client, live) | {"_publish_change": "1"}
    )

    assert response.status_code == 200
    assert "after this unpublished change was last saved" in response.content.decode()
    assert Article.objects.get(pk=live.pk).title == "Judul Terbit Diperbaiki"
    assert ArticleWorkingCopy.objects.exists()


def test_an_edit_of_the_live_article_while_the_change_is_open_is_caught(editor_client, live):
    keep(editor_client, live)
    stamps = opened(editor_client, live)  # the editor opens the change …
    article = Article.objects.get(pk=live.pk)
    article.title = "Disunting Orang Lain"
    article.save()  # … and someone saves the live article

    data = article_form_data(article, title="Judul Baru", body=NEW_BODY)
    response = editor_client.post(change_url(live), data | stamps | {"_publish_change": "1"})

    assert response.status_code == 200
    assert "after you opened it" in response.content.decode()
    assert Article.objects.get(pk=live.pk).title == "Disunting Orang Lain"


def test_two_editors_saving_the_same_change(editor_client, live):
    keep(editor_client, live)
    stamps = opened(editor_client, live)
    other = Client()
    other.force_login(make_editor("budi"))
    keep(other, live, lead="Ringkasan Budi.")

    data = article_form_data(Article.objects.get(pk=live.pk), title="Judul Siti")
    response = editor_client.post(change_url(live), data | stamps | {"_working_copy": "1"})

    assert response.status_code == 200
    assert "Someone saved the unpublished change after you opened it" in (response.content.decode())
    assert ArticleWorkingCopy.objects.get().fields["lead"] == "Ringkasan Budi."


def test_publication_fields_are_not_part_of_a_change(editor_client, live):
    response = keep(editor_client, live, status="draft")

    assert response.status_code == 200
    assert not ArticleWorkingCopy.objects.exists()


def test_a_draft_has_no_working_copy(editor_client):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)

    page = editor_client.get(change_url(draft)).content.decode()

    assert 'name="_working_copy"' not in page


def test_publish_outside_the_form(editor, live):
    copy = ArticleWorkingCopy.keep(live, {"title": "Judul Lewat Model"}, by=editor)

    copy.publish(by=editor)

    assert Article.objects.get(pk=live.pk).title == "Judul Lewat Model"
    assert not ArticleWorkingCopy.objects.exists()


def test_the_change_form_has_no_inlines_and_publishes_without_them(editor_client, live):
    keep(editor_client, live)
    page = editor_client.get(change_url(live)).content.decode()
    assert "related_links-TOTAL_FORMS" not in page
    article = Article.objects.get(pk=live.pk)
    data = {
        key: value
        for key, value in article_form_data(article, title="Judul Baru", body=NEW_BODY).items()
        if not key.startswith(("related_links-", "corrections-"))
    }

    response = editor_client.post(
        change_url(live), data | opened(editor_client, live) | {"_publish_change": "1"}
    )

    assert response.status_code == 302
    assert Article.objects.get(pk=live.pk).title == "Judul Baru"


def test_an_autosave_of_the_change_is_restored_over_it(editor_client, live):
    keep(editor_client, live)
    editor_client.post(
        f"/admin/articles/article/{live.pk}/autosave/",
        {"title": "Judul Tersimpan Otomatis", "body": NEW_BODY},
    )

    offered = editor_client.get(change_url(live)).content.decode()
    restored = editor_client.get(f"{change_url(live)}?pulihkan=1")

    assert "?pulihkan=1" in offered
    form = restored.context["adminform"].form
    assert form["title"].value() == "Judul Tersimpan Otomatis"
    assert form["lead"].value() == ArticleWorkingCopy.objects.get().fields["lead"]
