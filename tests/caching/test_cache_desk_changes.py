"""Only changes readers can see touch the readers' caches.

Saving a draft used to move the content version: `Last-Modified` and the ETag of every
public page and feed moved whenever a writer saved (telling the world when the desk works),
and the whole readers' cache was emptied each time. A page's ETag is now its content's.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction, RelatedLink, StaticPage
from tests.helpers import make_article, make_image, make_tag

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = ["/", "/berita/", "/feed/"]


@pytest.fixture
def desk(page_cache):
    published = make_article(title="Harga Cabai Turun")
    draft = make_article(title="Draf Harga Beras", status=Article.Status.DRAFT, published_at=None)
    return published, draft


def validators(client):
    """What a browser or CDN revalidates public pages with."""
    answers = [client.get(url) for url in PUBLIC_PAGES]
    return [(response.get("Last-Modified"), response.get("ETag")) for response in answers]


def test_work_on_a_draft_leaves_public_pages_and_their_validators_alone(
    desk, client, django_assert_num_queries
):
    published, draft = desk
    before = validators(client)

    draft.title = "Draf Harga Beras Naik"
    draft.body = "<p>Masih ditulis.</p>"
    draft.save()
    draft.tags.add(make_tag())
    RelatedLink.objects.create(article=draft, target=published)
    Correction.objects.create(article=draft, text="Nama diperbaiki.")
    draft.status = Article.Status.REVIEW
    draft.save()
    make_image()
    StaticPage.objects.create(title="Belum Terbit", slug="belum-terbit")

    assert validators(client) == before
    with django_assert_num_queries(0):  # still served from the page cache
        client.get("/")


@pytest.mark.parametrize(
    ("change", "pages_changed"),
    [
        ("edit published", PUBLIC_PAGES),
        ("publish draft", PUBLIC_PAGES),
        # Nothing shows until its time comes (tests/caching/test_what_changes.py).
        ("schedule draft", []),
        ("unpublish", PUBLIC_PAGES),
        # Cards show no tags; the feed gives each item's.
        ("tag published", ["/feed/"]),
    ],
)
def test_a_change_readers_can_see_moves_the_validators_of_the_pages_showing_it(
    desk, client, change, pages_changed
):
    published, draft = desk
    before = validators(client)
    if change == "edit published":
        published.title = "Harga Cabai Turun Tajam"
        published.save()
    elif change == "publish draft":
        draft.status, draft.published_at = Article.Status.PUBLISHED, timezone.now()
        draft.save()
    elif change == "schedule draft":
        draft.status = Article.Status.PUBLISHED
        draft.published_at = timezone.now() + timedelta(hours=2)
        draft.save()
    elif change == "unpublish":
        published.status, published.published_at = Article.Status.DRAFT, None
        published.save()
    else:
        published.tags.add(make_tag())

    after = validators(client)
    moved = [
        url for url, old, new in zip(PUBLIC_PAGES, before, after, strict=True) if old[1] != new[1]
    ]
    assert moved == pages_changed, change
