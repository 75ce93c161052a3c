"""What the saver looks up: the things a record names, found once per run or created.

Sections, tags, sources and authors are looked up by what the input says and kept in dicts
for the whole run; a new article's slug is reserved against the slugs its batch has taken;
a featured image is read from its local file. The import key an article is recognised by,
and text as Article.save() stores it, are here too: every part of the saver uses them.
"""

import hashlib
import re
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.core.files import File
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import figures, html, renditions
from articles.models import Article, Author, Image, Section, Source, Tag, unique_slug
from transfer.importers import pictures

SLUG = re.compile(r"[-a-zA-Z0-9_]+")


class ImportKey(NamedTuple):
    """What an imported article is recognised by on the next run: its source and its id."""

    import_source: str
    import_id: str


class AuthorKey(NamedTuple):
    """How an author is looked up: the field ("initials" or "slug") and its value."""

    field: str
    value: str


def plain(value, limit=None):
    """Text as Article.save() stores it (no control characters), so it compares equal."""
    value = html.plain_text(value).strip()
    return value[:limit] if limit else value


def _key(value, limit):
    """An import key that fits its column; a longer one is replaced by its digest."""
    if len(value) <= limit:
        return value
    return "sha1:" + hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()


def import_key(record):
    """The import key of a record, as it is stored."""
    return ImportKey(_key(plain(record.import_source), 150), _key(plain(record.import_id), 255))


def imported_from(import_source):
    """The articles imported from `import_source`, unordered."""
    # The import key's unique index is partial (import_id != ""); SQLite uses it only when
    # the query states that condition too.
    return Article.objects.filter(import_source=import_source).exclude(import_id="").order_by()


class Lookups:
    """The sections, tags, sources and authors of a run, each looked up once; slugs, images.

    In a dry run nothing is created: what would be created has the id None.
    `warn(location, message)` tells a warning.
    """

    def __init__(self, dry_run, warn):
        self.dry_run = dry_run
        self.warn = warn
        self.forget()

    def forget(self):
        """Empty the lookup caches (after a rollback they may name rows that are gone)."""
        self.sections, self.tags, self.sources, self.authors = {}, {}, {}, {}

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

    @staticmethod
    def ids(values):
        """Distinct, known ids in their first order (None: would be created in a dry run)."""
        return list(dict.fromkeys(pk for pk in values if pk is not None))

    def free_slug(self, record, taken):
        """The record's slug, or a unique variant when another article has it already.

        `taken` is the set of slugs the batch knows are taken; the slug returned joins it.
        """
        wanted = record.slug if SLUG.fullmatch(record.slug or "") else slugify(record.slug)
        wanted = wanted[:255] or slugify(record.title)[:255]
        # Record slugs were looked up with the batch; others (made from a title) are asked.
        if (
            wanted
            and wanted not in taken
            and (wanted == record.slug or not Article.objects.filter(slug=wanted).exists())
        ):
            slug = wanted
        else:
            slug = unique_slug(Article, wanted or record.title, reserved=taken)
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
        taken.add(slug)
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
                    slug=slug, name=plain(ref.name, name_limit) or slug, **defaults
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
        if ref is None or not plain(ref.name):
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
        initials = plain(ref.initials, 20).lower()
        name = plain(ref.name, 150) or initials.upper()
        slug = ref.slug if SLUG.fullmatch(ref.slug) else slugify(name)
        if not slug and not initials:
            return None
        key = AuthorKey("initials", initials) if initials else AuthorKey("slug", slug)
        if key not in self.authors:
            found = Author.objects.filter(**{key.field: key.value})
            pk = found.values_list("pk", flat=True).first()
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
        image = self._stored_image(ref, record.title)
        if image is None:
            self.warn(
                record.location,
                _("featured image %(path)s is missing or not a picture") % {"path": ref.path},
            )
            return None
        return image.pk

    def body_pictures(self, record, body):
        """`body` with each picture marker still in it made our figure of a new library
        picture; a file that is missing or no picture leaves nothing, with a warning."""
        if "[[newsroom-image:" not in body:
            return body

        def figure_for(number):
            ref = record.body_images[number] if number < len(record.body_images) else None
            image = self._stored_image(ref, record.title) if ref else None
            if image is None:
                if ref is not None:
                    self.warn(
                        record.location,
                        _("picture in the body %(path)s is missing or not a picture: left out")
                        % {"path": ref.path},
                    )
                return ""
            shown = figures.Figure(image.pk, image.alt_text, image.caption, image.credit)
            return figures.markup(shown, image.fallback_url)

        # Through the policy again: a marker that stood inside a paragraph split it.
        return html.sanitize(pictures.place(body, figure_for))

    @staticmethod
    def _stored_image(ref, title):
        try:
            # The same check as an upload in the desk: content judged, metadata stripped.
            with ref.path.open("rb") as stream:
                checked, _extension = renditions.clean_upload(File(stream, name=ref.path.name))
        except (OSError, ValidationError):
            return None
        image = Image(
            file=checked,
            alt_text=plain(ref.alt_text, 300) or title[:300],
            caption=plain(ref.caption, 500),
            credit=plain(ref.credit, 200),
        )
        image.save()
        return image
