"""Our embed markup in a body: `<figure data-embed="ID"></figure>`, and nothing else of it.

The HTML policy (`articles.html.sanitize`) keeps a figure's `data-embed` only when it is an
id, and empties such a figure: what readers see is made from the `Embed` row when the page
is shown (`readers.embeds`), never from markup a body carried. `existing_only()`, run as a
body is stored, drops the figures whose embed does not exist.
"""

import html
import re

ATTRIBUTE = "data-embed"
FIGURE_ATTRIBUTES = {ATTRIBUTE}
_ID = re.compile(r"[1-9][0-9]{0,17}")
# As nh3 writes it: the attribute alone, double-quoted.
EMBED_FIGURE = re.compile(r'<figure data-embed="([0-9]+)">(.*?)</figure>', re.DOTALL)
EMPTY_FIGURE = '<figure data-embed="{}"></figure>'


def attribute_filter(element, attribute, value):
    """nh3's filter: an embed's id is kept only on a figure, and only when it is an id."""
    if attribute == ATTRIBUTE:
        return value if element == "figure" and _ID.fullmatch(value) else None
    return value


def emptied(cleaned_html):
    """Whatever was put inside an embed's figure is dropped (the figure is replaced when
    shown). Returns `(html, changed)`."""
    result = EMBED_FIGURE.sub(lambda match: EMPTY_FIGURE.format(match.group(1)), cleaned_html)
    return result, result != cleaned_html


def embed_ids(body_html):
    """The ids of the embeds a stored body refers to, in order, once each."""
    if ATTRIBUTE not in (body_html or ""):
        return []
    return list(dict.fromkeys(int(match.group(1)) for match in EMBED_FIGURE.finditer(body_html)))


def existing_only(body_html):
    """`body_html` without the embed figures whose embed does not exist (one query, only
    for a body that has any)."""
    ids = embed_ids(body_html)
    if not ids:
        return body_html
    from articles.models import Embed  # the models import this module

    existing = set(Embed.objects.filter(pk__in=ids).values_list("pk", flat=True))
    return EMBED_FIGURE.sub(
        lambda match: match.group(0) if int(match.group(1)) in existing else "", body_html
    )


def replace_embeds(body_html, render):
    """`body_html` with each embed figure replaced by `render(id)` (an empty string drops
    it)."""
    if ATTRIBUTE not in (body_html or ""):
        return body_html
    return EMBED_FIGURE.sub(lambda match: render(int(match.group(1))), body_html)


def as_links(body_html):
    """`body_html` with each embed figure as a plain link to the original (feeds, exports:
    elsewhere, no player and no placeholder). One query, only for a body that has any."""
    ids = embed_ids(body_html)
    if not ids:
        return body_html
    from articles.models import Embed

    found = {e.pk: e for e in Embed.objects.filter(pk__in=ids).only("url", "title", "provider")}

    def link(pk):
        embed = found.get(pk)
        if embed is None:
            return ""
        text = html.escape(embed.title or embed.url, quote=False)
        return f'<p><a href="{html.escape(embed.url)}">{text}</a></p>'

    return replace_embeds(body_html, link)
