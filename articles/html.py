"""The one HTML policy: what an article body may contain, and how it splits into paragraphs.

Every body, whether typed in the admin, imported or generated, passes through
`sanitize()` before it is stored, so templates can output stored bodies as they are.
"""

import html
import re
from html.parser import HTMLParser

import nh3
from django.utils.safestring import mark_safe

from articles import embed_markup

ALLOWED_TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "blockquote",
    "ul",
    "ol",
    "li",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "hr",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "figure": embed_markup.FIGURE_ATTRIBUTES,
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan"},
    "td": {"colspan", "rowspan"},
}
URL_SCHEMES = {"http", "https", "mailto"}
BLOCK_TAGS = {"p", "h2", "h3", "h4", "blockquote", "ul", "ol", "figure", "table", "hr"}

_BLANK_LINES = re.compile(r"\n\s*\n")
# C0/C1 control characters other than tab, newline and carriage return: invisible, and not
# allowed in XML, so one of them in a headline would break every feed it appears in.
_CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def plain_text(text):
    """Text a person typed or an import brought, without invisible control characters."""
    return _CONTROL_CHARACTERS.sub("", text or "")


def sanitize(body_html, *, sponsored=False):
    """Return `body_html` reduced to the tags, attributes and URL schemes readers may see
    (and our embed markup: `articles.embed_markup`)."""
    cleaned = _clean(plain_text(body_html), sponsored)
    cleaned, changed = embed_markup.emptied(cleaned)
    return (_clean(cleaned, sponsored) if changed else cleaned).strip()


def _clean(body_html, sponsored):
    return nh3.clean(
        body_html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=embed_markup.attribute_filter,
        url_schemes=URL_SCHEMES,
        link_rel="sponsored noopener noreferrer" if sponsored else "noopener noreferrer",
        strip_comments=True,
    )


def reader_html(body_html, *, sponsored=False):
    """`body_html` passed again through the policy as it is shown, then trusted as markup."""
    return mark_safe(sanitize(body_html, sponsored=sponsored))  # noqa: S308 -- sanitized by nh3 on this line


def strip_tags(body_html):
    """Plain text of an HTML fragment, for leads, feeds and search snippets."""
    body_html = body_html or ""
    if "<" not in body_html and "&" not in body_html:
        # Plain already (a lead, most snippets): nothing to parse, only spaces to tidy.
        return " ".join(body_html.split())
    # A space before every tag keeps words of adjacent paragraphs apart.
    text = nh3.clean(body_html.replace("<", " <"), tags=set(), attributes={})
    return html.unescape(re.sub(r"\s+", " ", text)).strip()


def paragraphs_from_text(text):
    """Turn blank-line separated plain text into escaped `<p>` paragraphs."""
    paragraphs = [" ".join(chunk.split()) for chunk in _BLANK_LINES.split(text or "")]
    return "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs if p)


VOID_TAGS = {"br", "img", "hr"}


class _TopLevelParser(HTMLParser):
    """Collects the top-level pieces of a fragment as (is_block, start, end) offsets."""

    def __init__(self, source):
        super().__init__(convert_charrefs=False)
        self.line_offsets = [0]
        for line in source.splitlines(keepends=True):
            self.line_offsets.append(self.line_offsets[-1] + len(line))
        self.depth = 0
        self.piece_start = 0
        self.last_end = 0
        self.pieces = []

    def position(self):
        line, column = self.getpos()
        return self.line_offsets[line - 1] + column

    def _close_piece(self, tag, end):
        start = self.piece_start
        if self.last_end < start:
            self.pieces.append((False, self.last_end, start))
        self.pieces.append((tag in BLOCK_TAGS, start, end))
        self.last_end = end

    def handle_starttag(self, tag, attrs):
        if self.depth == 0:
            self.piece_start = self.position()
        if tag in VOID_TAGS:
            if self.depth == 0:
                self._close_piece(tag, self.position() + len(self.get_starttag_text()))
            return
        self.depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.depth == 0:
            self.piece_start = self.position()
            self._close_piece(tag, self.position() + len(self.get_starttag_text()))

    def handle_endtag(self, tag):
        if tag in VOID_TAGS or self.depth == 0:
            return
        self.depth -= 1
        if self.depth == 0:
            end = self.source_end(tag)
            self._close_piece(tag, end)

    def source_end(self, tag):
        return self.position() + len(f"</{tag}>")


def split_blocks(body_html):
    """Split sanitized HTML into its top-level blocks (paragraphs, headings, lists...).

    Inline content and text between blocks become blocks of their own, so nothing is lost.
    """
    source = body_html or ""
    parser = _TopLevelParser(source)
    parser.feed(source)
    parser.close()
    pieces = list(parser.pieces)
    if parser.last_end < len(source):
        pieces.append((False, parser.last_end, len(source)))
    blocks, inline_run = [], ""
    for is_block, start, end in pieces:
        chunk = source[start:end]
        if is_block:
            if inline_run.strip():
                blocks.append(inline_run.strip())
            inline_run = ""
            blocks.append(chunk)
        else:
            inline_run += chunk
    if inline_run.strip():
        blocks.append(inline_run.strip())
    return blocks
