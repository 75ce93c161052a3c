"""JSON Lines, the exchange format: one article a line, what `export_articles` writes.

    {"title", "slug", "lead", "body", "published_at" (ISO 8601 with offset), "section",
     "tags": [..], "source": {"name", "url"}, "author": {"name", "initials"},
     "related": [{"title", "slug" or "url", "position"}]}

`position` in "related" counts paragraphs from 0 (0: after the first paragraph; null:
after the body), as the shared benchmark corpus writes it. The export adds more keys
(status, dateline, language, kind, unverified, embargo_until, taken_down_at,
takedown_reason, authors, credited_sources, section_detail, tag_details, featured_image,
id, import_source, created_at, updated_at); all are optional here. An author may be given
as plain text too: short letters of one case are initials (“mus”), anything else a name.
A bad line is reported with its number and the others still import; a file with no line
at all is an error.
"""

import json
import re
from datetime import UTC, datetime
from pathlib import Path

from django.utils.text import slugify
from django.utils.translation import gettext as _

from transfer.importers import (
    WIB,
    AuthorRef,
    ImageRef,
    ImportedArticle,
    Location,
    NameRef,
    Problem,
    RelatedRef,
    SourceRef,
)
from transfer.importers.container import EncodingError, bad_bytes, codec_name

MAX_LINE = 64 * 1024 * 1024
# Whole numbers longer than this are refused, not converted (no key needs more).
MAX_DIGITS = 40
# Positions and orders are stored in small integer columns.
MAX_POSITION = 32767
INITIALS = re.compile(r"[a-z]{2,10}|[A-Z]{2,10}")


def sniff(head):
    return head.startswith(b"{")


def parse(stream, name, options):
    """Yield one record per line, or the problem with that line."""
    encoding = (options.encoding or "UTF-8").upper()
    try:
        codec_name(encoding)
    except EncodingError as error:
        yield error.problem(name)
        return
    empty = True
    for number, offset, line in _lines(stream):
        location = Location(name, line=number)
        if line is None:
            empty = False
            yield Problem(
                location, _("longer than %(size)d MB") % {"size": MAX_LINE // (1024 * 1024)}
            )
            continue
        try:
            text = line.decode(encoding).removeprefix("\ufeff")
        except UnicodeDecodeError as error:
            empty = False
            at = Location(name, line=number, offset=offset + error.start)
            yield Problem(at, bad_bytes(encoding))
            continue
        if not text.strip():
            continue
        empty = False
        try:
            yield record(_json(text), location, options)
        except ValueError as error:
            yield Problem(location, str(error))
    if empty:
        yield Problem(Location(name), _("the file is empty"))


def _json(text):
    """The one JSON object of a line; ValueError says what is wrong with it."""
    try:
        data = json.loads(text, parse_int=_whole)
    except json.JSONDecodeError as error:
        raise ValueError(
            _("not valid JSON: %(reason)s (column %(column)d)")
            % {"reason": error.msg, "column": error.colno}
        ) from None
    except RecursionError:
        raise ValueError(_("not readable: JSON nested too deeply")) from None
    if not isinstance(data, dict):
        raise ValueError(_("a line must hold one JSON object"))
    return data


def _whole(digits):
    if len(digits.lstrip("-")) > MAX_DIGITS:
        raise ValueError(_("a number longer than %(count)d digits") % {"count": MAX_DIGITS})
    return int(digits)


def _lines(stream):
    """(number, offset, bytes) per line; None for a line past MAX_LINE, which is skipped whole."""
    number = offset = 0
    while line := stream.readline(MAX_LINE + 1):
        number += 1
        start = offset
        offset += len(line)
        if len(line) > MAX_LINE and not line.endswith(b"\n"):
            while (rest := stream.readline(MAX_LINE)) and not rest.endswith(b"\n"):
                offset += len(rest)
            offset += len(rest)
            yield number, start, None
        else:
            yield number, start, line


def record(data, location, options):
    """The record for one decoded JSON object; ValueError names the first wrong key."""
    title = _text(data, "title", required=True)
    slug = _text(data, "slug")
    import_id = data.get("id")
    if not isinstance(import_id, str | int | type(None)) or isinstance(import_id, bool):
        raise ValueError(_("“%(key)s” must be text") % {"key": "id"})
    authors = [a for a in _list(data, "authors", lambda v: _author(v, "authors")) if a] or [
        a for a in [_author(data.get("author"), "author")] if a
    ]
    section = _section(data)
    return ImportedArticle(
        location=location,
        import_source=_text(data, "import_source") or options.source or "jsonl",
        import_id=str(import_id or slug or slugify(title)),
        title=title,
        slug=slug,
        lead=_text(data, "lead"),
        body=_text(data, "body"),
        dateline=_text(data, "dateline"),
        published_at=_datetime(data, "published_at"),
        status=_text(data, "status") or None,
        language=_text(data, "language"),
        section=section,
        tags=_list(data, "tag_details", _tag) or _list(data, "tags", _tag),
        source=_source(data.get("source"), "source"),
        credited_sources=_list(data, "credited_sources", lambda v: _source(v, "credited_sources")),
        authors=authors,
        related=[_related(item, order) for order, item in enumerate(_list(data, "related"))],
        featured_image=_image(data.get("featured_image"), options.media_dir),
        fields=_fields(data),
    )


def _fields(data):
    """The export's editorial fields, present only when the line has them."""
    fields = {}
    for key in ("kind", "takedown_reason"):
        if key in data:
            fields[key] = _text(data, key)
    for key in ("embargo_until", "taken_down_at"):
        if key in data:
            fields[key] = _datetime(data, key)
    if "unverified" in data:
        if not isinstance(data["unverified"], bool):
            raise _wrong("unverified", _("true or false"))
        fields["unverified"] = data["unverified"]
    return fields


def _wrong(key, kind):
    return ValueError(_("“%(key)s” must be %(kind)s") % {"key": key, "kind": kind})


def _text(data, key, *, required=False):
    value = data.get(key)
    if value is None:
        if required:
            raise ValueError(_("“%(key)s” is missing") % {"key": key})
        return ""
    if not isinstance(value, str):
        raise _wrong(key, _("text"))
    return value.strip() if key != "body" else value


def _list(data, key, convert=None):
    value = data.get(key)
    if value is None:
        return []
    if not isinstance(value, list):
        raise _wrong(key, _("a list"))
    return [convert(item) for item in value] if convert else value


def _object(value, key):
    if not isinstance(value, dict):
        raise _wrong(key, _("an object"))
    return value


def _datetime(data, key):
    value = _text(data, key)
    if not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
        moment = moment if moment.tzinfo else moment.replace(tzinfo=WIB)
        moment.astimezone(UTC)  # as it is stored: a time past year 9999 or before 1 is not
    except (ValueError, OverflowError):
        raise _wrong(key, _("an ISO 8601 date and time")) from None
    return moment


def _section(data):
    if detail := data.get("section_detail"):
        detail = _object(detail, "section_detail")
        position = detail.get("position")
        if position is not None and not _small(position):
            raise _wrong("section_detail", _("an object with a whole “position”"))
        return NameRef(
            _text(detail, "name", required=True),
            _text(detail, "slug"),
            _text(detail, "description"),
            position,
        )
    name = _text(data, "section")
    return NameRef(name) if name else None


def _tag(value):
    if isinstance(value, str):
        return NameRef(value.strip())
    value = _object(value, "tag_details")
    return NameRef(_text(value, "name", required=True), _text(value, "slug"))


def _source(value, key):
    if value is None:
        return None
    value = _object(value, key)
    return SourceRef(
        _text(value, "name", required=True),
        _text(value, "url"),
        _text(value, "kind"),
        _text(value, "slug"),
    )


def _author(value, key):
    """An author object, or plain text: initials when short letters of one case, else a name."""
    if value is None:
        return None
    if isinstance(value, str):
        value = value.strip()
        if INITIALS.fullmatch(value):
            return AuthorRef(initials=value.lower())
        if not value:
            raise ValueError(_("an author needs a name or initials"))
        return AuthorRef(name=value)
    if not isinstance(value, dict):
        raise _wrong(key, _("text or an object"))
    author = AuthorRef(
        _text(value, "name"), _text(value, "initials"), _text(value, "slug"), _text(value, "bio")
    )
    if not (author.name or author.initials):
        raise ValueError(_("an author needs a name or initials"))
    return author


def _related(value, order):
    value = _object(value, "related")
    position = value.get("position")
    if position is not None and not _small(position):
        raise _wrong("related", _("a list of objects with a whole “position” from 0"))
    explicit_order = value.get("order")
    return RelatedRef(
        position=None if position is None else position + 1,
        title=_text(value, "title"),
        slug=_text(value, "slug"),
        url=_text(value, "url"),
        order=explicit_order if _small(explicit_order) else order,
    )


def _small(value):
    """A whole number a position or order column holds."""
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MAX_POSITION


def _image(value, media_dir):
    """A featured image, read from `media_dir` (a copy of the exporting site's media)."""
    if value is None or media_dir is None:
        return None
    value = _object(value, "featured_image")
    root = Path(media_dir).resolve()
    path = (root / _text(value, "file", required=True)).resolve()
    if not path.is_relative_to(root):
        raise _wrong("featured_image", _("a file inside the media folder"))
    return ImageRef(path, _text(value, "alt_text"), _text(value, "caption"), _text(value, "credit"))
