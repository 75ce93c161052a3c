"""WordPress export files (WXR), read as a stream so the size of the export does not matter.

defusedxml refuses entity declarations and external references, which is how XXE and
“billion laughs” files attack an XML reader; such a file is refused before its first item.
Only posts become articles; pages, attachments, menu items, revisions, comments and other
item types are counted as skipped.
"""

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import defusedxml
import defusedxml.ElementTree as DefusedET
from django.utils.text import slugify
from django.utils.translation import gettext as _

from articles import html
from transfer.importers import (
    WIB,
    AuthorRef,
    ImageRef,
    ImportedArticle,
    Location,
    NameRef,
    Problem,
    Skipped,
    SourceRef,
)
from transfer.importers.bacajuga import split_body

PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# WordPress has written export versions 1.0 to 1.2; the excerpt namespace sits below them.
WORDPRESS_NAMESPACE = re.compile(r"^http://wordpress\.org/export/[\d.]+/(excerpt/)?$")
STATUSES = {
    "publish": "published",
    "future": "published",
    "draft": "draft",
    "pending": "review",
    "private": "draft",
}
SKIPPED_TYPES = {
    "page": "page",
    "attachment": "attachment",
    "nav_menu_item": "menu",
    "revision": "revision",
}
NO_DATE = "0000-00-00"
BLOCK_START = re.compile(
    r"^<(?:p|div|h[1-6]|ul|ol|li|dl|blockquote|figure|table|pre|hr|section|iframe)\b", re.I
)


def sniff(head):
    return b"<rss" in head and b"wordpress.org/export/" in head


def parse(stream, name, options):
    """Yield the posts of a WXR file as records; skips and problems along the way."""
    try:
        attachments = _attachments(stream, options.media_dir) if options.media_dir else {}
        stream.seek(0)
        yield from _posts(stream, name, options, attachments)
    except defusedxml.DefusedXmlException:
        yield Problem(
            Location(name),
            _(
                "refused: the file declares XML entities or external references "
                "(an XXE or “billion laughs” attack); nothing more is read from it"
            ),
        )
    except ET.ParseError as error:
        yield Problem(Location(name), _("not well-formed XML: %(reason)s") % {"reason": error})


def _name(tag):
    """`{http://wordpress.org/export/1.2/}post_type` → `wp:post_type`."""
    if not tag.startswith("{"):
        return tag
    namespace, local = tag[1:].split("}", 1)
    if match := WORDPRESS_NAMESPACE.match(namespace):
        return f"{'excerpt' if match[1] else 'wp'}:{local}"
    return f"{PREFIXES.get(namespace, namespace)}:{local}"


def _channel_children(stream):
    """Each child of <channel>, complete, then dropped, so memory stays flat."""
    depth, channel = 0, None
    for event, element in DefusedET.iterparse(stream, events=("start", "end")):
        if event == "start":
            depth += 1
            if depth == 2:
                channel = element
            continue
        depth -= 1
        if depth == 2 and channel is not None:
            yield element
            channel.clear()


def _fields(item):
    """The simple fields of an item, its categories, post meta and number of comments."""
    fields, categories, meta, comments = {}, [], {}, 0
    for child in item:
        tag = _name(child.tag)
        if tag == "category":
            categories.append((child.get("domain"), unescape(child.text or "").strip(), child))
        elif tag == "wp:postmeta":
            pair = {_name(c.tag): c.text or "" for c in child}
            meta[pair.get("wp:meta_key", "")] = pair.get("wp:meta_value", "")
        elif tag == "wp:comment":
            comments += 1
        else:
            fields[tag] = child.text or ""
    return fields, categories, meta, comments


def _attachments(stream, media_dir):
    """First pass: attachment id → local image, for featured images."""
    media_dir = Path(media_dir).resolve()
    found = {}
    for element in _channel_children(stream):
        if element.tag != "item":
            continue
        fields, _categories, meta, _comments = _fields(element)
        if fields.get("wp:post_type") != "attachment":
            continue
        relative = (
            meta.get("_wp_attached_file")
            or unquote(urlsplit(fields.get("wp:attachment_url", "")).path).partition("/uploads/")[2]
        )
        path = (media_dir / relative.lstrip("/")).resolve()
        if relative and path.is_relative_to(media_dir):
            found[fields.get("wp:post_id", "")] = ImageRef(
                path=path,
                alt_text=meta.get("_wp_attachment_image_alt")
                or html.strip_tags(fields.get("title", "")),
                caption=html.strip_tags(fields.get("excerpt:encoded", "")),
            )
    return found


def _posts(stream, name, options, attachments):
    site = {"title": "", "link": "", "wp:base_site_url": ""}
    authors = {}
    number = 0
    for element in _channel_children(stream):
        tag = _name(element.tag)
        if tag in site:
            site[tag] = (element.text or "").strip()
        elif tag == "wp:author":
            fields = {_name(c.tag): (c.text or "").strip() for c in element}
            full_name = (
                f"{fields.get('wp:author_first_name', '')} {fields.get('wp:author_last_name', '')}"
            )
            authors[fields.get("wp:author_login", "")] = (
                fields.get("wp:author_display_name") or full_name.strip()
            )
        elif tag == "item":
            number += 1
            location = Location(name, item=number)
            try:
                yield from _item(element, location, site, authors, options, attachments)
            except ValueError as error:
                yield Problem(location, str(error))


def _item(item, location, site, authors, options, attachments):
    fields, categories, meta, comments = _fields(item)
    if comments:
        yield Skipped(location, "comment", comments)
    post_type = fields.get("wp:post_type", "post")
    wp_status = fields.get("wp:status", "publish")
    if post_type != "post":
        yield Skipped(location, SKIPPED_TYPES.get(post_type, "other"))
        return
    if wp_status in {"trash", "auto-draft", "inherit"}:
        yield Skipped(location, "other")
        return

    warnings = []
    restricted = False
    if wp_status == "private":
        restricted = True
        warnings.append(_("private post: imported as a draft"))
    if fields.get("wp:post_password"):
        restricted = True
        warnings.append(_("password-protected post: imported as a draft"))
    status = STATUSES.get(wp_status)
    if status is None:
        status = "draft"
        warnings.append(
            _("unknown WordPress status “%(status)s”: imported as a draft") % {"status": wp_status}
        )

    site_url = site["wp:base_site_url"] or site["link"]
    body, related = split_body(
        html.sanitize(_paragraphs(fields.get("content:encoded", ""))), site_url
    )
    section_and_more = [
        NameRef(label, element.get("nicename", ""))
        for domain, label, element in categories
        if domain == "category" and label
    ]
    tags = [
        NameRef(label, element.get("nicename", ""))
        for domain, label, element in categories
        if domain == "post_tag" and label
    ]
    image = None
    if options.media_dir and (thumbnail := meta.get("_thumbnail_id")):
        image = attachments.get(thumbnail)
        if image is None:
            warnings.append(
                _("featured image %(id)s is not among the export's attachments") % {"id": thumbnail}
            )
    login = fields.get("dc:creator", "").strip()
    source_name = options.source or site["title"]
    yield ImportedArticle(
        location=location,
        import_source=source_name or site_url or "wordpress",
        import_id=fields.get("wp:post_id") or fields.get("guid", ""),
        title=html.strip_tags(fields.get("title", "")),
        slug=slugify(unquote(fields.get("wp:post_name", ""))),
        lead=html.strip_tags(fields.get("excerpt:encoded", "")),
        body=body,
        published_at=_published_at(fields),
        status=status,
        restricted=restricted,
        section=section_and_more[0] if section_and_more else None,
        # Categories past the first have no place of their own: they become tags.
        tags=section_and_more[1:] + tags,
        source=SourceRef(source_name, site["link"]) if source_name else None,
        authors=[AuthorRef(name=authors.get(login) or login)] if login else [],
        related=related,
        featured_image=image,
        warnings=warnings,
    )


def _published_at(fields):
    """GMT time of a published or scheduled post; drafts have none yet."""
    if fields.get("wp:status", "publish") not in {"publish", "future", "private"}:
        return None
    gmt, local = fields.get("wp:post_date_gmt", ""), fields.get("wp:post_date", "")
    try:
        if gmt and not gmt.startswith(NO_DATE):
            return datetime.strptime(gmt.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=UTC)
        if local and not local.startswith(NO_DATE):
            return datetime.strptime(local.strip(), "%Y-%m-%d %H:%M:%S").replace(tzinfo=WIB)
    except ValueError:
        raise ValueError(_("unreadable post date “%(date)s”") % {"date": gmt or local}) from None
    return None


def _paragraphs(content):
    """WordPress's own paragraphs: text separated by blank lines becomes `<p>` (as wpautop)."""
    content = re.sub(r"<!--.*?-->", "", content, flags=re.S).replace("\r\n", "\n")
    paragraphs = []
    for chunk in re.split(r"\n\s*\n", content):
        chunk = chunk.strip()
        if not chunk:
            continue
        if BLOCK_START.match(chunk):
            paragraphs.append(chunk)
        else:
            paragraphs.append("<p>" + chunk.replace("\n", "<br>\n") + "</p>")
    return "\n".join(paragraphs)
