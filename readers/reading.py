"""What the article page is made of besides the article: its paragraphs with their “Baca
Juga” boxes, and related news picked by shared tags."""

from django.db import models
from django.db.models import Q

from articles import html
from articles.models import Article, Author, Source, Tag
from articles.models.querysets import card_byline
from caching.keys import key_of, keys_of, list_key


def reading_blocks(article, links):
    """The body of `article` as paragraphs, each with the “Baca Juga” links that follow it.

    Returns `(blocks, closing_links)`: `blocks` is a list of `(html, links)` pairs, the
    html ready to show (sanitized as shown, so it can be kept with the page's data);
    links without a position, or past the last paragraph, close the body.
    """
    paragraphs = [
        html.reader_html(block, sponsored=article.is_sponsored)
        for block in html.split_blocks(article.body)
    ]
    following = [[] for _ in paragraphs]
    closing = []
    for link in links:
        if link.position and link.position <= len(paragraphs):
            following[link.position - 1].append(link)
        else:
            closing.append(link)
    return list(zip(paragraphs, following, strict=True)), closing


# Related news is picked among this many of the newest articles sharing a tag, so the
# page costs the same with a tag on 30,000 articles as on 30.
RELATED_CANDIDATES = 100


def automatic_related(article, tag_ids, *, exclude_ids=(), limit=4):
    """Recent published articles sharing the most tags with `article`, newest first."""
    if not tag_ids or limit <= 0:
        return Article.objects.none()
    sharing_a_tag = Article.tags.through.objects.filter(
        article=models.OuterRef("pk"), tag__in=tag_ids
    )
    candidates = (
        Article.objects.published()
        .filter(models.Exists(sharing_a_tag))
        .exclude(pk__in=[article.pk, *exclude_ids])
        .order_by("-published_at")
        .values("pk")[:RELATED_CANDIDATES]
    )
    return (
        Article.objects.filter(pk__in=candidates)
        .annotate(shared_tags=models.Count("tags", filter=Q(tags__in=tag_ids)))
        .order_by("-shared_tags", "-published_at", "-pk")
        .only("title", "slug", "published_at")[:limit]
    )


def keys_shown(article, reading):
    """The content keys of what the article page shows besides its related news (kept apart,
    `readers.views.ArticleDetailView`): the article, its section, picture, sources, authors
    and tags, and each article it links to or names, public now or not (it may become so)."""
    keys = [key_of(article)]
    for name, pk in [
        ("section", article.section_id),
        ("image", article.featured_image_id),
        ("source", article.source_id),
    ]:
        if pk:
            keys.append(f"{name}-{pk}")
    keys += keys_of(Author, [author.pk for author in article.authors.all()])
    keys += keys_of(Source, [source.pk for source in article.credited_sources.all()])
    tag_ids = [tag.pk for tag in reading["tags"]]
    keys += keys_of(Tag, tag_ids)
    for entry in reading.get("topics", ()):
        keys += [key_of(entry["topic"]), list_key(entry["topic"])]
    linked = [
        *reading["link_target_ids"],
        *(entry.reply_id for entry in article.corrections.all() if entry.reply_id),
    ]
    entry = getattr(article, "reply_entry", None)
    if entry is not None:
        linked.append(entry.article_id)
    return keys + keys_of(Article, linked)


def card_keys(article, *, picture=True, byline=True):
    """The content keys of what a card shows of `article`: with its picture and its byline
    unless told (a search result shows neither, a section block no byline)."""
    keys = [key_of(article)]
    if article.section_id:
        keys.append(f"section-{article.section_id}")
    if byline:
        keys += keys_of(Author, [pk for pk, _name in card_byline(article)])
    if picture and article.featured_image_id:
        keys.append(f"image-{article.featured_image_id}")
    return keys
