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
same input changes nothing. Within one run a key is saved once: a later record with the key
of an earlier one fails, naming where the first was read, and the first stays. “Baca Juga”
links whose target comes in a later batch are resolved in a last pass.

This module is the run: batches, transactions, replays and counts. What records name is
found in `lookups`, what a batch reads and how a record is checked in `records`, and links
are made and resolved in `links`.
"""

from collections import Counter
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.utils.translation import gettext as _

from articles.models import Article, IncomingEntry, RelatedLink
from caching import changes, schedule, versions
from transfer.importers import ImportedArticle, Problem, Skipped, skipped_label
from transfer.importers.embeds import BatchEmbeds
from transfer.importers.links import LINK_COLUMNS, Links
from transfer.importers.lookups import Lookups, import_key
from transfer.importers.records import Batch, Entry, article_values
from transfer.importers.spill import FirstReads

BATCH_SIZE = 200
# PostgreSQL's statistics of the tables an import fills are brought up to date (ANALYZE)
# once this many articles are written, then each time as many again as were analyzed.
ANALYZE_FIRST_AFTER = 10_000
# What a record may raise that fails it alone: values its fields or the database refuse.
RECORD_ERRORS = (ValueError, ValidationError, OverflowError)


@dataclass
class Report:
    """What a run did, counted; problems go to `on_problem` (by default, `problems`)."""

    imported: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    failed: int = 0
    # Wire copy an editor has taken (or that is no longer a draft): left as the desk has it.
    kept: int = 0
    warnings: int = 0
    skipped_kinds: Counter = field(default_factory=Counter)
    problems: list = field(default_factory=list)

    def summary(self):
        """“imported 3, updated 0, …”, as the command and the desk show it."""
        text = _(
            "imported %(imported)d, updated %(updated)d, unchanged %(unchanged)d, "
            "skipped %(skipped)d, failed %(failed)d"
        ) % {
            "imported": self.imported,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "skipped": self.skipped,
            "failed": self.failed,
        }
        if self.kept:
            text += _(", kept %(kept)d (taken by the desk)") % {"kept": self.kept}
        if self.skipped_kinds:
            kinds = ", ".join(
                skipped_label(kind, count) for kind, count in sorted(self.skipped_kinds.items())
            )
            text += f" ({kinds})"
        return text


def import_records(items, *, status=None, dry_run=False, on_problem=None, incoming=None):
    """Save every `ImportedArticle` of `items`, count `Skipped` and report `Problem`s.

    `status` ("draft" or "published") replaces the status the input gives; without it an
    article keeps the input's status, or is published when the input has none. A private
    record, or one without a publication time, is never published. With `dry_run`
    nothing is written and the report tells what would have happened.

    With `incoming` (a `FeedSubscription`: wire copy) every article is a draft; a new one
    arrives in the incoming queue (an `IncomingEntry`) with the feed's default section
    (when it names none) and tags; a stored one is updated only while it waits there,
    untaken and a draft, and is otherwise kept as the desk has it.
    """
    report = Report()
    if incoming is not None:
        status = Article.Status.DRAFT
    run = _Run(report, status, dry_run, on_problem or report.problems.append, incoming)
    # Thousands of saves move the readers' caches' keys once, at the end.
    with versions.one_change_for_many():
        _save_all(run, items)
    return report


def _save_all(run, items):
    report = run.report
    batch = []
    # Where each key of the run was first read: a key is saved once a run.
    first_read = FirstReads()
    try:
        for item in items:
            if isinstance(item, ImportedArticle):
                key = import_key(item)
                first = first_read.get(key)
                if first is not None:
                    run.problem(_repeated(item, first))
                    continue
                if key.import_id:
                    first_read.add(key, item.location)
                batch.append(item)
                if len(batch) >= BATCH_SIZE:
                    run.save_batch(batch)
                    batch = []
                    # Between two batches, what a long run remembers leaves the heap.
                    first_read.settle()
                    run.links.pending.settle()
                    versions.change_waiting()
            elif isinstance(item, Skipped):
                report.skipped += item.count
                report.skipped_kinds[item.kind] += item.count
            else:
                run.problem(item)
        run.save_batch(batch)
        if not run.dry_run:
            run.links.resolve_pending(BATCH_SIZE)
    finally:
        first_read.close()
        run.links.pending.clear()


def _repeated(record, first):
    """The failure of a record whose key an earlier record of the run had."""
    return Problem(
        record.location,
        _("the id “%(id)s” was read before, at %(first)s: that article is kept, this one is not")
        % {"id": record.import_id[:100], "first": first},
    )


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


class _Run:
    """One import: its report, its lookups and links, and the problems of the batch written."""

    def __init__(self, report, status, dry_run, on_problem, incoming=None):
        self.report = report
        self.status = status
        self.dry_run = dry_run
        self.on_problem = on_problem
        self.lookups = Lookups(dry_run, self.warn)
        self.links = Links(self.warn)
        # A list while a batch is written: its problems are told once it is committed.
        self.held = None
        self.written = 0
        self.analyze_at = ANALYZE_FIRST_AFTER
        # Wire copy: the subscription, and the tags it adds to every entry.
        self.incoming = incoming
        self.default_tag_ids = (
            list(incoming.tags.values_list("pk", flat=True)) if incoming is not None else []
        )

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
        pending = len(self.links.pending)
        self.held = []
        try:
            with transaction.atomic():
                outcomes = self.write(records, Batch(records))
        except (*RECORD_ERRORS, DatabaseError, OSError) as error:
            self.lookups.forget()
            self.links.pending.cut_to(pending)
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
        self.written += len(outcomes)
        if self.written >= self.analyze_at and not self.dry_run:
            self.analyze()

    def analyze(self):
        """Tell PostgreSQL's planner how large the tables grew, as they double.

        Without it (a new database, or autovacuum not yet come by) the planner takes a table
        it has never analyzed for a small one, and finds a batch's articles by import key by
        reading every article of the import source: each batch then costs more than the one
        before. Analyzing as the archive doubles keeps each batch's lookups on the index, for
        a few runs of ANALYZE in all (a fraction of a second each: it reads a sample).
        """
        self.analyze_at = 2 * self.written
        if connection.vendor != "postgresql":
            return
        tables = [
            Article._meta.db_table,
            Article.tags.through._meta.db_table,
            Article.authors.through._meta.db_table,
            Article.credited_sources.through._meta.db_table,
            RelatedLink._meta.db_table,
        ]
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(map(connection.ops.quote_name, tables))}")

    def write(self, records, batch):
        """Write one batch: new articles together, then changed ones; returns the outcomes."""
        new, stored, kept = [], [], []
        waiting = self.waiting(batch) if self.incoming is not None else None
        embeds = BatchEmbeds([record.body for record in records], dry_run=self.dry_run)
        for record in records:
            for warning in record.warnings:
                self.warn(record.location, warning)
            found = batch.articles.get(import_key(record))
            if waiting is not None and found is not None and found.pk not in waiting:
                kept.append("kept")  # taken by an editor: never overwritten
                continue
            try:
                values = article_values(record, self.status, self.warn)
                values["body"] = embeds.body(values["body"])
                article, changed = batch.checked(record, values, self.lookups.free_slug)
            except RECORD_ERRORS as error:
                # Found before anything of this record was written: the others go on.
                self.problem(Problem(record.location, _reason(error)))
                continue
            entry = Entry(record, article, changed, **self.lookups.relations(record))
            if self.incoming is not None:
                entry.section_id = entry.section_id or self.incoming.section_id
                entry.tag_ids = self.lookups.ids([*entry.tag_ids, *self.default_tag_ids])
            (stored if article.pk else new).append(entry)
        outcomes = kept + self.create(new, batch)
        # After the new ones, so links of changed articles find them too.
        outcomes.extend(self.update(entry, batch) for entry in stored)
        return outcomes

    def create(self, entries, batch):
        """Insert the new articles of a batch, their relations and links: a few statements."""
        if self.dry_run or not entries:
            return ["imported"] * len(entries)
        for entry in entries:
            entry.article.section_id = entry.section_id
            entry.article.source_id = entry.source_id
            entry.article.featured_image_id = self.lookups.image(entry.record)
        Article.objects.bulk_create([entry.article for entry in entries])
        # bulk_create sends no post_save signal: the readers' caches are told here.
        versions.change(
            changes.articles_created(
                (entry.article, entry.tag_ids, entry.author_ids, entry.credited_ids)
                for entry in entries
            )
        )
        if any(entry.article.is_scheduled for entry in entries):
            schedule.forget()
        for entry in entries:
            batch.targets.add(entry.article)
        tags, authors, credited, links = [], [], [], []
        for entry in entries:
            pk = entry.article.pk
            tags.extend((pk, tag_id) for tag_id in entry.tag_ids)
            byline = dict.fromkeys(entry.author_ids)  # the record's order, each author once
            authors.extend(
                (pk, author_id, position) for position, author_id in enumerate(byline, start=1)
            )
            credited.extend((pk, source_id) for source_id in entry.credited_ids)
            article, record = entry.article, entry.record
            links.extend(
                self.links.rows(article, record, self.links.of(article, record, batch.targets))
            )
        _insert(Article.tags.through, ["article_id", "tag_id"], tags)
        _insert(Article.authors.through, ["article_id", "author_id", "position"], authors)
        _insert(Article.credited_sources.through, ["article_id", "source_id"], credited)
        _insert(RelatedLink, LINK_COLUMNS, links)
        if self.incoming is not None:
            IncomingEntry.objects.bulk_create(
                IncomingEntry(article=entry.article, subscription=self.incoming)
                for entry in entries
            )
        return ["imported"] * len(entries)

    @staticmethod
    def waiting(batch):
        """The ids of the batch's stored articles still waiting in the incoming queue,
        locked until the batch commits (an editor taking one waits for it)."""
        ids = [article.pk for article in batch.articles.values()]
        return set(
            IncomingEntry.objects.select_for_update()
            .waiting()
            .filter(article_id__in=ids)
            .values_list("article_id", flat=True)
        )

    def update(self, entry, batch):
        """Save what the record changes in a stored article: "updated" or "unchanged"."""
        article, record = entry.article, entry.record
        changed = entry.changed + [
            name
            for name in ("section_id", "source_id")
            if getattr(article, name) != getattr(entry, name)
        ]
        links = self.links.of(article, record, batch.targets)
        image_missing = record.featured_image is not None and article.featured_image_id is None
        tags_differ = batch.tags[article.pk] != set(entry.tag_ids)
        authors_differ = batch.authors[article.pk] != list(dict.fromkeys(entry.author_ids))
        credited_differ = batch.credited[article.pk] != set(entry.credited_ids)
        links_differ = batch.links[article.pk] != [link.row for link in links]
        differ = tags_differ or authors_differ or credited_differ or links_differ
        if not (changed or image_missing or differ):
            return "unchanged"
        if self.dry_run:
            return "updated"
        article.section_id, article.source_id = entry.section_id, entry.source_id
        if image_missing:
            article.featured_image_id = self.lookups.image(record)
        article.save()
        if tags_differ:
            article.tags.set(entry.tag_ids)
        if authors_differ:
            article.set_byline(entry.author_ids)
        if credited_differ:
            article.credited_sources.set(entry.credited_ids)
        if links_differ:
            article.related_links.all().delete()
            _insert(RelatedLink, LINK_COLUMNS, self.links.rows(article, record, links))
        return "updated"
