"""Pictures in an article body: our own markup, pointing at our own library images.

The one form a body keeps (written by the desk's editor, the importers and the demo):

    <figure data-image="12"><img src="…" alt="…"><figcaption>Caption
    <span class="credit">Credit</span></figcaption></figure>

`keep_ours()` runs after the HTML policy's tag and attribute filter (`articles.html`): each
top-level figure naming an image the library holds is written back in that form (its `src`
the image's own address, its alt text never empty); every other picture goes: an `<img>` of
any address outside such a figure, a figure without an image or naming one that does not
exist, a figure inside another block. An embed's figure (`articles.embed_markup`) stays,
empty. Readers never see the stored `<img>`:
`parse()` gives what a figure says and pages render it from the image's renditions.
"""

import html
import re
from dataclasses import dataclass
from html.parser import HTMLParser

from articles import embed_markup

# What the policy's filter lets through for figures (articles.html adds them to its own).
TAGS = {"figure", "figcaption", "img", "span"}
ATTRIBUTES = {"figure": {"data-image"}, "img": {"src", "alt"}}
CLASSES = {"span": {"credit"}}

_ID = re.compile(r"[1-9][0-9]{0,17}")


@dataclass
class Figure:
    image_id: int | None = None
    alt: str = ""
    caption: str = ""
    credit: str = ""
    embed_id: int | None = None  # an embed's figure (`articles.embed_markup`), kept as it is


class _Pass(HTMLParser):
    """Copies sanitized HTML, setting each figure apart as a `Figure` (text with `\\0N\\0`
    where the Nth figure stood) and dropping images and credit spans elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.figures = [], []
        self.depth = 0  # open elements outside a figure
        self.figure = None  # the figure being read, and how deep inside it we are
        self.figure_depth = 0
        self.where = None  # "caption", "credit" inside the figure

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if self.figure is not None:
            self._inside(tag, attrs)
            return
        if tag == "figure":
            self.figure, self.figure_depth, self.where = Figure(), 1, None
            if self.depth == 0 and _ID.fullmatch(attrs.get("data-image") or ""):
                self.figure.image_id = int(attrs["data-image"])
            elif self.depth == 0 and _ID.fullmatch(attrs.get("data-embed") or ""):
                self.figure.embed_id = int(attrs["data-embed"])
            return
        if tag in ("img", "span", "figcaption"):
            return  # only inside our figures
        self.out.append(self.get_starttag_text())
        if tag not in ("br", "hr"):
            self.depth += 1

    def _inside(self, tag, attrs):
        if tag == "img":
            if not self.figure.alt:
                self.figure.alt = attrs.get("alt") or ""
        elif tag == "figcaption":
            self.where = "caption"
        elif tag == "span" and attrs.get("class") == "credit" and self.where == "caption":
            self.where = "credit"
        if tag not in ("img", "br", "hr"):
            self.figure_depth += 1

    def handle_startendtag(self, tag, attrs):
        if self.figure is not None:
            if tag == "img":
                self._inside(tag, dict(attrs))
        elif tag not in ("img", "span", "figure", "figcaption"):
            self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        if self.figure is not None:
            if tag in ("img", "br", "hr"):
                return
            self.figure_depth -= 1
            if tag == "span" and self.where == "credit":
                self.where = "caption"
            elif tag == "figcaption":
                self.where = None
            if self.figure_depth == 0:
                self.out.append(f"\0{len(self.figures)}\0")
                self.figures.append(self.figure)
                self.figure = None
            return
        if tag in ("img", "span", "figure", "figcaption", "br", "hr"):
            return
        self.depth -= 1
        self.out.append(f"</{tag}>")

    def handle_data(self, data):
        if self.figure is None:
            self.out.append(html.escape(data, quote=False))
        elif self.where == "caption":
            self.figure.caption += data
        elif self.where == "credit":
            self.figure.credit += data


def _read(fragment):
    reader = _Pass()
    reader.feed(fragment)
    reader.close()
    if reader.figure is not None:  # an unclosed figure ends the fragment
        reader.out.append(f"\0{len(reader.figures)}\0")
        reader.figures.append(reader.figure)
    return "".join(reader.out), reader.figures


def _tidy(text):
    return " ".join(text.split())


def markup(figure, src):
    """Our stored form of `figure`, its `<img>` showing `src`."""
    caption, credit = _tidy(figure.caption), _tidy(figure.credit)
    parts = [
        f'<figure data-image="{figure.image_id}">'
        f'<img src="{html.escape(src)}" alt="{html.escape(_tidy(figure.alt))}">'
    ]
    if caption or credit:
        parts.append("<figcaption>" + html.escape(caption, quote=False))
        if credit:
            parts.append(f'{" " if caption else ""}<span class="credit">')
            parts.append(html.escape(credit, quote=False) + "</span>")
        parts.append("</figcaption>")
    parts.append("</figure>")
    return "".join(parts)


def keep_ours(sanitized, *, foreign=False, images=None):
    """`sanitized` (already through the policy's filter) with only our figures, in our
    form, pointing at images that exist (one query, only when there are figures, unless
    `images` already holds them by id); none at all in a `foreign` body, whose ids would
    name another site's pictures."""
    if "<img" not in sanitized and "<figure" not in sanitized and "<span" not in sanitized:
        return sanitized
    text, figures = _read(sanitized)
    ids = {figure.image_id for figure in figures if figure.image_id and not foreign}
    if images is None:
        images = images_of(ids) if ids else {}
    kept = []
    for figure in figures:
        if figure.embed_id is not None:
            kept.append(embed_markup.EMPTY_FIGURE.format(figure.embed_id))
            continue
        image = images.get(figure.image_id) if figure.image_id in ids else None
        if image is None:
            kept.append("")
            continue
        figure.alt = _tidy(figure.alt) or image.alt_text
        kept.append(markup(figure, image.fallback_url))
    return re.sub("\0([0-9]+)\0", lambda match: kept[int(match[1])], text)


def parse(block):
    """The `Figure` a stored top-level block is, or None when it is not one of ours."""
    if not block.startswith("<figure data-image="):
        return None
    text, figures = _read(block)
    if len(figures) != 1 or text != "\x000\x00" or figures[0].image_id is None:
        return None
    figure = figures[0]
    figure.alt, figure.caption, figure.credit = map(
        _tidy, (figure.alt, figure.caption, figure.credit)
    )
    return figure


def image_ids(body):
    """The ids of the images a stored body's figures show, in order, once each."""
    return list(
        dict.fromkeys(int(pk) for pk in re.findall(r'<figure data-image="([0-9]+)"', body or ""))
    )


def images_of(ids):
    """The library's images of `ids`, by id, with what a figure needs of them (one query)."""
    from articles.models import Image  # the models use this module's policy

    return Image.objects.only("file", "alt_text", "renditions", "width", "height").in_bulk(ids)


def absolute_sources(body, absolute):
    """A stored body with its figures' `src` made absolute by `absolute(url)` (feeds)."""
    return re.sub(
        r'(<figure data-image="[0-9]+"><img src=")([^"]*)"',
        lambda match: f'{match[1]}{html.escape(absolute(html.unescape(match[2])))}"',
        body,
    )
