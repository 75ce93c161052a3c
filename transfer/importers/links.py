"""“Baca Juga” links of imported articles, resolved within a batch and across batches.

Targets already stored, or new in the same batch, are found while the batch is written; a
link whose target comes in a later batch is stored as an empty slot and resolved in a last
pass, once the whole input is saved.
"""

from collections import defaultdict
from dataclasses import dataclass
from typing import NamedTuple

from django.utils.translation import gettext as _

from articles.models import Article, RelatedLink
from transfer.importers import Location, RelatedRef
from transfer.importers.lookups import ImportKey, imported_from, plain
from transfer.importers.spill import Waiting


@dataclass(frozen=True, slots=True)
class Target:
    """An article a link points at: its id and its headline."""

    pk: int
    title: str


class LinkRow(NamedTuple):
    """A related link as its table stores it, without its article."""

    position: int | None
    order: int
    target_id: int | None
    url: str
    title: str


# The columns of an inserted link row: its article, then LinkRow's fields.
LINK_COLUMNS = ["article_id", *LinkRow._fields]


@dataclass(frozen=True)
class Link:
    """A related ref of a record and the row it becomes."""

    row: LinkRow
    ref: RelatedRef


class SourcedRef(NamedTuple):
    """A ref with the import source of the article that links, where its import id belongs."""

    import_source: str
    ref: RelatedRef


class Slot(NamedTuple):
    """An empty link whose target may come later in the input, for the last pass."""

    article_pk: int
    import_source: str
    order: int
    ref: RelatedRef
    location: Location


def link_title(ref, target):
    """A link's own title; none when it is the target's headline, so it follows renames."""
    title = plain(ref.title, 300)
    return "" if target and title == target.title else title


def stored_links(article_ids):
    """{article id: [LinkRow]} of stored articles, each list in the links' order, in one query."""
    found = defaultdict(list)
    stored = RelatedLink.objects.filter(article_id__in=article_ids).order_by("order", "pk")
    for article_id, *row in stored.values_list(*LINK_COLUMNS):
        found[article_id].append(LinkRow(*row))
    return found


class Targets:
    """The articles “Baca Juga” refs point at, read for many refs in a few queries.

    A ref names its target by import id (in the import source of the article that links),
    by slug, or by headline.
    """

    def __init__(self, refs):
        """`refs`: the SourcedRefs whose targets are wanted."""
        slugs, import_ids = set(), defaultdict(set)
        for sourced in refs:
            if sourced.ref.slug:
                slugs.add(sourced.ref.slug)
            if sourced.ref.import_id:
                import_ids[sourced.import_source].add(sourced.ref.import_id)
        self.by_slug = {
            slug: Target(pk, title)
            for slug, pk, title in Article.objects.filter(slug__in=slugs)
            .order_by()
            .values_list("slug", "pk", "title")
        }
        self.by_id = {
            ImportKey(import_source, import_id): Target(pk, title)
            for import_source, ids in import_ids.items()
            for import_id, pk, title in imported_from(import_source)
            .filter(import_id__in=ids)
            .values_list("import_id", "pk", "title")
        }

    def add(self, article):
        """A new article: refs read before it was written may point at it."""
        target = Target(article.pk, article.title)
        self.by_slug[article.slug] = target
        self.by_id[ImportKey(article.import_source, article.import_id)] = target

    def find(self, ref, import_source, own_pk):
        """The Target `ref` points at, or None; never the article itself."""
        target = (
            self.by_id.get(ImportKey(import_source, ref.import_id))
            or self.by_slug.get(ref.slug)
            or self.by_headline(ref, own_pk)
        )
        return target if target and target.pk != own_pk else None

    @staticmethod
    def by_headline(ref, own_pk):
        """A link given only as a headline points at the newest article of that headline."""
        if not ref.match_headline:
            return None
        found = (
            Article.objects.filter(title__iexact=" ".join(ref.title.split()))
            .exclude(pk=own_pk)
            .order_by("-published_at")
            .values("pk", "title")
            .first()
        )
        return Target(**found) if found else None


class Links:
    """The links of a run's articles, and the slots that wait for the last pass.

    `warn(location, message)` tells a warning.
    """

    def __init__(self, warn):
        self.warn = warn
        # The slots for the last pass; a long run's older ones off the heap (`spill`).
        self.pending = Waiting()

    def of(self, article, record, targets):
        """A Link for each related ref of a record, its target looked up in `targets`."""
        links = []
        for order, ref in enumerate(record.related):
            target = targets.find(ref, article.import_source, article.pk)
            row = LinkRow(
                position=ref.position if ref.position is None else min(ref.position, 32767),
                order=ref.order if ref.order is not None else order,
                target_id=target.pk if target else None,
                url="" if target else self.outside_url(ref, record),
                title=link_title(ref, target),
            )
            links.append(Link(row, ref))
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

    def rows(self, article, record, links):
        """The rows to insert for the article's links; those still without a target wait."""
        for link in links:
            ref = link.ref
            empty = not link.row.target_id and not link.row.url
            if empty and (ref.slug or ref.import_id or ref.match_headline):
                self.pending.append(
                    Slot(article.pk, article.import_source, link.row.order, ref, record.location)
                )
        return [(article.pk, *link.row) for link in links]

    def resolve_pending(self, chunk_size):
        """Last pass: links to articles that came later in the input find them now."""
        for chunk in self.pending.chunks(chunk_size):
            targets = Targets(SourcedRef(slot.import_source, slot.ref) for slot in chunk)
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
                    RelatedLink(pk=pk, target_id=target.pk, title=link_title(slot.ref, target))
                    for pk in stored[slot.article_pk, slot.order]
                )
            RelatedLink.objects.bulk_update(resolved, ["target", "title"])
        self.pending.clear()
