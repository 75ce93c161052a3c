"""Changes to what readers can see move the content version on (see caching/version.py).

A draft or a review copy saved, tagged or linked changes no public page, so it leaves the
readers' caches (and their Last-Modified and ETag) alone: the world cannot tell from the
public pages when the desk is at work, and a busy desk does not empty the cache.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save

from articles.models import (
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
from caching import version

# Sections are in every page's menu; a tag, source or author shows only once an article
# names it (the article's save or relation change moves the version then).
IN_THE_MENU = [Section]
NAMED_BY_ARTICLES = [Tag, Source, Author]
# Shown only through their article.
PART_OF_AN_ARTICLE = [RelatedLink, SlugRedirect, Correction]
ARTICLE_RELATIONS = [
    Article.tags.through,
    Article.authors.through,
    Article.credited_sources.through,
]


def _changed(sender, **kwargs):
    version.content_changed()


def _named_saved(sender, instance, created, **kwargs):
    if not created:
        version.content_changed()


def _article_saved(sender, instance, created, **kwargs):
    if instance.concerns_readers(created=created):
        version.content_changed()


def _article_deleted(sender, instance, **kwargs):
    if instance.concerns_readers(created=False):
        version.content_changed()


def _part_changed(sender, instance, **kwargs):
    if Article.objects.concerning_readers().filter(pk=instance.article_id).exists():
        version.content_changed()


def _image_saved(sender, instance, created, **kwargs):
    # A new picture is on no page yet; a changed one matters where a public article shows it.
    if (
        not created
        and Article.objects.concerning_readers().filter(featured_image=instance).exists()
    ):
        version.content_changed()


def _static_page_saved(sender, instance, created, **kwargs):
    if instance.concerns_readers(created=created):
        version.content_changed()


def _relation_changed(sender, instance, reverse, **kwargs):
    # From the article's side (the desk's form) only its own status counts; from a tag's,
    # author's or source's side any of the articles may be public.
    if reverse or not isinstance(instance, Article) or instance.concerns_readers(created=False):
        version.content_changed()


def connect():
    def on_save_and_delete(model, on_save, on_delete=_changed):
        name = model.__name__
        post_save.connect(on_save, sender=model, dispatch_uid=f"cache-save-{name}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"cache-delete-{name}")

    for model in IN_THE_MENU:
        on_save_and_delete(model, _changed)
    for model in NAMED_BY_ARTICLES:
        on_save_and_delete(model, _named_saved)
    on_save_and_delete(Article, _article_saved, _article_deleted)
    for model in PART_OF_AN_ARTICLE:
        on_save_and_delete(model, _part_changed, _part_changed)
    # A deleted picture leaves its articles without one (set to NULL, with no signal).
    on_save_and_delete(Image, _image_saved)
    on_save_and_delete(StaticPage, _static_page_saved)
    for relation in ARTICLE_RELATIONS:
        m2m_changed.connect(
            _relation_changed, sender=relation, dispatch_uid=f"cache-m2m-{relation.__name__}"
        )
