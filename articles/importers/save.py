"""The one saver: stores the records every parser yields.

Each article is upserted on its import key (source and external id) in a transaction of its
own, so a bad article fails alone and a second run of the same input changes nothing.
What a record needs to read (does it exist, its tags, its link targets) is read for a
batch of records at once, before their transactions; sections, tags, sources and authors
are looked up once per run and kept in dicts. “Baca Juga” links whose target comes later
in the input are resolved in a last pass.
"""

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import cache, html, images
from articles.models import (
    Article,
    Author,
    Image,
    RelatedLink,
    Section,
    Source,
    Tag,
    unique_slug,
)

from . import ImportedArticle, Problem, Skipped

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
BATCH_SIZE = 200
# Fields a record's own values are checked against; relations are checked in the database.
UNCHECKED_FIELDS = ["section", "source", "featured_image", "search_vector"]


@dataclass
class Report:
    """What a run did, counted; problems go to `on_problem` (by default, `problems`)."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    warnings: int = 0
    skipped_kinds: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)


def import_records(items, *, status=None, dry_run=False, on_problem=None):
    """Save every `ImportedArticle` of `items`, count `Skipped` and report `Problem`s.

    `status` ("draft" or "published") replaces the status the input gives; without it an
    article keeps the input's status, or is published when the input has none. A private
    record, or one without a publication time, is never published. With `dry_run`
    nothing is written and the report tells what would have happened.
    """
    report = Report()
    run = _Run(report, status, dry_run, on_problem or report.problems.append)
    # Thousands of saves move the page cache's content version once, at the end.
    with cache.one_change_for_many():
        _save_all(run, items)
    return report


def _save_all(run, items):
    report = run.report
    batch, keys = [], set()
    for item in items:
        if isinstance(item, ImportedArticle):
            key = _import_key(item)
            if key in keys:
                # The same article twice in a batch: the second must see the first saved.
                run.save_batch(batch)
                batch, keys = [], set()
            batch.append(item)
            keys.add(key)
            if len(batch) >= BATCH_SIZE:
                run.save_batch(batch)
                batch, keys = [], set()
        elif isinstance(item, Skipped):
            report.skipped += item.count
            report.skipped_kinds[item.kind] += item.count
        else:
            run.problem(item)
    run.save_batch(batch)
    if not run.dry_run:
        run.resolve_pending()


def _key(value, limit):
    """An import key that fits its column; a longer one is replaced by its digest."""
    if len(value) <= limit:
        return value
    return "sha1:" + hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()


def _import_key(record):
    return _key(_plain(record.import_source), 150), _key(_plain(record.import_id), 255)


def _imported_from(import_source):
    # The import key's unique index is partial (import_id != ""); SQLite uses it only when
    # the query states that condition too.
    return Article.objects.filter(import_source=import_source).exclude(import_id="").order_by()


def _plain(value, limit=None):
    """Text as Article.save() stores it (no control characters), so it compares equal."""
    value = html.plain_text(value).strip()
    return value[:limit] if limit else value


def _insert(model, columns, article_id, rows):
    """Insert rows of an article's many-to-many or link table in one statement.

    `rows` are ids (one more column) or tuples (the columns after `article_id`). For the
    few small rows each article has, bulk_create's bookkeeping costs more than the
    INSERT itself; at 10,000 articles that is the difference that matters.
    """
    if not rows:
        return
    rows = [(article_id, *(row if isinstance(row, tuple) else (row,))) for row in rows]
    quote = connection.ops.quote_name
    names = [model._meta.get_field(c.removesuffix("_id")).column for c in columns]
    values = ", ".join(["(" + ", ".join(["%s"] * len(columns)) + ")"] * len(rows))
    with connection.cursor() as cursor:
        cursor.execute(
            # Identifiers come from the model's own metadata; every value is a parameter.
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, names))}) "  # noqa: S608
            f"VALUES {values}",
            [value for row in rows for value in row],
        )


def _pairs(model, column, article_ids):
    """{article id: {related ids}} through a many-to-many table, in one query."""
    found = defaultdict(set)
    rows = model.objects.filter(article_id__in=article_ids).order_by()
    for article_id, other_id in rows.values_list("article_id", column):
        found[article_id].add(other_id)
    return found


class _Batch:
    """What the records of one batch need to read, read in a few queries."""

    def __init__(self, records):
        keys = defaultdict(list)
        for record in records:
            source, import_id = _import_key(record)
            keys[source].append(import_id)
        self.articles = {
            (article.import_source, article.import_id): article
            for source, ids in keys.items()
            for article in _imported_from(source).filter(import_id__in=ids).defer("search_vector")
        }
        ids = [article.pk for article in self.articles.values()]
        self.tags = _pairs(Article.tags.through, "tag_id", ids)
        self.authors = _pairs(Article.authors.through, "author_id", ids)
        self.credited = _pairs(Article.credited_sources.through, "source_id", ids)
        self.links = defaultdict(list)
        stored = RelatedLink.objects.filter(article_id__in=ids).order_by("order", "pk")
        for article_id, *link in stored.values_list(
            "article_id", "position", "order", "target_id", "url", "title"
        ):
            self.links[article_id].append(tuple(link))
        refs = [ref for record in records for ref in record.related]
        self.by_slug = {
            slug: (pk, title)
            for slug, pk, title in Article.objects.filter(
                slug__in={ref.slug for ref in refs if ref.slug}
            )
            .order_by()
            .values_list("slug", "pk", "title")
        }
        self.by_id = {}
        for record in records:
            wanted = [ref.import_id for ref in record.related if ref.import_id]
            if wanted:
                source = _import_key(record)[0]
                for import_id, pk, title in (
                    _imported_from(source)
                    .filter(import_id__in=wanted)
                    .values_list("import_id", "pk", "title")
                ):
                    self.by_id[source, import_id] = (pk, title)
        self.taken_slugs = set(
            Article.objects.filter(slug__in={record.slug for record in records if record.slug})
            .order_by()
            .values_list("slug", flat=True)
        )


class _Run:
    def __init__(self, report, status, dry_run, on_problem):
        self.report = report
        self.status = status
        self.dry_run = dry_run
        self.on_problem = on_problem
        self.pending = []
        self.forget()

    def forget(self):
        """Empty the lookup caches (after a rollback they may name rows that are gone)."""
        self.sections, self.tags, self.sources, self.authors = {}, {}, {}, {}

    def problem(self, problem):
        if problem.failed:
            self.report.failed += 1
        else:
            self.report.warnings += 1
        self.on_problem(problem)

    def warn(self, location, message):
        self.problem(Problem(location, message, failed=False))

    def save_batch(self, records):
        if not records:
            return
        batch = _Batch(records)
        for record in records:
            self.save(record, batch)

    def save(self, record, batch):
        for warning in record.warnings:
            self.warn(record.location, warning)
        try:
            values = self.values(record)
            with transaction.atomic():
                outcome = self.store(record, values, batch)
        except ValidationError as error:
            self.forget()
            reasons = (
                [f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()]
                if hasattr(error, "error_dict")
                else error.messages
            )
            self.problem(Problem(record.location, "; ".join(reasons)))
        except (ValueError, DatabaseError, OSError) as error:
            self.forget()
            self.problem(Problem(record.location, str(error)))
        else:
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def values(self, record):
        """Plain field values of the article, checked before any query."""
        title = _plain(" ".join(record.title.split()))
        if not title:
            raise ValueError(_("the article has no headline"))
        if not record.import_id:
            raise ValueError(_("the article has no id to recognise it by on the next run"))
        status = self.status or record.status or Article.Status.PUBLISHED
        if status not in Article.Status.values:
            raise ValueError(_("unknown status “%(status)s”") % {"status": status})
        if record.restricted:
            status = Article.Status.DRAFT
        if status == Article.Status.PUBLISHED and record.published_at is None:
            self.warn(record.location, _("no publication time: imported as a draft"))
            status = Article.Status.DRAFT
        return {
            "title": title,
            "lead": _plain(record.lead),
            # Article.save() sanitizes; an existing article is compared sanitized (below).
            "body": record.body,
            "dateline": _plain(record.dateline),
            "status": status,
            "published_at": record.published_at,
            "language": record.language or settings.LANGUAGE_CODE,
            **record.fields,
        }

    def store(self, record, values, batch):
        """Create or update one article; returns "imported", "updated" or "unchanged"."""
        import_source, import_id = _import_key(record)
        values["section_id"] = self.section(record.section)
        values["source_id"] = self.source(record.source, Source.Kind.PUBLICATION)
        tag_ids = self.ids(self.tag(ref) for ref in record.tags)
        author_ids = self.ids(self.author(ref) for ref in record.authors)
        credited_ids = self.ids(
            self.source(ref, Source.Kind.AGENCY) for ref in record.credited_sources
        )
        article = batch.articles.get((import_source, import_id))
        if article is None:
            if self.dry_run:
                return "imported"
            article = Article(
                import_source=import_source,
                import_id=import_id,
                slug=self.free_slug(record, batch),
                **values,
            )
            article.clean_fields(exclude=UNCHECKED_FIELDS)
            article.featured_image_id = self.image(record)
            article.save()
            _insert(Article.tags.through, ["article_id", "tag_id"], article.pk, tag_ids)
            _insert(Article.authors.through, ["article_id", "author_id"], article.pk, author_ids)
            _insert(
                Article.credited_sources.through,
                ["article_id", "source_id"],
                article.pk,
                credited_ids,
            )
            self.add_links(article, record, self.links(article, record, batch))
            batch.taken_slugs.add(article.slug)
            batch.by_slug[article.slug] = (article.pk, article.title)
            return "imported"

        links = self.links(article, record, batch)
        # As Article.save() will store it: sponsored articles' links get rel="sponsored".
        sponsored = values.get("kind", article.kind) == Article.Kind.SPONSORED
        values["body"] = html.sanitize(values["body"], sponsored=sponsored)
        changed = [name for name, value in values.items() if getattr(article, name) != value]
        image_missing = record.featured_image is not None and article.featured_image_id is None
        tags_differ = batch.tags[article.pk] != set(tag_ids)
        authors_differ = batch.authors[article.pk] != set(author_ids)
        credited_differ = batch.credited[article.pk] != set(credited_ids)
        links_differ = batch.links[article.pk] != [link[:5] for link in links]
        differ = tags_differ or authors_differ or credited_differ or links_differ
        if not (changed or image_missing or differ):
            return "unchanged"
        if self.dry_run:
            return "updated"
        for name in changed:
            setattr(article, name, values[name])
        article.clean_fields(exclude=UNCHECKED_FIELDS)
        if image_missing:
            article.featured_image_id = self.image(record)
        article.save()
        if tags_differ:
            article.tags.set(tag_ids)
        if authors_differ:
            article.authors.set(author_ids)
        if credited_differ:
            article.credited_sources.set(credited_ids)
        if links_differ:
            article.related_links.all().delete()
            self.add_links(article, record, links)
        return "updated"

    @staticmethod
    def ids(values):
        """Distinct, known ids in their first order (None: would be created in a dry run)."""
        return list(dict.fromkeys(pk for pk in values if pk is not None))

    def free_slug(self, record, batch):
        """The record's slug, or a unique variant when another article has it already."""
        wanted = record.slug if SLUG.fullmatch(record.slug or "") else slugify(record.slug)
        wanted = wanted[:255] or slugify(record.title)[:255]
        # Record slugs were looked up with the batch; others (made from a title) are asked.
        if (
            wanted
            and wanted not in batch.taken_slugs
            and (wanted == record.slug or not Article.objects.filter(slug=wanted).exists())
        ):
            return wanted
        slug = unique_slug(Article, wanted or record.title)
        if wanted:
            self.warn(
                record.location,
                _("the address “%(wanted)s” belongs to another article; this one gets “%(slug)s”")
                % {"wanted": wanted, "slug": slug},
            )
        return slug

    def named(self, model, cache, ref, **defaults):
        """The id of the section, tag or source `ref` names, created on first sight."""
        # Keyed by what the input says, so a repeated name costs neither a query nor slugify.
        key = (ref.slug, ref.name)
        if key not in cache:
            limit = model._meta.get_field("slug").max_length
            slug = (ref.slug if SLUG.fullmatch(ref.slug) else slugify(ref.slug or ref.name))[:limit]
            pk = model.objects.filter(slug=slug).values_list("pk", flat=True).first()
            if pk is None and slug and not self.dry_run:
                name_limit = model._meta.get_field("name").max_length
                pk = model.objects.create(
                    slug=slug, name=_plain(ref.name, name_limit) or slug, **defaults
                ).pk
            cache[key] = pk
        return cache[key]

    def section(self, ref):
        if ref is None:
            return None
        extra = {"description": ref.description}
        if ref.position is not None:
            extra["position"] = ref.position
        return self.named(Section, self.sections, ref, **extra)

    def tag(self, ref):
        return self.named(Tag, self.tags, ref)

    def source(self, ref, kind):
        if ref is None or not _plain(ref.name):
            return None
        url = ref.url if ref.url.startswith(("http://", "https://")) and len(ref.url) <= 200 else ""
        return self.named(
            Source,
            self.sources,
            ref,
            url=url,
            kind=ref.kind if ref.kind in Source.Kind.values else kind,
        )

    def author(self, ref):
        """Known by initials (stored lowercase) first, else by slug; created if unknown."""
        initials = _plain(ref.initials, 20).lower()
        name = _plain(ref.name, 150) or initials.upper()
        slug = ref.slug if SLUG.fullmatch(ref.slug) else slugify(name)
        if not slug and not initials:
            return None
        key = ("initials", initials) if initials else ("slug", slug)
        if key not in self.authors:
            pk = Author.objects.filter(**{key[0]: key[1]}).values_list("pk", flat=True).first()
            if pk is None and not self.dry_run:
                pk = Author.objects.create(
                    name=name,
                    slug=unique_slug(Author, slug or initials),
                    initials=initials,
                    bio=ref.bio,
                ).pk
            self.authors[key] = pk
        return self.authors[key]

    def image(self, record):
        """A new Image from the record's local file; None, with a warning, if unusable."""
        ref = record.featured_image
        if ref is None:
            return None
        try:
            # The same check as an upload in the desk: content judged, metadata stripped.
            with ref.path.open("rb") as stream:
                checked, _extension = images.clean_upload(File(stream, name=ref.path.name))
        except (OSError, ValidationError):
            self.warn(
                record.location,
                _("featured image %(path)s is missing or not a picture") % {"path": ref.path},
            )
            return None
        image = Image(
            file=checked,
            alt_text=_plain(ref.alt_text, 300) or record.title[:300],
            caption=_plain(ref.caption, 500),
            credit=_plain(ref.credit, 200),
        )
        image.save()
        return image.pk

    def links(self, article, record, batch):
        """(position, order, target id, url, title, ref) for each related ref of a record."""
        links = []
        for order, ref in enumerate(record.related):
            target = (
                batch.by_id.get((article.import_source, ref.import_id))
                or batch.by_slug.get(ref.slug)
                or self.by_headline(ref, article.pk)
            )
            target_pk, target_title = target if target and target[0] != article.pk else (None, "")
            title = _plain(ref.title, 300)
            if target_pk and title == target_title:
                title = ""  # the link shows the target's headline, and follows its renames
            links.append(
                (
                    ref.position if ref.position is None else min(ref.position, 32767),
                    ref.order if ref.order is not None else order,
                    target_pk,
                    "" if target_pk else self.outside_url(ref, record),
                    title,
                    ref,
                )
            )
        return links

    @staticmethod
    def by_headline(ref, own_pk):
        """A link given only as a headline points at the newest article of that headline."""
        if not ref.match_headline:
            return None
        return (
            Article.objects.filter(title__iexact=" ".join(ref.title.split()))
            .exclude(pk=own_pk)
            .order_by("-published_at")
            .values_list("pk", "title")
            .first()
        )

    def outside_url(self, ref, record):
        if not ref.url:
            return ""
        if ref.url.startswith(("http://", "https://")) and len(ref.url) <= 500:
            return ref.url
        self.warn(
            record.location,
            _("unusable link address “%(url)s” left out") % {"url": ref.url[:100]},
        )
        return ""

    def add_links(self, article, record, links):
        _insert(
            RelatedLink,
            ["article_id", "position", "order", "target_id", "url", "title"],
            article.pk,
            [link[:5] for link in links],
        )
        for _position, order, target, url, _title, ref in links:
            if not target and not url and (ref.slug or ref.import_id or ref.match_headline):
                self.pending.append((article.pk, order, ref, record.location))

    def resolve_pending(self):
        """Last pass: links to articles that came later in the input find them now."""
        for start in range(0, len(self.pending), BATCH_SIZE):
            batch = self.pending[start : start + BATCH_SIZE]
            by_slug = {
                slug: (pk, title)
                for slug, pk, title in Article.objects.filter(
                    slug__in={entry[2].slug for entry in batch if entry[2].slug}
                )
                .order_by()
                .values_list("slug", "pk", "title")
            }
            with transaction.atomic():
                for article_pk, order, ref, location in batch:
                    if ref.import_id:
                        import_source = Article.objects.values_list("import_source", flat=True).get(
                            pk=article_pk
                        )
                        target = (
                            _imported_from(import_source)
                            .filter(import_id=ref.import_id)
                            .values_list("pk", "title")
                            .first()
                        )
                    else:
                        target = by_slug.get(ref.slug) or self.by_headline(ref, article_pk)
                    if target is None or target[0] == article_pk:
                        self.warn(
                            location,
                            _(
                                "“Baca Juga” link to “%(what)s” matches no article: "
                                "left as an empty slot for editors"
                            )
                            % {"what": ref.title or ref.slug or ref.import_id},
                        )
                        continue
                    title = _plain(ref.title, 300)
                    RelatedLink.objects.filter(
                        article_id=article_pk, order=order, target=None, url=""
                    ).update(target_id=target[0], title="" if title == target[1] else title)
        self.pending = []
