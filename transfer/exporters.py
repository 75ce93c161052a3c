"""JSON Lines out: the exchange format that `import_articles` reads back.

The documented keys come first (title, slug, lead, body, published_at, section, tags,
source, author, related); the rest carry what a round trip needs so that nothing is lost.
`related[].position` counts paragraphs from 0, as in the shared corpus; the model counts
from 1. Articles are streamed oldest first, so a link usually points at an article the
importer has already seen.
"""

import json
from datetime import datetime, time, timedelta

from django.db.models import F, Prefetch
from django.utils import timezone

from articles import embed_markup
from articles.models import Article, Author, Correction, RelatedLink
from articles.ninjs import to_ninjs

CHUNK_SIZE = 500


def articles_to_export(*, status=None, section=None, tag=None, source=None, since=None, until=None):
    """The articles an export covers; dates are whole days in the current time zone."""
    articles = Article.objects.all()
    if status:
        articles = articles.filter(status=status)
    if section:
        articles = articles.filter(section__slug=section)
    if tag:
        articles = articles.filter(tags__slug=tag)
    if source:
        articles = articles.from_source(source)
    if since:
        articles = articles.filter(published_at__gte=_midnight(since))
    if until:
        articles = articles.filter(published_at__lt=_midnight(until + timedelta(days=1)))
    return articles


def _midnight(day):
    return timezone.make_aware(datetime.combine(day, time()))


def _exported(articles):
    """`articles` with what a record shows, fetched per chunk, oldest first."""
    links = RelatedLink.objects.select_related("target").only(
        "article_id",
        "position",
        "order",
        "title",
        "url",
        *(f"target__{field}" for field in ("title", "slug", "status", "published_at")),
        "target__taken_down_at",
    )
    return (
        articles.select_related("section", "source", "featured_image")
        .prefetch_related(
            "tags",
            # In byline order: `author` is the first one, `authors` all of them in order.
            Prefetch("authors", queryset=Author.objects.in_byline_order()),
            "credited_sources",
            Prefetch("related_links", queryset=links.order_by("order", "pk")),
        )
        .without_search_columns()
        .order_by(F("published_at").asc(nulls_last=True), "pk")
    )


def write_jsonl(articles, stream):
    """Write `articles` to the text `stream`, one JSON object a line; returns the count.

    Rows are read in chunks, with their tags, authors and links fetched per chunk, so the
    memory used does not grow with the size of the archive.
    """
    count = 0
    for article in _exported(articles).iterator(chunk_size=CHUNK_SIZE):
        stream.write(json.dumps(article_record(article), ensure_ascii=False) + "\n")
        count += 1
    return count


def write_ninjs(articles, stream, base_url):
    """Write `articles` as IPTC ninjs 2.1 objects, one a line (JSON Lines, as `write_jsonl`:
    streamed in chunks, each line a whole ninjs document); returns the count."""
    articles = _exported(articles).prefetch_related(
        Prefetch("corrections", queryset=Correction.objects.order_by("created_at", "pk"))
    )
    count = 0
    for article in articles.iterator(chunk_size=CHUNK_SIZE):
        stream.write(json.dumps(to_ninjs(article, base_url), ensure_ascii=False) + "\n")
        count += 1
    return count


def _moment(value):
    return timezone.localtime(value).isoformat() if value else None


def _source(source):
    return {"name": source.name, "url": source.url, "kind": source.kind, "slug": source.slug}


def _author(author):
    return {
        "name": author.name,
        "initials": author.initials,
        "slug": author.slug,
        "bio": author.bio,
    }


def _link(link):
    item = {"title": link.display_title}
    if link.target_id:
        item["slug"] = link.target.slug
    elif link.url:
        item["url"] = link.url
    item["position"] = link.position - 1 if link.position else None
    item["order"] = link.order
    return item


def article_record(article):
    """One article as a dict of the exchange format."""
    authors = [_author(a) for a in article.authors.all()]
    tags = list(article.tags.all())
    section = article.section
    image = article.featured_image
    record = {
        "title": article.title,
        "slug": article.slug,
        "lead": article.lead,
        # An embed is a plain link to the original (articles/embed_markup.py).
        "body": embed_markup.as_links(article.body),
        "published_at": _moment(article.published_at),
        "section": section.name if section else None,
        "tags": [tag.name for tag in tags],
        "source": _source(article.source) if article.source else None,
        "author": authors[0] if authors else None,
        "related": [_link(link) for link in article.related_links.all()],
        "status": article.status,
        "dateline": article.dateline,
        "language": article.language,
        "kind": article.kind,
        "unverified": article.unverified,
        "embargo_until": _moment(article.embargo_until),
        # A taken-down article stays down wherever it is imported again.
        "taken_down_at": _moment(article.taken_down_at),
        "takedown_reason": article.takedown_reason,
        "credited_sources": [_source(s) for s in article.credited_sources.all()],
        "section_detail": {
            "name": section.name,
            "slug": section.slug,
            "description": section.description,
            "position": section.position,
        }
        if section
        else None,
        "tag_details": [{"name": tag.name, "slug": tag.slug} for tag in tags],
        "featured_image": {
            "file": image.file.name,
            "alt_text": image.alt_text,
            "caption": image.caption,
            "credit": image.credit,
        }
        if image
        else None,
        "created_at": _moment(article.created_at),
        "updated_at": _moment(article.updated_at),
    }
    if len(authors) > 1:
        record["authors"] = authors
    if article.import_id:
        record["id"] = article.import_id
        record["import_source"] = article.import_source
    return record
