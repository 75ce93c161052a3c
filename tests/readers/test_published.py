"""`Article.objects.published()` is the one gate between the newsroom and its readers."""

from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article
from tests.helpers import make_article

pytestmark = pytest.mark.django_db


def test_published_excludes_drafts_review_copies_and_scheduled_articles():
    visible = make_article(title="Sudah terbit")
    make_article(title="Draf", status=Article.Status.DRAFT, published_at=None)
    make_article(title="Menunggu", status=Article.Status.REVIEW, published_at=None)
    make_article(title="Terjadwal", published_at=timezone.now() + timedelta(minutes=5))

    assert list(Article.objects.published()) == [visible]


def test_an_article_whose_time_has_just_passed_is_published():
    just_now = make_article(published_at=timezone.now() - timedelta(seconds=1))
    assert just_now in Article.objects.published()
    assert just_now.is_public


def test_a_scheduled_article_appears_by_itself_when_its_time_comes():
    soon = make_article(published_at=timezone.now() + timedelta(hours=1))
    assert soon not in Article.objects.published()
    assert not soon.is_public

    # No job runs in between: the gate compares with the clock on every query.
    Article.objects.filter(pk=soon.pk).update(published_at=timezone.now() - timedelta(seconds=1))
    assert soon in Article.objects.published()
