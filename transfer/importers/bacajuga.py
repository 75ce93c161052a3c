"""Recognising “Baca Juga” (read also) lines and paragraphs, shared by the parsers."""

import re
from html.parser import HTMLParser
from urllib.parse import parse_qs, urlsplit

from articles import html
from transfer.importers import RelatedRef

# A line or paragraph that says only "Baca Juga", or "Baca Juga: <headline>".
LINE = re.compile(r"^[\s*_\-–—>]*baca\s+juga\s*(?:[:\-–—]\s*(?P<title>.*?))?[\s*_]*$", re.I)
# In HTML a "Baca Juga" paragraph stays short; a longer one is prose that happens to begin so.
MAX_PARAGRAPH = 400


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []
        self._href = None
        self._text = []

    def handle_starttag(self, tag, attrs):
        if tag == "a":
            self._href = dict(attrs).get("href") or ""
            self._text = []

    def handle_data(self, data):
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None


def _host(url):
    return (urlsplit(url).hostname or "").removeprefix("www.")


def link_ref(href, title, position, site_url):
    """A RelatedRef for a link: an article of the same site, or an outside address."""
    parts = urlsplit(href)
    if parts.scheme not in {"", "http", "https"}:
        return RelatedRef(position=position, title=title, match_headline=bool(title))
    if parts.scheme in {"http", "https"} and _host(href) != _host(site_url or ""):
        return RelatedRef(position=position, title=title, url=href)
    post_id = parse_qs(parts.query).get("p", [""])[0]
    if post_id.isdigit():
        return RelatedRef(position=position, title=title, import_id=post_id)
    slug = next((s for s in reversed(parts.path.split("/")) if s), "")
    return RelatedRef(position=position, title=title, slug=slug.removesuffix(".html"))


def split_body(body_html, site_url=""):
    """Take the “Baca Juga” paragraphs, and empty ones, out of a sanitized body.

    Returns `(body, related)`: the body without them, and a RelatedRef for each link they
    held, positioned after the paragraph they followed (None when nothing follows).
    """
    kept, found = [], []
    for block in html.split_blocks(body_html):
        text = html.strip_tags(block)
        if not text and not any(f"<{tag}" in block for tag in ("img", "hr", "table")):
            continue  # "<p>&nbsp;</p>" and the like: nothing a reader would see
        match = LINE.match(text) if len(text) <= MAX_PARAGRAPH else None
        if not match:
            kept.append(block)
            continue
        parser = _Links()
        parser.feed(block)
        if parser.links:
            found.extend((len(kept), href, title) for href, title in parser.links)
        else:
            found.append((len(kept), "", match.group("title") or ""))
    related = []
    for after, href, title in found:
        position = None if after == len(kept) else max(after, 1)
        if href:
            related.append(link_ref(href, title, position, site_url))
        else:
            related.append(RelatedRef(position=position, title=title, match_headline=bool(title)))
    return "".join(kept), related
