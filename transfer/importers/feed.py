"""RSS 0.9x, 1.0 and 2.0 and Atom feeds, read by feedparser from bytes we already hold.

feedparser is never handed a URL or a file name: it would fetch or open it itself,
without our limits. Downloads go through `fetch`, files are read by the caller.
A feed is checked whole first (its bytes against the encoding it declares, its XML to the
end; see `container`), and one feedparser finds fault with (“bozo”) is refused whole too:
nothing of a broken feed is imported.
"""

import io
import re
from datetime import UTC, datetime
from html import unescape
from urllib.parse import urlsplit

import feedparser
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import html
from transfer.importers import (
    AuthorRef,
    ImportedArticle,
    Location,
    NameRef,
    Problem,
    SourceRef,
    pictures,
)
from transfer.importers.bacajuga import split_body
from transfer.importers.container import EncodingError, as_utf8, check_xml

ENTITY_DECLARATION = re.compile(rb"<!ENTITY", re.I)


def sniff(head):
    """Any XML that is not a WordPress export (that module is asked first)."""
    return head.startswith(b"<")


def parse(stream, name, options):
    """Yield one record per feed entry."""
    data = stream.read()
    if ENTITY_DECLARATION.search(data):
        # Feeds have no use for entity declarations; they are how XXE attacks begin.
        yield Problem(Location(name), _("refused: the feed declares XML entities"))
        return
    try:
        data = as_utf8(data, options.encoding)
    except EncodingError as error:
        yield error.problem(name)
        return
    if problem := check_xml(io.BytesIO(data), name, "UTF-8"):
        yield problem
        return
    feed = feedparser.parse(io.BytesIO(data))
    if feed.bozo:
        yield Problem(
            Location(name),
            _("not a readable feed: %(reason)s; nothing of it is imported")
            % {"reason": feed.get("bozo_exception", "")},
        )
        return
    site_url = feed.feed.get("link", "")
    source_name = options.source or html.strip_tags(feed.feed.get("title", ""))
    source = SourceRef(source_name, site_url) if source_name else None
    for number, entry in enumerate(feed.entries, start=1):
        location = Location(name, item=number)
        key = entry.get("id") or entry.get("link")
        if not key:
            yield Problem(location, _("the entry has neither an id nor a link"))
            continue
        yield _entry(
            entry, location, key, source, source_name or site_url or "feed", site_url, options
        )


def _entry(entry, location, key, source, import_source, site_url, options):
    summary = entry.get("summary", "")
    contents = entry.get("content") or [{"value": summary, "type": "text/html"}]
    content = next((c for c in contents if "html" in c.get("type", "")), contents[0])
    body_html = content.get("value", "")
    if "html" not in content.get("type", "html") or "<" not in body_html:
        body_html = html.paragraphs_from_text(unescape(body_html))
    body, related = split_body(html.sanitize(body_html, foreign=True), site_url)
    published = entry.get("published_parsed") or entry.get("updated_parsed")
    try:
        published_at = datetime(*published[:6], tzinfo=UTC) if published else None
    except (ValueError, OverflowError):
        published_at = None  # the saver tells that it has no time
    author = (entry.get("author_detail") or {}).get("name") or entry.get("author", "")
    # Its picture only from the operator's media folder: nothing is fetched.
    image, warnings = pictures.feed_image(entry, options.media_dir)
    return ImportedArticle(
        location=location,
        import_source=import_source,
        import_id=key,
        title=html.strip_tags(entry.get("title", "")),
        # The address's last part, as a WordPress-style permalink has it, so that
        # same-site “Baca Juga” links (which name it) find the article.
        slug=slugify(
            next((p for p in reversed(urlsplit(entry.get("link", "")).path.split("/")) if p), "")
        ),
        lead=html.strip_tags(summary),
        body=body,
        published_at=published_at,
        tags=[
            NameRef(label)
            for tag in entry.get("tags", [])
            if (label := (tag.get("label") or tag.get("term") or "").strip())
        ],
        source=source,
        authors=[AuthorRef(name=author)] if author else [],
        related=related,
        featured_image=image,
        warnings=warnings,
    )
