"""Content changes move the page cache's version on (see articles/cache.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save

from . import cache
from .models import (
    Article,
    Author,
    Correction,
    Image,
    RelatedLink,
    Section,
    SlugRedirect,
    Source,
    StaticPage,
    Tag,
)

CONTENT_MODELS = [
    Article,
    Section,
    Tag,
    Source,
    Author,
    Image,
    RelatedLink,
    SlugRedirect,
    Correction,
    StaticPage,
]
CONTENT_RELATIONS = [
    Article.tags.through,
    Article.authors.through,
    Article.credited_sources.through,
]


def _content_changed(sender, **kwargs):
    cache.content_changed()


def connect():
    for model in CONTENT_MODELS:
        post_save.connect(
            _content_changed, sender=model, dispatch_uid=f"cache-save-{model.__name__}"
        )
        post_delete.connect(
            _content_changed, sender=model, dispatch_uid=f"cache-delete-{model.__name__}"
        )
    for relation in CONTENT_RELATIONS:
        m2m_changed.connect(
            _content_changed, sender=relation, dispatch_uid=f"cache-m2m-{relation.__name__}"
        )
