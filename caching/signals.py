"""Changes readers can see move on the content keys they touched (see caching/changes.py)."""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete

from articles.models import (
    Article,
    Author,
    BreakingNews,
    Byline,
    Correction,
    EditorsPick,
    Embed,
    FrontPage,
    Image,
    LiveReport,
    LiveUpdate,
    RelatedLink,
    Section,
    SlugRedirect,
    Source,
    StaticPage,
    Tag,
    Topic,
    TopicArticle,
)

from . import changes, schedule
from .keys import ARTICLES, BREAKING, FRAME, FRONT_PAGE, key_of, keys_of, list_keys_of
from .versions import change

TAXONOMY = [Section, Tag, Source, Author]
# Shown only through their article.
PART_OF_AN_ARTICLE = [RelatedLink, SlugRedirect, Correction, Byline, LiveReport, LiveUpdate]
ARTICLE_RELATIONS = {
    Article.tags.through: "tags",
    Article.authors.through: "authors",
    Article.credited_sources.through: "credited_sources",
}


def _article_saved(sender, instance, created, **kwargs):
    if changes.touches_schedule(instance, created):
        schedule.forget()
    change(changes.article_saved(instance, created))


def _article_deleting(sender, instance, **kwargs):
    # Before the delete, while its tags and authors can still be read.
    if changes.touches_schedule(instance, created=False):
        schedule.forget()
    change(changes.article_deleted(instance))


def _relation_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action == "pre_clear":
        # Which ones are cleared is only known before.
        related = getattr(instance, ARTICLE_RELATIONS[sender]) if not reverse else None
        pk_set = set(
            related.values_list("pk", flat=True)
            if related is not None
            else sender.objects.filter(**{_link_field(sender, instance): instance.pk}).values_list(
                "article_id", flat=True
            )
        )
    elif action not in ("post_add", "post_remove"):
        return
    change(changes.relation_changed(not reverse, instance, model, pk_set or ()))


def _link_field(through, instance):
    for field in through._meta.get_fields():
        if getattr(field, "related_model", None) is type(instance):
            return field.attname
    raise LookupError(instance)


def _taxonomy_saved(sender, instance, created, **kwargs):
    change(changes.taxonomy_saved(instance, created))


def _taxonomy_deleted(sender, instance, **kwargs):
    change(changes.taxonomy_deleted(instance))


def _part_changed(sender, instance, **kwargs):
    change(changes.part_changed(instance))


def _image_saved(sender, instance, created, **kwargs):
    change(changes.image_saved(instance, created))


def _image_deleted(sender, instance, **kwargs):
    # Its articles are left without a picture (set to NULL, with no signal).
    change({key_of(instance), ARTICLES})


def _embed_changed(sender, instance, **kwargs):
    # Shown on the pages of the articles and updates that have it (their pages name its
    # key), and as a link in the feeds.
    change({key_of(instance), ARTICLES})


def _static_page_saved(sender, instance, created, **kwargs):
    change(changes.static_page_saved(instance, created))


def _static_page_deleted(sender, instance, **kwargs):
    change({key_of(instance), FRAME})


def _front_page_changed(sender, instance, **kwargs):
    # Its end times are scheduled changes too.
    change({FRONT_PAGE, schedule.SCHEDULE_KEY})


def _breaking_news_changed(sender, instance, **kwargs):
    change({BREAKING, schedule.SCHEDULE_KEY})


def _topic_changed(sender, instance, **kwargs):
    change(changes.topic_saved(instance))


def _topic_entry_changed(sender, instance, **kwargs):
    change(changes.topic_entry_changed(instance))


def _topic_articles_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    """`topic.articles.add()` and the like write the through rows without their signals."""
    topic_side = isinstance(instance, Topic)
    if action == "pre_clear":
        mine, theirs = ("topic_id", "article_id") if topic_side else ("article_id", "topic_id")
        pk_set = set(sender.objects.filter(**{mine: instance.pk}).values_list(theirs, flat=True))
    elif action not in ("post_add", "post_remove"):
        return
    if topic_side:
        change({f"{key_of(instance)}-list", ARTICLES, *keys_of(Article, pk_set or ())})
    elif instance.is_public:
        change({key_of(instance), ARTICLES, *list_keys_of(Topic, pk_set or ())})


def connect():
    def on_save_and_delete(model, on_save, on_delete):
        name = model.__name__
        post_save.connect(on_save, sender=model, dispatch_uid=f"cache-save-{name}")
        post_delete.connect(on_delete, sender=model, dispatch_uid=f"cache-delete-{name}")

    post_save.connect(_article_saved, sender=Article, dispatch_uid="cache-save-Article")
    pre_delete.connect(_article_deleting, sender=Article, dispatch_uid="cache-delete-Article")
    for model in TAXONOMY:
        on_save_and_delete(model, _taxonomy_saved, _taxonomy_deleted)
    for model in PART_OF_AN_ARTICLE:
        on_save_and_delete(model, _part_changed, _part_changed)
    on_save_and_delete(Image, _image_saved, _image_deleted)
    on_save_and_delete(Embed, _embed_changed, _embed_changed)
    on_save_and_delete(StaticPage, _static_page_saved, _static_page_deleted)
    for model in (FrontPage, EditorsPick):
        on_save_and_delete(model, _front_page_changed, _front_page_changed)
    on_save_and_delete(BreakingNews, _breaking_news_changed, _breaking_news_changed)
    on_save_and_delete(Topic, _topic_changed, _topic_changed)
    on_save_and_delete(TopicArticle, _topic_entry_changed, _topic_entry_changed)
    m2m_changed.connect(
        _topic_articles_changed, sender=Topic.articles.through, dispatch_uid="cache-m2m-topics"
    )
    for relation in ARTICLE_RELATIONS:
        m2m_changed.connect(
            _relation_changed, sender=relation, dispatch_uid=f"cache-m2m-{relation.__name__}"
        )
