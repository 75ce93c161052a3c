"""Import formats: each module turns one kind of input into plain records; `save` stores them.

A parser module (`text`, `wxr`, `feed`, `jsonl`) has two functions:
`sniff(head)`, true when the first bytes look like its format, and
`parse(stream, name, options)`, which yields `ImportedArticle`, `Skipped` and `Problem`
items and never touches the database. A parser checks the file's container first (its
bytes, its XML: `container`) and yields nothing but one failing `Problem` when it is broken.
Adding a format means adding one module and its name to `FORMATS`.
"""

import codecs
import importlib
import io
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _
from django.utils.translation import ngettext, ngettext_lazy

from transfer.importers import fetch

WIB = ZoneInfo("Asia/Jakarta")
# Detection order: the first module whose `sniff()` accepts the input wins; text takes anything.
FORMATS = ("wxr", "feed", "jsonl", "text")
HEAD_BYTES = 16 * 1024


@dataclass(frozen=True)
class Location:
    """Where an item came from, for messages: a file and a line or item number.

    A fault in a file's bytes or XML names its line and the column (counted from 1), or
    the offset of the first bad byte (counted from 0).
    """

    name: str
    line: int | None = None
    item: int | None = None
    column: int | None = None
    offset: int | None = None

    def __str__(self):
        where = {"file": self.name, "line": self.line, "column": self.column, "offset": self.offset}
        if self.line is not None and self.column is not None:
            return _("%(file)s, line %(line)d, column %(column)d") % where
        if self.line is not None and self.offset is not None:
            return _("%(file)s, line %(line)d, byte offset %(offset)d") % where
        if self.line is not None:
            return _("%(file)s, line %(line)d") % {"file": self.name, "line": self.line}
        if self.item is not None:
            return _("%(file)s, item %(item)d") % {"file": self.name, "item": self.item}
        return self.name


@dataclass
class SourceRef:
    name: str
    url: str = ""
    kind: str = ""
    slug: str = ""


@dataclass
class AuthorRef:
    name: str = ""
    initials: str = ""
    slug: str = ""
    bio: str = ""


@dataclass
class NameRef:
    """A section or a tag: a name, and a slug when the input gives one."""

    name: str
    slug: str = ""
    description: str = ""
    position: int | None = None


@dataclass
class RelatedRef:
    """A “Baca Juga” link as the input states it; the saver finds the article it means.

    The target is looked up by `import_id` (same import source), then `slug`, then, when
    `match_headline` is set, by its `title` as a headline; `url` is an outside address.
    A link that resolves to nothing stays an empty slot, which editors see and readers
    never do.
    `position` counts paragraphs from 1; None puts the link after the body.
    """

    position: int | None = None
    title: str = ""
    slug: str = ""
    url: str = ""
    import_id: str = ""
    order: int | None = None
    match_headline: bool = False


@dataclass
class ImageRef:
    path: Path
    alt_text: str = ""
    caption: str = ""
    credit: str = ""


@dataclass
class ImportedArticle:
    """One article as a parser read it: plain values, nothing looked up yet."""

    location: Location
    import_source: str
    import_id: str
    title: str
    slug: str = ""
    lead: str = ""
    body: str = ""
    dateline: str = ""
    published_at: datetime | None = None
    # None: the input does not say; the saver applies the command's default.
    status: str | None = None
    # Private or password-protected in the input: never published, whatever is asked.
    restricted: bool = False
    language: str = ""
    section: NameRef | None = None
    tags: list[NameRef] = field(default_factory=list)
    source: SourceRef | None = None
    credited_sources: list[SourceRef] = field(default_factory=list)
    authors: list[AuthorRef] = field(default_factory=list)
    related: list[RelatedRef] = field(default_factory=list)
    featured_image: ImageRef | None = None
    # The pictures of the body, in order: the Nth stands where the body's marker N is
    # (`transfer.importers.pictures`).
    body_images: list[ImageRef] = field(default_factory=list)
    # Further Article fields the input states as they are stored (JSON Lines only):
    # kind, unverified, embargo_until, taken_down_at, takedown_reason.
    fields: dict = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


@dataclass
class Skipped:
    """Something in the input that is deliberately not imported (a page, a comment...)."""

    location: Location
    kind: str
    count: int = 1


@dataclass
class Problem:
    """A failure (the item or file is not imported) or, with `failed=False`, a warning."""

    location: Location
    message: str
    failed: bool = True


SKIPPED_KINDS = {
    "page": ngettext_lazy("%(count)d page", "%(count)d pages", "count"),
    "attachment": ngettext_lazy("%(count)d attachment", "%(count)d attachments", "count"),
    "menu": ngettext_lazy("%(count)d menu item", "%(count)d menu items", "count"),
    "revision": ngettext_lazy("%(count)d revision", "%(count)d revisions", "count"),
    "comment": ngettext_lazy("%(count)d comment", "%(count)d comments", "count"),
    "other": ngettext_lazy("%(count)d other item", "%(count)d other items", "count"),
}


def skipped_label(kind, count):
    """“3 pages”: what was skipped, for the summary; any other kind is a WordPress type."""
    if kind in SKIPPED_KINDS:
        return SKIPPED_KINDS[kind] % {"count": count}
    return ngettext(
        "%(count)d item of type “%(type)s”", "%(count)d items of type “%(type)s”", count
    ) % {"count": count, "type": kind}


@dataclass
class ImportOptions:
    """What the operator told the command, as far as parsers need to know."""

    source: str = ""
    published_at: datetime | None = None
    media_dir: Path | None = None
    # The input's encoding as the operator states it, over what the file declares.
    encoding: str = ""


def is_url(location):
    return location.startswith(("http://", "https://"))


def expand(locations):
    """Paths and URLs as given, with each folder replaced by the files inside it, sorted."""
    for location in locations:
        path = Path(location)
        if not is_url(location) and path.is_dir():
            for child in sorted(path.rglob("*")):
                hidden = any(p.startswith(".") for p in child.relative_to(path).parts)
                if child.is_file() and not hidden:
                    yield str(child)
        else:
            yield location


def open_input(location):
    """A binary stream for a path or an http(s) URL (fetched with the safe fetcher)."""
    if is_url(location):
        return io.BytesIO(fetch.fetch(location))
    try:
        return open(location, "rb")  # noqa: SIM115 -- the caller closes it
    except OSError as error:
        raise fetch.InputError(
            _("cannot open %(path)s: %(reason)s") % {"path": location, "reason": error.strerror}
        ) from error


def parser(name):
    """The parser module for a format name."""
    return importlib.import_module(f"{__name__}.{name}")


def detect_format(stream, encoding=""):
    """The format of a seekable binary stream, judged from its first bytes."""
    head = stream.read(HEAD_BYTES)
    stream.seek(0)
    if not encoding and head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"  # the mark says so
    if encoding:
        head = head.decode(encoding, "replace").encode()
    head = head.removeprefix(b"\xef\xbb\xbf").lstrip()
    return next(name for name in FORMATS if parser(name).sniff(head))


def read(locations, *, format="auto", options=None):
    """Yield the records, skips and problems of every location, one input after another."""
    options = options or ImportOptions()
    for location in expand(locations):
        try:
            stream = open_input(location)
        except fetch.InputError as error:
            yield Problem(Location(location), str(error))
            continue
        yield from read_stream(stream, location, format=format, options=options)


def read_stream(stream, name, *, format="auto", options=None):
    """Yield the records, skips and problems of one input already opened (and close it)."""
    options = options or ImportOptions()
    with stream:
        try:
            fmt = format if format != "auto" else detect_format(stream, options.encoding)
            yield from parser(fmt).parse(stream, name, options)
        except OSError as error:
            yield Problem(
                Location(name),
                _("cannot read %(path)s: %(reason)s")
                % {"path": name, "reason": error.strerror or error},
            )
