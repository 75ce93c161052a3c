"""The one saver: stores the records every parser yields.

Records are saved in batches of 200, each batch in one transaction. What a batch needs to
read (which of its articles exist, with their tags, authors and links; link targets; taken
slugs) is read in a few queries; sections, tags, sources and authors are looked up once per
run and kept in dicts. A record's own values are checked before anything of it is written,
so a record that fails them is reported and the rest of the batch goes on. The batch's new
articles are inserted with one bulk_create, their tags, authors, credited sources and links
with one INSERT per table; changed articles are saved one by one. If the database refuses
anything, the batch is rolled back and saved again one article per transaction, so the bad
article fails alone, with its file and line, and the others import. Either way an article is
committed together with its tags, authors and links, never half-written.

Articles are upserted on their import key (source and external id), so a second run of the
same input changes nothing. “Baca Juga” links whose target comes in a later batch are
resolved in a last pass.
"""

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import DatabaseError, connection, transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import html, renditions
from articles.models import (
    SEARCH_COLUMNS,
    Article,
    Author,
    Image,
    RelatedLink,
    Section,
    Source,
    Tag,
    unique_slug,
)
from caching import cache
from transfer.importers import ImportedArticle, Location, Problem, RelatedRef, Skipped

SLUG = re.compile(r"[-a-zA-Z0-9_]+")
BATCH_SIZE = 200
# Fields a record's own values are checked against; relations are checked in the database.
UNCHECKED_FIELDS = ["section", "source", "featured_image", *SEARCH_COLUMNS]
LINK_COLUMNS = ["article_id", "position", "order", "target_id", "url", "title"]


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


def _insert(model, columns, rows):
    """Insert the rows of a many-to-many or link table for a whole batch in one statement.

    For the many small rows of a batch (two to six columns), bulk_create's model instances
    cost more than the INSERT itself; at 10,000 articles that is the difference that matters.
    """
    if not rows:
        return
    quote = connection.ops.quote_name
    names = [model._meta.get_field(c.removesuffix("_id")).column for c in columns]
    one_row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    # SQLite takes a limited number of parameters per statement.
    size = connection.ops.bulk_batch_size(names, rows)
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            chunk = rows[start : start + size]
            cursor.execute(
                # Identifiers come from the model's own metadata; every value is a parameter.
                f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, names))}) "  # noqa: S608
                f"VALUES {', '.join([one_row] * len(chunk))}",
                [value for row in chunk for value in row],
            )


def _reason(error):
    """Why an article could not be saved, in one line."""
    if isinstance(error, ValidationError):
        if hasattr(error, "error_dict"):
            return "; ".join(
                f"{name}: {' '.join(messages)}" for name, messages in error.message_dict.items()
            )
        return "; ".join(error.messages)
    return str(error)


def _link_title(ref, target):
    """A link's own title; none when it is the target's headline, so it follows renames."""
    title = _plain(ref.title, 300)
    return "" if target and title == target[1] else title


class _Slot(NamedTuple):
    """An empty link whose target may come later in the input, for the last pass."""

    article_pk: int
    import_source: str
    order: int
    ref: RelatedRef
    location: Location


def _pairs(model, column, article_ids):
    """{article id: {related ids}} through a many-to-many table, in one query."""
    found = defaultdict(set)
    rows = model.objects.filter(article_id__in=article_ids).order_by()
    for article_id, other_id in rows.values_list("article_id", column):
        found[article_id].add(other_id)
    return found


class _Targets:
    """The articles “Baca Juga” refs point at, read for many refs in a few queries.

    A ref names its target by import id (in the import source of the article that links),
    by slug, or by headline.
    """

    def __init__(self, refs):
        """`refs`: (import source of the linking article, RelatedRef) pairs."""
        slugs, import_ids = set(), defaultdict(set)
        for import_source, ref in refs:
            if ref.slug:
                slugs.add(ref.slug)
            if ref.import_id:
                import_ids[import_source].add(ref.import_id)
        self.by_slug = {
            slug: (pk, title)
            for slug, pk, title in Article.objects.filter(slug__in=slugs)
            .order_by()
            .values_list("slug", "pk", "title")
        }
        self.by_id = {
            (import_source, import_id): (pk, title)
            for import_source, ids in import_ids.items()
            for import_id, pk, title in _imported_from(import_source)
            .filter(import_id__in=ids)
            .values_list("import_id", "pk", "title")
        }

    def add(self, article):
        """A new article: refs read before it was written may point at it."""
        self.by_slug[article.slug] = (article.pk, article.title)
        self.by_id[article.import_source, article.import_id] = (article.pk, article.title)

    def find(self, ref, import_source, own_pk):
        """(pk, title) of the article `ref` points at, or None; never the article itself."""
        target = (
            self.by_id.get((import_source, ref.import_id))
            or self.by_slug.get(ref.slug)
            or self.by_headline(ref, own_pk)
        )
        return target if target and target[0] != own_pk else None

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
            for article in _imported_from(source).filter(import_id__in=ids).without_search_columns()
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
        self.targets = _Targets(
            (_import_key(record)[0], ref) for record in records for ref in record.related
        )
        self.taken_slugs = set(
            Article.objects.filter(slug__in={record.slug for record in records if record.slug})
            .order_by()
            .values_list("slug", flat=True)
        )


@dataclass
class _Entry:
    """A record of a batch, checked, with the ids of what it names, waiting to be written."""

    record: ImportedArticle
    article: Article
    changed: list
    section_id: int | None
    source_id: int | None
    tag_ids: list
    author_ids: list
    credited_ids: list


class _Run:
    def __init__(self, report, status, dry_run, on_problem):
        self.report = report
        self.status = status
        self.dry_run = dry_run
        self.on_problem = on_problem
        self.pending = []
        # A list while a batch is written: its problems are told once it is committed.
        self.held = None
        self.forget()

    def forget(self):
        """Empty the lookup caches (after a rollback they may name rows that are gone)."""
        self.sections, self.tags, self.sources, self.authors = {}, {}, {}, {}

    def problem(self, problem):
        """Count and tell a problem; while a batch is written, once the batch is committed."""
        if self.held is not None:
            self.held.append(problem)
            return
        if problem.failed:
            self.report.failed += 1
        else:
            self.report.warnings += 1
        self.on_problem(problem)

    def warn(self, location, message):
        self.problem(Problem(location, message, failed=False))

    def save_batch(self, records):
        """Write `records` in one transaction; if that fails, each in a transaction of its own."""
        if not records:
            return
        pending = len(self.pending)
        self.held = []
        try:
            with transaction.atomic():
                outcomes = self.write(records, _Batch(records))
        except (ValueError, ValidationError, DatabaseError, OSError) as error:
            self.forget()
            del self.pending[pending:]
            if len(records) > 1:
                # Nothing of the batch was kept, so nothing of it is told: the replay tells all.
                self.held = None
                for record in records:
                    self.save_batch([record])
                return
            outcomes = []
            self.held.append(Problem(records[0].location, _reason(error)))
        held, self.held = self.held, None
        # In input order, as if each article had been saved on its own.
        order = {record.location: number for number, record in enumerate(records)}
        for problem in sorted(held, key=lambda problem: order[problem.location]):
            self.problem(problem)
        for outcome in outcomes:
            setattr(self.report, outcome, getattr(self.report, outcome) + 1)

    def write(self, records, batch):
        """Write one batch: new articles together, then changed ones; returns the outcomes."""
        new, stored = [], []
        for record in records:
            for warning in record.warnings:
                self.warn(record.location, warning)
            try:
                article, changed = self.checked(record, batch)
            except (ValueError, ValidationError) as error:
                # Found before anything of this record was written: the others go on.
                self.problem(Problem(record.location, _reason(error)))
                continue
            entry = _Entry(record, article, changed, **self.relations(record))
            (stored if article.pk else new).append(entry)
        outcomes = self.create(new, batch)
        # After the new ones, so links of changed articles find them too.
        outcomes.extend(self.update(entry, batch) for entry in stored)
        return outcomes

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
            "body": record.body,
            "dateline": _plain(record.dateline),
            "status": status,
            "published_at": record.published_at,
            "language": record.language or settings.LANGUAGE_CODE,
            **record.fields,
        }

    def checked(self, record, batch):
        """The record's article with its own values, as stored, and checked; writes nothing.

        Returns the article (a stored one when the import key is known) and the names of
        the fields the record changes in a stored article.
        """
        values = self.values(record)
        import_source, import_id = _import_key(record)
        article = batch.articles.get((import_source, import_id))
        if article is None:
            article = Article(import_source=import_source, import_id=import_id, **values)
            article.clean_fields(exclude=[*UNCHECKED_FIELDS, "slug"])
            # Reserved only now, so a record that fails takes no slug from the others.
            article.slug = self.free_slug(record, batch)
            article.normalize()
            return article, []
        before = {name: getattr(article, name) for name in values}
        for name, value in values.items():
            setattr(article, name, value)
        # Compared as save() will store it (a sanitized body), so a rerun changes nothing.
        article.normalize()
        changed = [name for name in values if getattr(article, name) != before[name]]
        if changed:
            article.clean_fields(exclude=UNCHECKED_FIELDS)
        return article, changed

    def relations(self, record):
        """Ids of what the record names; sections, tags, sources and authors are created."""
        return {
            "section_id": self.section(record.section),
            "source_id": self.source(record.source, Source.Kind.PUBLICATION),
            "tag_ids": self.ids(self.tag(ref) for ref in record.tags),
            "author_ids": self.ids(self.author(ref) for ref in record.authors),
            "credited_ids": self.ids(
                self.source(ref, Source.Kind.AGENCY) for ref in record.credited_sources
            ),
        }

    def create(self, entries, batch):
        """Insert the new articles of a batch, their relations and links: a few statements."""
        if self.dry_run or not entries:
            return ["imported"] * len(entries)
        for entry in entries:
            entry.article.section_id = entry.section_id
            entry.article.source_id = entry.source_id
            entry.article.featured_image_id = self.image(entry.record)
        Article.objects.bulk_create([entry.article for entry in entries])
        cache.content_changed()  # bulk_create sends no post_save signal
        for entry in entries:
            batch.targets.add(entry.article)
        tags, authors, credited, links = [], [], [], []
        for entry in entries:
            pk = entry.article.pk
            tags.extend((pk, tag_id) for tag_id in entry.tag_ids)
            authors.extend((pk, author_id) for author_id in entry.author_ids)
            credited.extend((pk, source_id) for source_id in entry.credited_ids)
            article, record = entry.article, entry.record
            links.extend(self.link_rows(article, record, self.links(article, record, batch)))
        _insert(Article.tags.through, ["article_id", "tag_id"], tags)
        _insert(Article.authors.through, ["article_id", "author_id"], authors)
        _insert(Article.credited_sources.through, ["article_id", "source_id"], credited)
        _insert(RelatedLink, LINK_COLUMNS, links)
        return ["imported"] * len(entries)

    def update(self, entry, batch):
        """Save what the record changes in a stored article: "updated" or "unchanged"."""
        article, record = entry.article, entry.record
        changed = entry.changed + [
            name
            for name in ("section_id", "source_id")
            if getattr(article, name) != getattr(entry, name)
        ]
        links = self.links(article, record, batch)
        image_missing = record.featured_image is not None and article.featured_image_id is None
        tags_differ = batch.tags[article.pk] != set(entry.tag_ids)
        authors_differ = batch.authors[article.pk] != set(entry.author_ids)
        credited_differ = batch.credited[article.pk] != set(entry.credited_ids)
        links_differ = batch.links[article.pk] != [link[:5] for link in links]
        differ = tags_differ or authors_differ or credited_differ or links_differ
        if not (changed or image_missing or differ):
            return "unchanged"
        if self.dry_run:
            return "updated"
        article.section_id, article.source_id = entry.section_id, entry.source_id
        if image_missing:
            article.featured_image_id = self.image(record)
        article.save()
        if tags_differ:
            article.tags.set(entry.tag_ids)
        if authors_differ:
            article.authors.set(entry.author_ids)
        if credited_differ:
            article.credited_sources.set(entry.credited_ids)
        if links_differ:
            article.related_links.all().delete()
            _insert(RelatedLink, LINK_COLUMNS, self.link_rows(article, record, links))
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
            slug = wanted
        else:
            slug = unique_slug(Article, wanted or record.title, reserved=batch.taken_slugs)
            if wanted:
                self.warn(
                    record.location,
                    _(
                        "the address “%(wanted)s” belongs to another article; "
                        "this one gets “%(slug)s”"
                    )
                    % {"wanted": wanted, "slug": slug},
                )
        # Taken from now on: the batch's articles are inserted together, later.
        batch.taken_slugs.add(slug)
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
                checked, _extension = renditions.clean_upload(File(stream, name=ref.path.name))
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
            target = batch.targets.find(ref, article.import_source, article.pk)
            links.append(
                (
                    ref.position if ref.position is None else min(ref.position, 32767),
                    ref.order if ref.order is not None else order,
                    target and target[0],
                    "" if target else self.outside_url(ref, record),
                    _link_title(ref, target),
                    ref,
                )
            )
        return links

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

    def link_rows(self, article, record, links):
        """The rows of the article's links; those still without a target wait for the end."""
        for _position, order, target, url, _title, ref in links:
            if not target and not url and (ref.slug or ref.import_id or ref.match_headline):
                self.pending.append(
                    _Slot(article.pk, article.import_source, order, ref, record.location)
                )
        return [(article.pk, *link[:5]) for link in links]

    def resolve_pending(self):
        """Last pass: links to articles that came later in the input find them now."""
        for start in range(0, len(self.pending), BATCH_SIZE):
            chunk = self.pending[start : start + BATCH_SIZE]
            targets = _Targets((slot.import_source, slot.ref) for slot in chunk)
            stored = defaultdict(list)
            for pk, article_id, order in RelatedLink.objects.filter(
                article_id__in={slot.article_pk for slot in chunk}, target=None, url=""
            ).values_list("pk", "article_id", "order"):
                stored[article_id, order].append(pk)
            resolved = []
            for slot in chunk:
                target = targets.find(slot.ref, slot.import_source, slot.article_pk)
                if target is None:
                    self.warn(
                        slot.location,
                        _(
                            "“Baca Juga” link to “%(what)s” matches no article: "
                            "left as an empty slot for editors"
                        )
                        % {"what": slot.ref.title or slot.ref.slug or slot.ref.import_id},
                    )
                    continue
                resolved.extend(
                    RelatedLink(pk=pk, target_id=target[0], title=_link_title(slot.ref, target))
                    for pk in stored[slot.article_pk, slot.order]
                )
            RelatedLink.objects.bulk_update(resolved, ["target", "title"])
        self.pending = []
