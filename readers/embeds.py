"""Embeds as readers see them: a placeholder made from our own `Embed` row (thumbnail from
our storage, title, provider, a button), and the provider's player only after a click
(`static/js/embed.js` builds the frame from the placeholder's `data-embed-player`). Without
JavaScript the placeholder is a link to the original. The page that shows one allows its
player's origin in the CSP's frame-src, on that page only (`frame_policy`)."""

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from articles import embed_markup
from articles.models import Embed
from caching.keys import key_of


def embeds_of(*bodies, extra=()):
    """The embeds the bodies refer to, by id, in one query (none without any)."""
    ids = {pk for body in bodies for pk in embed_markup.embed_ids(body)} - {e.pk for e in extra}
    found = {embed.pk: embed for embed in extra}
    if ids:
        found |= {e.pk: e for e in Embed.objects.filter(pk__in=ids).select_related("thumbnail")}
    return found


def placeholder(embed):
    return render_to_string("_partials/embed.html", {"embed": embed})


def with_placeholders(body_html, embeds):
    """Shown HTML with each embed figure replaced by its placeholder (dropped when its embed
    is gone)."""
    rendered = embed_markup.replace_embeds(
        body_html, lambda pk: placeholder(embeds[pk]) if pk in embeds else ""
    )
    return mark_safe(rendered)  # noqa: S308 -- sanitized HTML and our own template


def keys_of_embeds(embeds):
    """The content keys of what the placeholders show: each embed and its thumbnail."""
    keys = []
    for embed in embeds:
        keys.append(key_of(embed))
        if embed.thumbnail_id:
            keys.append(f"image-{embed.thumbnail_id}")
    return keys


def frame_policy(embeds):
    """The CSP update a page with `embeds` needs: its players' origins in frame-src."""
    origins = sorted({embed.frame_origin for embed in embeds if embed.frame_origin})
    return {"frame-src": origins} if origins else None
