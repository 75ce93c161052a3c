"""Which content keys (`caching.keys`) each change readers can see touches.

A draft or a review copy saved, tagged or linked changes no public page, so it touches no
key: the world cannot tell from the public pages when the desk is at work, and a busy desk
does not empty the cache. The signal handlers (`caching.signals`) and the importer, whose
bulk writes send no signals, move on what these return.
"""

from django.utils import timezone

from articles.models import Article, Author, Section, Source, Tag, Topic
from articles.models.article import LISTING_FIELDS

from .keys import (
    ARTICLES,
    FRAME,
    PUBLISHED,
    TOPICS,
    all_key,
    key_of,
    keys_of,
    list_key,
    list_keys_of,
)

_UNKNOWN = object()


def _public(status, published_at, taken_down_at):
    return (
        status == Article.Status.PUBLISHED
        and published_at is not None
        and published_at <= timezone.now()
        and taken_down_at is None
    )


def was_public(article):
    """Whether readers saw `article` before this save (True when that is not known)."""
    stored = article.stored_listing
    if stored is None or not {"status", "published_at", "taken_down_at"} <= stored.keys():
        return True
    return _public(stored["status"], stored["published_at"], stored["taken_down_at"])


def touches_schedule(article, created):
    """Whether a save or delete of `article` can change when the next scheduled one appears:
    it is scheduled, or was (or that is not known)."""
    if article.is_scheduled:
        return True
    if created:
        return False
    stored = article.stored_listing
    if stored is None or not {"status", "published_at"} <= stored.keys():
        return True
    return (
        stored["status"] == Article.Status.PUBLISHED
        and stored["published_at"] is not None
        and stored["published_at"] > timezone.now()
    )


def lists_of(article, *, tag_ids=None, author_ids=None, credited_ids=None, topic_ids=None):
    """The keys of every list `article` is in: all the news, its section, tags, authors,
    sources and topics. Its relations are read unless given."""
    if topic_ids is None:
        topic_ids = article.topic_entries.values_list("topic_id", flat=True)
    if tag_ids is None:
        tag_ids = article.tags.values_list("pk", flat=True)
    if author_ids is None:
        author_ids = article.authors.values_list("pk", flat=True)
    if credited_ids is None:
        credited_ids = article.credited_sources.values_list("pk", flat=True)
    sources = {*credited_ids, *([article.source_id] if article.source_id else [])}
    return {
        PUBLISHED,
        *list_keys_of(Section, [article.section_id] if article.section_id else []),
        *list_keys_of(Tag, tag_ids),
        *list_keys_of(Author, author_ids),
        *list_keys_of(Source, sources),
        *list_keys_of(Topic, topic_ids),
    }


def article_saved(article, created):
    """The keys a save of `article` touches."""
    public, before = article.is_public, False if created else was_public(article)
    if not (public or before):
        return set()
    keys = {key_of(article), ARTICLES}
    stored = {} if created else (article.stored_listing or {})
    moved = public != before or any(
        stored.get(field, _UNKNOWN) != getattr(article, field) for field in LISTING_FIELDS
    )
    if moved:
        # It entered or left lists, or moved in them (a new time, another section).
        keys |= lists_of(article)
        keys.update(
            list_keys_of(Section, [stored["section_id"]] if stored.get("section_id") else [])
        )
        keys.update(list_keys_of(Source, [stored["source_id"]] if stored.get("source_id") else []))
    return keys


def article_deleted(article):
    return {key_of(article), ARTICLES, *lists_of(article)} if was_public(article) else set()


def articles_created(created):
    """The keys touched by articles written in bulk (no signals): `created` gives each as
    `(article, tag_ids, author_ids, credited_ids)`."""
    keys = set()
    for article, tag_ids, author_ids, credited_ids in created:
        if article.is_public:
            keys |= {key_of(article), ARTICLES}
            # A new article is in no topic yet.
            keys |= lists_of(
                article,
                tag_ids=tag_ids,
                author_ids=author_ids,
                credited_ids=credited_ids,
                topic_ids=(),
            )
    return keys


def relation_changed(article_side, instance, related_model, pk_set):
    """Articles and tags (authors, sources) linked or unlinked: from the article's side
    (`instance` an article, `pk_set` the tags) or from the tag's (`pk_set` the articles)."""
    if article_side:
        # A draft's or a scheduled article's relations show nowhere yet: its publication (or
        # its time coming) moves the lists it then enters.
        if not instance.is_public:
            return set()
        return {key_of(instance), ARTICLES, *list_keys_of(related_model, pk_set)}
    return {f"{key_of(instance)}-list", ARTICLES, *keys_of(Article, pk_set)}


def taxonomy_saved(obj, created):
    """A section, tag, author or source saved: shown by name on its articles and lists. A
    new section is in the menu; a new tag, author or source is shown once an article names
    it (that article's change moves its keys then), and in the API's list of them."""
    in_menu = isinstance(obj, Section)
    if created:
        # Sections are all in the menu; the API lists every tag, author and source.
        return {FRAME} if in_menu else {all_key(type(obj))}
    return {key_of(obj), ARTICLES, *([FRAME] if in_menu else [])}


def taxonomy_deleted(obj):
    return {
        key_of(obj),
        f"{key_of(obj)}-list",
        ARTICLES,
        *([FRAME] if isinstance(obj, Section) else []),
    }


def part_changed(part):
    """A correction, Baca Juga link, old address, byline, live report or live update of an
    article."""
    article = Article.objects.filter(pk=part.article_id).only("status").first()
    if article is None or not article.concerns_readers(created=False):
        return set()
    keys = {key_of(article), ARTICLES}
    if getattr(part, "author_id", None):
        keys.update(list_keys_of(Author, [part.author_id]))
    return keys


def image_saved(image, created):
    # A new picture is on no page yet; feeds carry the pictures of their items.
    return set() if created else {key_of(image), ARTICLES}


def static_page_saved(page, created):
    """A static page: its own page, and the footer when its title, address or publication
    changed (the footer links to the published ones)."""
    if not page.concerns_readers(created=created):
        return set()
    keys = {key_of(page)}
    if created or page.stored_footer != page.footer_entry:
        keys.add(FRAME)
    return keys


def topic_saved(topic):
    """A topic's own fields, its order, or whether the home page shows it: its page and feed,
    its articles' pages (they name it), the home page's topics."""
    return {key_of(topic), list_key(topic), TOPICS}


def topic_entry_changed(entry):
    """An article put in a topic, moved in it or taken out: the topic's list, and the
    article's own page (it names its topics and their neighbours) when readers see it."""
    keys = set(list_keys_of(Topic, [entry.topic_id]))
    article = Article.objects.filter(pk=entry.article_id).only("status").first()
    if article is not None and article.concerns_readers(created=False):
        keys |= {key_of(article), ARTICLES}
    return keys
