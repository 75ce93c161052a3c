"""The pictures of an imported body, from the operator's copy of the old site's media.

Parsers (never the database) find the pictures in a body: WordPress's `[caption]`
shortcodes, its `wp:image` blocks (`<figure>` with `<img>` and `<figcaption>`) and any other
`<img>`. Each whose file is inside `--media-dir` becomes an `ImageRef` of the record and a
marker in the body where it stood, a paragraph of its own; the others go, each with a
warning. The saver (`lookups.py`) makes each file a library picture through the upload
checks and puts our figure (`articles.figures`) in place of its marker; a file that fails
them leaves nothing, with a warning. Nothing is fetched from the internet: an address is
only looked up as a path in the media folder.
"""

import re
from html import unescape
from pathlib import Path
from urllib.parse import unquote, urlsplit

import nh3
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles import html
from transfer.importers import ImageRef

MARKER = "[[newsroom-image:{}]]"
MARKER_PATTERN = re.compile(r"(<p>\s*)?\[\[newsroom-image:([0-9]+)\]\](\s*</p>)?")

_CAPTION = re.compile(r"\[caption\b[^\]]*\](.*?)\[/caption\]", re.S | re.I)
_FIGURE = re.compile(r"<figure\b[^>]*>(.*?)</figure>", re.S | re.I)
_FIGCAPTION = re.compile(r"<figcaption\b[^>]*>(.*?)</figcaption>", re.S | re.I)
_LINKED_IMG = re.compile(r"(?:<a\b[^>]*>\s*)?<img\b[^>]*>(?:\s*</a>)?", re.S | re.I)
_IMG = re.compile(r"<img\b[^>]*>", re.S | re.I)
_ATTRIBUTE = re.compile(r"""([\w-]+)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""")
_SIZED = re.compile(r"-[0-9]+x[0-9]+(?=\.[A-Za-z0-9]+$)")


def _text(fragment):
    """The words of an HTML fragment, its inline tags gone without leaving gaps."""
    words = unescape(nh3.clean(fragment or "", tags=set(), attributes={}))
    return " ".join(html.plain_text(words).split())


def _attributes(tag):
    found = {}
    for name, *values in _ATTRIBUTE.findall(tag):
        found.setdefault(name.lower(), unescape(next((v for v in values if v), "")))
    return found


class _Finder:
    """Replaces each picture of one body by a marker, collecting refs and warnings."""

    def __init__(self, media_dir, attachments):
        self.root = Path(media_dir).resolve() if media_dir else None
        self.attachments = attachments or {}
        self.refs, self.warnings, self.left_out = [], [], 0

    def picture(self, img_tag, caption_html=""):
        attributes = _attributes(img_tag)
        src = attributes.get("src", "")
        if self.root is None:
            self.left_out += 1
            return ""
        attachment = None
        if match := re.search(r"\bwp-image-([0-9]+)\b", attributes.get("class", "")):
            attachment = self.attachments.get(match[1])
        path = self.local_file(src, attachment)
        if path is None:
            self.warnings.append(
                _("picture in the body %(src)s is not in the media folder: left out")
                % {"src": html.plain_text(src)[:200] or "(no address)"}
            )
            return ""
        caption = _text(caption_html) or (attachment.caption if attachment else "")
        alt = attributes.get("alt", "").strip() or (attachment.alt_text if attachment else "")
        self.refs.append(ImageRef(path=path, alt_text=alt or caption, caption=caption))
        return f"\n\n{MARKER.format(len(self.refs) - 1)}\n\n"

    def local_file(self, src, attachment):
        """The file in the media folder a picture's address or attachment names, if any."""
        candidates = [attachment.path] if attachment else []
        relative = unquote(urlsplit(src).path)
        relative = relative.partition("/uploads/")[2] or relative
        if relative.strip("/"):
            path = self.root / relative.lstrip("/")
            # WordPress shows a smaller copy ("foto-300x200.jpg"); the original is better.
            candidates += [path.with_name(_SIZED.sub("", path.name)), path]
        for candidate in candidates:
            resolved = Path(candidate).resolve()
            if resolved.is_relative_to(self.root) and resolved.is_file():
                return resolved
        return None


def extract(content, media_dir, attachments=None):
    """`(content, refs, warnings)`: `content` with a marker for each picture found in the
    media folder, in order; every other picture left out, each with its warning (one for
    them all when no media folder was given)."""
    finder = _Finder(media_dir, attachments)

    def shortcode(match):
        inner = match[1]
        img = _IMG.search(inner)
        return finder.picture(img[0], _LINKED_IMG.sub("", inner)) if img else inner

    def figure(match):
        inner = match[1]
        img = _IMG.search(inner)
        if img is None:
            return match[0]
        caption = _FIGCAPTION.search(inner)
        return finder.picture(img[0], caption[1] if caption else "")

    content = _CAPTION.sub(shortcode, content or "")
    content = _FIGURE.sub(figure, content)
    content = _LINKED_IMG.sub(lambda match: finder.picture(_IMG.search(match[0])[0]), content)
    warnings = finder.warnings
    if finder.left_out:
        warnings.append(
            ngettext(
                "%(count)d picture in the body left out: no media folder given (--media-dir)",
                "%(count)d pictures in the body left out: no media folder given (--media-dir)",
                finder.left_out,
            )
            % {"count": finder.left_out}
        )
    return content, finder.refs, warnings


def reuse(body, stored_body):
    """`body` with each marker replaced by the figure a previous run stored in its place
    (the same in order), so a run again neither changes the article nor copies its pictures
    again; markers past those stay, for the saver."""
    stored = [
        block for block in html.split_blocks(stored_body) if block.startswith("<figure data-image=")
    ]

    def replaced(match):
        number = int(match[2])
        if number < len(stored) and match[1] and match[3]:
            return stored[number]
        return match[0]

    return MARKER_PATTERN.sub(replaced, body)


def place(body, figure_for):
    """`body` with each marker replaced by `figure_for(number)` (our figure, or "")."""

    def replaced(match):
        figure = figure_for(int(match[2]))
        if match[1] and match[3]:
            return figure  # a paragraph of its own: the figure takes its place
        return f"{match[1] or ''}{figure}{match[3] or ''}"

    return MARKER_PATTERN.sub(replaced, body)


def feed_image(entry, media_dir):
    """`(ImageRef or None, warnings)`: a feed entry's picture (its first `media:content`
    or enclosure that is an image) when its file is in `media_dir`."""
    offered = [
        (item.get("url", ""), item.get("medium", ""), item.get("type", ""))
        for item in entry.get("media_content") or ()
    ] + [(item.get("href", ""), "", item.get("type", "")) for item in entry.get("enclosures") or ()]
    url = next(
        (
            url
            for url, medium, kind in offered
            if url and (medium == "image" or kind.startswith("image/"))
        ),
        None,
    )
    if url is None or media_dir is None:
        return None, []
    path = _Finder(media_dir, None).local_file(url, None)
    if path is None:
        warning = _("featured image %(src)s is not in the media folder: left out") % {
            "src": html.plain_text(url)[:200]
        }
        return None, [warning]
    credits = entry.get("media_credit") or [{}]
    return ImageRef(
        path=path,
        alt_text=_text(entry.get("media_description") or entry.get("title", "")),
        credit=_text(credits[0].get("content", "")),
    ), []
