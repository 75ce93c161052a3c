"""Embeds in imported bodies: WordPress's embed blocks and the addresses of allowlisted
providers standing alone in a paragraph (WordPress embeds those by itself) become `Embed`
rows the body refers to (`<figure data-embed="ID"></figure>`).

Nothing is fetched: an imported embed has its address and provider only (the placeholder
looks right without title or thumbnail) until the desk's "Fetch title and thumbnail" or
`import_articles --fetch-embeds` asks its provider. The parsers turn a block into its bare
address (`unwrap_blocks`); the saver, once per batch, finds or creates the rows
(`BatchEmbeds`), so a second run of the same file changes nothing.
"""

import html
import json
import re

from django.core.exceptions import ValidationError

from articles import oembed
from articles.embed_markup import EMPTY_FIGURE
from articles.models import Embed

_BLOCK = re.compile(r"<!--\s*wp:embed\s+(\{.*?\})\s*/?-->(?:.*?<!--\s*/wp:embed\s*-->)?", re.S)
# A paragraph holding nothing but an address, or a link whose text is its address.
_ALONE = re.compile(
    r'<p>\s*(?:<a href="([^"]+)"[^>]*>\s*([^<\s]+)\s*</a>|(https?://[^<\s]+))\s*</p>'
)


def unwrap_blocks(content):
    """WordPress's embed blocks as their address alone, in a paragraph of its own."""

    def address(match):
        try:
            url = json.loads(match.group(1)).get("url", "")
        except (ValueError, AttributeError):
            return match.group(0)
        return f"\n\n{url}\n\n" if isinstance(url, str) and url else match.group(0)

    return _BLOCK.sub(address, content)


def _addresses(body):
    for match in _ALONE.finditer(body or ""):
        href, text, bare = match.groups()
        if href is not None and html.unescape(href) != html.unescape(text):
            continue
        url = html.unescape(href or bare)
        try:
            oembed.match(url)
        except ValidationError:
            continue
        yield match, url


class BatchEmbeds:
    """The embeds of one batch's bodies: found by address, the missing ones created (not
    fetched) in one statement, unless `dry_run`."""

    def __init__(self, bodies, *, dry_run=False):
        urls = {url for body in bodies for _match, url in _addresses(body)}
        self.ids = dict(Embed.objects.filter(url__in=urls).values_list("url", "pk"))
        missing = [oembed.unresolved(url) for url in sorted(urls - self.ids.keys())]
        if missing and not dry_run:
            Embed.objects.bulk_create(missing)
            self.ids |= {embed.url: embed.pk for embed in missing}

    def body(self, body):
        """`body` with each embeddable address standing alone replaced by its embed."""
        if not self.ids:
            return body
        replaced = {match.span(): url for match, url in _addresses(body)}

        def figure(match):
            pk = self.ids.get(replaced.get(match.span()))
            return EMPTY_FIGURE.format(pk) if pk else match.group(0)

        return _ALONE.sub(figure, body)
