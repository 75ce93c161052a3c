"""Takedown: an article leaves every public surface, its address answers 410 with the
public reason, and the newsroom keeps its text and history."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.utils import translation
from reversion.models import Version

from articles.models import Article, RelatedLink
from tests.desk_helpers import (
    CHANGELIST_URL,
    article_form_data,
    change_url,
    make_writer,
)
from tests.helpers import make_article, make_section, make_tag

pytestmark = pytest.mark.django_db

REASON = "Dicabut atas permintaan Dewan Pers karena melanggar Pedoman Pemberitaan Media Siber."
WORD = "Rahasiakota"


@pytest.fixture
def story():
    section = make_section(name="Nasional", slug="nasional")
    tag = make_tag(name="Banjir", slug="banjir")
    article = make_article(
        title=f"{WORD} Tergenang Banjir",
        slug="kota-tergenang",
        body=f"<p>{WORD} tergenang sejak pagi.</p>",
        section=section,
        tags=[tag],
    )
    make_article(title="Berita lain tetap tampil", section=section, tags=[tag])
    return article


def take_down(client, article, reason=REASON):
    return client.post(
        CHANGELIST_URL,
        {"action": "take_down", "_selected_action": [article.pk], "apply": "1", "reason": reason},
    )


def taken_down(editor, article):
    article.take_down(REASON, by=editor)
    return article


def test_editor_takes_an_article_down_through_the_desk(separate_editor_client, story):
    form_page = separate_editor_client.post(
        CHANGELIST_URL, {"action": "take_down", "_selected_action": [story.pk], "index": "0"}
    )
    assert form_page.status_code == 200
    assert "reason" in form_page.context["form"].fields

    response = take_down(separate_editor_client, story)

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.taken_down_at is not None
    assert story.takedown_reason == REASON
    assert not Article.objects.published().filter(pk=story.pk).exists()


def test_a_takedown_needs_a_reason(separate_editor_client, story):
    response = take_down(separate_editor_client, story, reason="   ")

    assert response.status_code == 200
    assert response.context["form"].errors
    assert Article.objects.get(pk=story.pk).taken_down_at is None


def test_only_editors_with_the_permission_may_take_articles_down(client, story):
    staff = get_user_model().objects.create_user("redaktur-muda", is_staff=True)
    staff.user_permissions.set(
        Permission.objects.filter(
            codename__in=["view_article", "change_article", "publish_article"]
        )
    )
    for user in [staff, make_writer()]:
        with pytest.raises(ValidationError) as refused:
            story.take_down(REASON, by=user)
        assert refused.value.code == "takedown_not_allowed"
        client.force_login(user)
        actions = client.get(CHANGELIST_URL).context["action_form"].fields["action"].choices
        assert "take_down" not in dict(actions)
        take_down(client, story)
        assert Article.objects.get(pk=story.pk).taken_down_at is None


def test_drafts_cannot_be_taken_down(editor):
    draft = make_article(status=Article.Status.DRAFT, published_at=None)

    with pytest.raises(ValidationError) as refused:
        draft.take_down(REASON, by=editor)

    assert refused.value.code == "not_published"


def test_the_address_answers_gone_with_the_public_reason(client, editor, story):
    taken_down(editor, story)

    response = client.get(story.get_absolute_url())

    assert response.status_code == 410
    page = response.content.decode()
    assert REASON in page
    assert story.title not in page
    assert '<meta name="robots" content="noindex">' in page
    with translation.override("id"):
        assert translation.gettext("This article has been taken down") in page


def test_the_gone_notice_follows_the_readers_language(client, editor, story):
    taken_down(editor, story)
    client.cookies["django_language"] = "en"

    response = client.get(story.get_absolute_url())

    assert response.status_code == 410
    assert response["Content-Language"] == "en"
    assert "This article has been taken down" in response.content.decode()


def test_an_old_address_of_a_taken_down_article_answers_gone_too(client, editor, story):
    old = story.get_absolute_url()
    story.slug = "kota-tergenang-banjir"
    story.save()
    taken_down(editor, story)

    assert client.get(old).status_code == 410
    assert client.get(story.get_absolute_url()).status_code == 410


def test_an_address_that_never_existed_is_still_not_found(client, editor, story):
    taken_down(editor, story)

    assert client.get("/berita/tidak-pernah-ada/").status_code == 404


def test_a_taken_down_article_leaves_every_list_feed_sitemap_and_search(client, editor, story):
    other = make_article(title="Baca juga ini")
    RelatedLink.objects.create(article=other, target=story)
    urls = [
        "/",
        "/berita/",
        "/rubrik/nasional/",
        "/tag/banjir/",
        f"/cari/?q={WORD}",
        "/feed/",
        "/feed/atom/",
        "/rubrik/nasional/feed/",
        "/tag/banjir/feed/",
        "/sitemap-articles.xml",
        "/sitemap-news.xml",
        other.get_absolute_url(),
    ]
    before = {url: client.get(url).content.decode() for url in urls}
    assert all(story.slug in page for page in before.values())

    taken_down(editor, story)

    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        assert story.slug not in response.content.decode(), url
        assert story.title not in response.content.decode(), url


def test_the_newsroom_keeps_the_text_and_history(separate_editor_client, editor, story):
    separate_editor_client.post(change_url(story), article_form_data(story, title=story.title))
    take_down(separate_editor_client, story)
    story.refresh_from_db()

    assert WORD in story.body
    versions = Version.objects.get_for_object(story)
    assert versions.count() == 2
    assert versions.first().field_dict["takedown_reason"] == REASON
    change_page = separate_editor_client.get(change_url(story))
    assert change_page.status_code == 200
    assert REASON in change_page.content.decode()
    assert separate_editor_client.get(f"/pratinjau/{story.pk}/").status_code == 200


def test_a_taken_down_article_cannot_be_published_again(editor, story):
    taken_down(editor, story)

    with pytest.raises(ValidationError) as refused:
        story.publish(by=editor)

    assert refused.value.code == "taken_down"


def test_putting_an_article_back_makes_it_public_again(
    client, separate_editor_client, editor, story
):
    taken_down(editor, story)

    separate_editor_client.post(
        CHANGELIST_URL, {"action": "put_back", "_selected_action": [story.pk], "index": "0"}
    )

    story.refresh_from_db()
    assert story.taken_down_at is None
    assert client.get(story.get_absolute_url()).status_code == 200


def test_restoring_an_old_version_does_not_undo_a_takedown(
    client, separate_editor_client, editor, story
):
    separate_editor_client.post(change_url(story), article_form_data(story, title="Versi pertama"))
    separate_editor_client.post(change_url(story), article_form_data(story, title="Versi kedua"))
    taken_down(editor, story)
    first = Version.objects.get_for_object(story).order_by("pk").first()

    response = separate_editor_client.post(
        f"/admin/articles/article/{story.pk}/history/{first.pk}/",
        article_form_data(Article.objects.get(pk=story.pk), title="Versi pertama"),
    )

    assert response.status_code == 302
    story.refresh_from_db()
    assert story.title == "Versi pertama"
    assert story.takedown_reason == REASON
    assert client.get(story.get_absolute_url()).status_code == 410


def test_the_desk_lists_taken_down_articles_apart(separate_editor_client, editor, story):
    taken_down(editor, story)

    response = separate_editor_client.get(CHANGELIST_URL, {"state": "taken_down"})

    assert [article.pk for article in response.context["cl"].result_list] == [story.pk]
    with translation.override("id"):
        assert response.context["cl"].result_list[0].state_label == translation.gettext(
            "Taken down"
        )
