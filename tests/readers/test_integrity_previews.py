"""Shared previews: signed, expiring, revocable, read-only links to a draft for people
without an account, never cached and never indexed."""

import re
from datetime import timedelta

import pytest
from django.core import signing
from django.test import Client
from django.utils import timezone

from articles.models import Article, PreviewLink
from tests.desk_helpers import make_editor, make_writer
from tests.helpers import make_article

pytestmark = pytest.mark.django_db

SECRET = "Naskah yang belum terbit tentang sengketa lahan."


@pytest.fixture
def draft():
    return make_article(
        title="Sengketa Lahan di Pesisir",
        body=f"<p>{SECRET}</p>",
        status=Article.Status.DRAFT,
        published_at=None,
    )


def links_url(article):
    return f"/admin/articles/article/{article.pk}/preview-links/"


def share(editor_client, article, recipient="Pengacara kami", days=3):
    response = editor_client.post(links_url(article), {"recipient": recipient, "valid_for": days})
    assert response.status_code == 302
    return PreviewLink.objects.get(article=article, recipient=recipient)


def test_editor_makes_a_link_and_sees_it_to_copy(editor_client, draft):
    before = timezone.now()

    link = share(editor_client, draft, days=3)

    assert before + timedelta(days=3) <= link.expires_at <= timezone.now() + timedelta(days=3)
    page = editor_client.get(links_url(draft)).content.decode()
    [url] = re.findall(r'value="(http://testserver/pratinjau/tautan/[^"]+/)"', page)
    assert Client().get(url).status_code == 200


def test_the_change_form_offers_sharing_a_draft_but_not_a_live_article(editor_client, draft):
    assert editor_client.get(f"/admin/articles/article/{draft.pk}/change/").context[
        "preview_links_url"
    ] == links_url(draft)
    live = make_article()
    assert (
        "preview_links_url"
        not in editor_client.get(f"/admin/articles/article/{live.pk}/change/").context
    )


def test_a_link_lasts_at_most_two_weeks(editor_client, draft):
    response = editor_client.post(links_url(draft), {"recipient": "Narasumber", "valid_for": 30})

    assert response.status_code == 200
    assert "valid_for" in response.context["form"].errors
    assert not PreviewLink.objects.exists()


def test_writers_cannot_share_previews(client):
    writer = make_writer()
    own = make_article(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    client.force_login(writer)

    assert client.get(links_url(own)).status_code == 403
    client.post(links_url(own), {"recipient": "Teman", "valid_for": 1})
    assert not PreviewLink.objects.exists()


def test_a_valid_link_shows_the_draft_read_only_with_a_banner(editor_client, draft):
    link = share(editor_client, draft)
    reader = Client()

    response = reader.get(link.share_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert SECRET in page
    assert 'class="preview-banner"' in page
    assert '<meta name="robots" content="noindex, nofollow">' in page
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["Referrer-Policy"] == "no-referrer"
    assert reader.post(link.share_url()).status_code == 405


def test_an_expired_link_answers_gone(editor_client, draft):
    link = share(editor_client, draft)
    PreviewLink.objects.filter(pk=link.pk).update(expires_at=timezone.now())

    response = Client().get(link.share_url())

    assert response.status_code == 410
    assert SECRET not in response.content.decode()


def test_a_revoked_link_answers_gone(editor_client, draft):
    link = share(editor_client, draft)
    url = link.share_url()

    response = editor_client.post(links_url(draft), {"revoke": link.pk})

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert Client().get(url).status_code == 410
    assert "pratinjau/tautan" not in editor_client.get(links_url(draft)).content.decode()


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),
        lambda token: signing.dumps(int(signing.loads(token, salt=PreviewLink.SALT)) + 1),
        lambda token: signing.dumps(1, salt="another-purpose"),
        lambda token: "bukan-tautan",
    ],
    ids=["altered-signature", "unsalted-other-id", "other-salt", "garbage"],
)
def test_a_tampered_link_is_not_found(editor_client, draft, tamper):
    share(editor_client, draft, recipient="Satu")
    link = share(editor_client, draft, recipient="Dua")
    token = link.share_url().split("/")[-2]

    response = Client().get(f"/pratinjau/tautan/{tamper(token)}/")

    assert response.status_code == 404
    assert SECRET not in response.content.decode()


def test_a_link_is_never_served_from_the_page_cache(settings, editor_client, draft):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    link = share(editor_client, draft)
    reader = Client()
    assert reader.get(link.share_url()).status_code == 200

    link.revoke()

    assert reader.get(link.share_url()).status_code == 410


def test_a_shared_preview_never_feeds_the_kept_article_data(settings, editor_client, draft):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    link = share(editor_client, draft)
    reader = Client()
    assert SECRET in reader.get(link.share_url()).content.decode()

    public = reader.get(f"/berita/{draft.slug}/")

    assert public.status_code == 404
    assert SECRET not in public.content.decode()


def test_a_takedown_revokes_the_articles_share_links(editor_client, draft):
    link = share(editor_client, draft)
    draft.publish(by=make_editor("redaktur-2"))
    draft.take_down("Dicabut atas permintaan narasumber.", by=make_editor("redaktur-3"))

    link.refresh_from_db()
    assert not link.is_active
    response = Client().get(link.share_url())
    assert response.status_code == 410
    assert SECRET not in response.content.decode()


def test_a_share_link_of_a_taken_down_article_is_gone_even_if_never_revoked(editor_client, draft):
    link = share(editor_client, draft)
    draft.publish(by=make_editor("redaktur-2"))
    # Taken down without going through take_down() (as before links were revoked with it).
    Article.objects.filter(pk=draft.pk).update(
        taken_down_at=timezone.now(), takedown_reason="Dicabut."
    )

    response = Client().get(link.share_url())
    assert response.status_code == 410
    assert SECRET not in response.content.decode()
