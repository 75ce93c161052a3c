"""The records of a batch set against the stored articles, before anything is written.

What a batch needs to read (which of its articles exist, with their tags, authors and links;
link targets; taken slugs) is read in a few queries. A record's own values are checked, and
compared with its stored article, before anything of it is written.
"""

from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _

from articles.models import SEARCH_COLUMNS, Article
from transfer.importers import ImportedArticle, pictures
from transfer.importers.links import SourcedRef, Targets, stored_links
from transfer.importers.lookups import ImportKey, import_key, imported_from, plain

# Fields a record's own values are checked against; relations are checked in the database.
UNCHECKED_FIELDS = ["section", "source", "featured_image", *SEARCH_COLUMNS]


def pairs(model, column, article_ids):
    """{article id: {related ids}} through a many-to-many table, in one query."""
    found = defaultdict(set)
    rows = model.objects.filter(article_id__in=article_ids).order_by()
    for article_id, other_id in rows.values_list("article_id", column):
        found[article_id].add(other_id)
    return found


def bylines(article_ids):
    """{article id: [author ids]} in byline order (the first author first), in one query."""
    found = defaultdict(list)
    rows = Article.authors.through.objects.filter(article_id__in=article_ids)  # byline order
    for article_id, author_id in rows.values_list("article_id", "author_id"):
        found[article_id].append(author_id)
    return found


def article_values(record, status, warn):
    """Plain field values of the record's article, checked before any query.

    `status` replaces the record's own when given; `warn(location, message)` tells a warning.
    """
    title = plain(" ".join(record.title.split()))
    if not title:
        raise ValueError(_("the article has no headline"))
    if not record.import_id:
        raise ValueError(_("the article has no id to recognise it by on the next run"))
    status = status or record.status or Article.Status.PUBLISHED
    if status not in Article.Status.values:
        raise ValueError(_("unknown status “%(status)s”") % {"status": status})
    if record.restricted:
        status = Article.Status.DRAFT
    if status == Article.Status.PUBLISHED and record.published_at is None:
        warn(record.location, _("no publication time: imported as a draft"))
        status = Article.Status.DRAFT
    return {
        "title": title,
        "lead": plain(record.lead),
        "body": record.body,
        "dateline": plain(record.dateline),
        "status": status,
        "published_at": record.published_at,
        "language": record.language or settings.LANGUAGE_CODE,
        **record.fields,
    }


class Batch:
    """What the records of one batch need to read, read in a few queries."""

    def __init__(self, records):
        keys = defaultdict(list)
        for record in records:
            key = import_key(record)
            keys[key.import_source].append(key.import_id)
        self.articles = {
            ImportKey(article.import_source, article.import_id): article
            for source, ids in keys.items()
            for article in imported_from(source).filter(import_id__in=ids).without_search_columns()
        }
        ids = [article.pk for article in self.articles.values()]
        self.tags = pairs(Article.tags.through, "tag_id", ids)
        self.authors = bylines(ids)
        self.credited = pairs(Article.credited_sources.through, "source_id", ids)
        self.links = stored_links(ids)
        self.targets = Targets(
            SourcedRef(import_key(record).import_source, ref)
            for record in records
            for ref in record.related
        )
        self.taken_slugs = set(
            Article.objects.filter(slug__in={record.slug for record in records if record.slug})
            .order_by()
            .values_list("slug", flat=True)
        )

    def checked(self, record, values, free_slug):
        """The record's article with its own `values`, as stored, and checked; writes nothing.

        Returns the article (a stored one when the import key is known) and the names of
        the fields the record changes in a stored article. A new article's slug comes from
        `free_slug(record, taken_slugs)`.
        """
        key = import_key(record)
        article = self.articles.get(key)
        if article is None:
            article = Article(import_source=key.import_source, import_id=key.import_id, **values)
            article.clean_fields(exclude=[*UNCHECKED_FIELDS, "slug"])
            # Reserved only now, so a record that fails takes no slug from the others.
            article.slug = free_slug(record, self.taken_slugs)
            article.normalize()
            return article, []
        before = {name: getattr(article, name) for name in values}
        # The pictures a previous run stored stay where they are (not copied again).
        values["body"] = pictures.reuse(values["body"], article.body)
        for name, value in values.items():
            setattr(article, name, value)
        # Compared as save() will store it (a sanitized body), so a rerun changes nothing.
        article.normalize()
        changed = [name for name in values if getattr(article, name) != before[name]]
        if changed:
            article.clean_fields(exclude=UNCHECKED_FIELDS)
        return article, changed


@dataclass
class Entry:
    """A record of a batch, checked, with the ids of what it names, waiting to be written."""

    record: ImportedArticle
    article: Article
    changed: list
    section_id: int | None
    source_id: int | None
    tag_ids: list
    author_ids: list
    credited_ids: list
