"""WordPress export files (WXR), read as a stream so the size of the export does not matter.

The whole file is checked first (its bytes against its encoding, its XML to the last byte;
see `container`): a cut-off or broken export is refused before its first item. defusedxml
refuses entity declarations and external references, which is how XXE and “billion laughs”
files attack an XML reader.
Elements are known by the prefixes the file binds (`wp:`, `content:`, `excerpt:`), whatever
namespace address each stands for: WordPress has written several.
Only posts become articles; pages, attachments, menu items, revisions, comments, the block
editor's types (`wp_block`, `wp_template`...) and any other type are counted as skipped.
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
from transfer.importers.container import EncodingError, Utf8Reader, check_xml, xml_problem
from transfer.importers.embeds import unwrap_blocks

# The prefixes read from the file's own declarations, and the usual addresses of each.
OWN_PREFIXES = {"wp", "content", "excerpt", "dc", "wfw"}
PREFIXES = {
    "http://purl.org/rss/1.0/modules/content/": "content",
    "http://purl.org/dc/elements/1.1/": "dc",
    "http://wellformedweb.org/CommentAPI/": "wfw",
}
# WordPress has written export versions 1.0 to 1.2; the excerpt namespace sits below them.
WORDPRESS_NAMESPACE = re.compile(r"^https?://(?:www\.)?wordpress\.org/export/[\d.]+/(excerpt/)?$")
STATUSES = {
    "publish": "published",
    "future": "published",
    "draft": "draft",
    "pending": "review",
    "private": "draft",
}
# Any other type is counted under its own name (“wp_block”, “wp_template”, “product”...).
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
    return b"<rss" in head and (b"wordpress.org/export/" in head or b"xmlns:wp=" in head)


def parse(stream, name, options):
    """Yield the posts of a WXR file as records; skips and problems along the way.

    Nothing is yielded from a file that fails the check but the problem that refuses it.
    """
    if problem := check_xml(stream, name, options.encoding):
        yield problem
        return
    try:
        attachments = {}
        if options.media_dir:
            attachments = _attachments(Utf8Reader(stream, options.encoding), options.media_dir)
            stream.seek(0)
        yield from _posts(Utf8Reader(stream, options.encoding), name, options, attachments)
    except (EncodingError, ET.ParseError, defusedxml.DefusedXmlException) as error:
        # Only if the file changed since it was checked.
        yield xml_problem(name, error)


class _Names:
    """Tag names as `prefix:local`, by the prefixes the file binds, else the usual addresses.

    `{https://wordpress.org/export/1.2/}post_type` → `wp:post_type`.
    """

    def __init__(self):
        self.bound = {}
        self.known = {}

    def bind(self, prefix, namespace):
        if prefix in OWN_PREFIXES:
            self.bound[namespace] = prefix
            self.known.clear()

    def __call__(self, tag):
        if not tag.startswith("{"):
            return tag
        if tag not in self.known:
            if len(self.known) > 10_000:  # a file of ever new tags must not fill memory
                self.known.clear()
            namespace, local = tag[1:].split("}", 1)
            prefix = self.bound.get(namespace) or PREFIXES.get(namespace)
            if prefix is None and (match := WORDPRESS_NAMESPACE.match(namespace)):
                prefix = "excerpt" if match[1] else "wp"
            self.known[tag] = f"{prefix or namespace}:{local}"
        return self.known[tag]


def _channel_children(stream, names):
    """Each child of <channel>, complete, then dropped, so memory stays flat.

    The namespaces the file declares are bound in `names` as they come.
    """
    depth, channel = 0, None
    events = ("start-ns", "start", "end")
    for event, element in DefusedET.iterparse(stream, events=events):
        if event == "start-ns":
            names.bind(*element)
            continue
        if event == "start":
            depth += 1
            if depth == 2:
                channel = element
            continue
        depth -= 1
        if depth == 2 and channel is not None:
            yield element
            channel.clear()


def _fields(item, names):
    """The simple fields of an item, its categories, post meta and number of comments."""
    fields, categories, meta, comments = {}, [], {}, 0
    for child in item:
        tag = names(child.tag)
        if tag == "category":
            categories.append((child.get("domain"), unescape(child.text or "").strip(), child))
        elif tag == "wp:postmeta":
            pair = {names(c.tag): c.text or "" for c in child}
            meta[pair.get("wp:meta_key", "")] = pair.get("wp:meta_value", "")
        elif tag == "wp:comment":
            comments += 1
        else:
            fields[tag] = child.text or ""
    return fields, categories, meta, comments


def _attachments(stream, media_dir):
    """First pass: attachment id → local image, for featured images."""
    media_dir = Path(media_dir).resolve()
    found, names = {}, _Names()
    for element in _channel_children(stream, names):
        if element.tag != "item":
            continue
        fields, _categories, meta, _comments = _fields(element, names)
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
    authors, names = {}, _Names()
    number = 0
    for element in _channel_children(stream, names):
        tag = names(element.tag)
        if tag in site:
            site[tag] = (element.text or "").strip()
        elif tag == "wp:author":
            fields = {names(c.tag): (c.text or "").strip() for c in element}
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
                item_fields = _fields(element, names)
                yield from _item(item_fields, location, site, authors, options, attachments)
            except ValueError as error:
                yield Problem(location, str(error))


def _item(item_fields, location, site, authors, options, attachments):
    fields, categories, meta, comments = item_fields
    if comments:
        yield Skipped(location, "comment", comments)
    post_type = fields.get("wp:post_type", "post").strip() or "post"
    wp_status = fields.get("wp:status", "publish")
    if post_type != "post":
        kind = SKIPPED_TYPES.get(post_type) or html.plain_text(post_type)[:60] or "other"
        yield Skipped(location, kind)
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
    content = re.sub(r"<!--.*?-->", "", unwrap_blocks(content), flags=re.S).replace("\r\n", "\n")
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
