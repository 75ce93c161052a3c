"""Which addresses may be embedded, and what their providers' oEmbed endpoints say of them.

The providers and their address forms are a setting (`NEWSROOM_EMBED_PROVIDERS`); micawber's
registry picks the provider of an address and asks its endpoint, through our safe fetcher
(`articles.fetch`: time and size limits, no private addresses). Of the answer only plain
facts are kept (title, author, size, thumbnail copied into our library); its HTML never is.
Every failure is a `ValidationError` naming what went wrong, and nothing is stored.
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from micawber.exceptions import ProviderException
from micawber.providers import Provider, ProviderRegistry

from articles import fetch, html

# An oEmbed answer is a few hundred bytes; a thumbnail a few hundred kilobytes.
ANSWER_MAX_BYTES = 1024 * 1024
THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024
MAX_URL_LENGTH = 500  # Embed.url's


class SafeProvider(Provider):
    """micawber's provider, fetching through our safe fetcher."""

    def fetch(self, url):
        try:
            body = fetch.fetch(
                url,
                timeout=settings.NEWSROOM_EMBED_TIMEOUT,
                max_bytes=ANSWER_MAX_BYTES,
                max_redirects=2,
                accept="application/json",
            )
        except fetch.InputError as error:
            raise ProviderException(str(error)) from error
        try:
            return body.decode()
        except UnicodeDecodeError as error:
            raise ProviderException(_("the answer is not UTF-8 text")) from error


def registry():
    """micawber's registry of the providers in the setting, keyed by their name."""
    found = ProviderRegistry()
    for name, provider in settings.NEWSROOM_EMBED_PROVIDERS.items():
        endpoint = SafeProvider(provider["endpoint"])
        endpoint.name = name
        for pattern in provider["patterns"]:
            found.register(pattern, endpoint)
    return found


def match(url):
    """`(provider name, media id)` of an address editors may embed, or a ValidationError
    saying it may not."""
    url = (url or "").strip()
    if len(url) > MAX_URL_LENGTH:
        raise ValidationError(
            _("This address is too long to embed: at most %(count)d characters.")
            % {"count": MAX_URL_LENGTH},
            code="too_long",
        )
    for name, provider in settings.NEWSROOM_EMBED_PROVIDERS.items():
        for pattern in provider["patterns"]:
            found = re.fullmatch(pattern, url)
            if found:
                return name, found.group("id")
    names = ", ".join(p["name"] for p in settings.NEWSROOM_EMBED_PROVIDERS.values())
    raise ValidationError(
        _("This address cannot be embedded: only posts and clips of %(providers)s can.")
        % {"providers": names},
        code="not_allowed",
    )


def unresolved(url):
    """An unsaved Embed of `url` with its provider and nothing fetched (an import's)."""
    from articles.models import Embed

    url = url.strip()
    provider, media_id = match(url)
    return Embed(url=url, provider=provider, media_id=media_id)


def answer(url):
    """What the provider of `url` says of it: the Embed's fields, the thumbnail an unsaved
    library Image (or None). Raises ValidationError, having stored nothing, when the answer
    is slow, too large, malformed, or points at an address we do not fetch."""
    provider_name, media_id = match(url)
    provider = settings.NEWSROOM_EMBED_PROVIDERS[provider_name]
    name = provider["name"]
    try:
        reply = registry().provider_for_url(url.strip()).request(url.strip(), maxwidth=1280)
    except ProviderException as error:
        raise ValidationError(
            _("%(provider)s's oEmbed answer could not be used: %(reason)s")
            % {"provider": name, "reason": error},
            code="oembed",
        ) from error
    facts = _facts(reply, url.strip(), name)
    thumbnail = _thumbnail(reply, provider["endpoint"], name, facts["title"])
    return {"provider": provider_name, "media_id": media_id, **facts, "thumbnail": thumbnail}


def apply(embed, facts):
    """Save `embed` with `facts` (from `answer()`), its thumbnail with it."""
    facts = dict(facts)
    thumbnail = facts.pop("thumbnail")
    for field, value in facts.items():
        setattr(embed, field, value)
    embed.fetched_at = timezone.now()
    with transaction.atomic():
        if thumbnail is not None:
            thumbnail.save()
        embed.thumbnail = thumbnail or embed.thumbnail
        embed.save()
    return embed


def resolve(embed):
    """Fill `embed` (saved or not) from its provider's oEmbed answer and save it, with its
    thumbnail copied into our library; a ValidationError and nothing stored otherwise."""
    return apply(embed, answer(embed.url))


def _text(answer, key, limit, name):
    value = answer.get(key, "")
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationError(
            _("%(provider)s's oEmbed answer is malformed: its %(field)s is not text")
            % {"provider": name, "field": key},
            code="oembed",
        )
    # Stored as plain text: the templates escape it (a "<script>" in a title stays words).
    return html.plain_text(" ".join(value.split()))[:limit]


def _size(answer, key):
    value = answer.get(key)
    if isinstance(value, str) and value.isdigit():
        value = int(value)
    return value if isinstance(value, int) and 0 < value < 10_000 else None


def _facts(answer, url, name):
    title = _text(answer, "title", 300, name)
    return {
        # micawber puts the address as the title of an answer without one: no title, then.
        "title": "" if title == url else title,
        "author_name": _text(answer, "author_name", 200, name),
        "width": _size(answer, "width"),
        "height": _size(answer, "height"),
    }


def _thumbnail(answer, endpoint, name, title):
    """An unsaved library Image of the answer's thumbnail, checked like any upload; None
    when the answer has none."""
    from articles.models import Image

    address = answer.get("thumbnail_url")
    if not address:
        return None
    if not isinstance(address, str):
        raise ValidationError(
            _("%(provider)s's oEmbed answer is malformed: its thumbnail_url is not text")
            % {"provider": name},
            code="oembed",
        )
    # A thumbnail may be on a private address only where its endpoint is (a local server
    # configured by the operator): an answer cannot send us into our own network.
    same_host = urlsplit(address).hostname == urlsplit(endpoint).hostname
    try:
        content = fetch.fetch(
            address,
            timeout=settings.NEWSROOM_EMBED_TIMEOUT,
            max_bytes=THUMBNAIL_MAX_BYTES,
            max_redirects=2,
            allow_private=fetch.allows_private() and same_host,
        )
        image = Image(
            file=SimpleUploadedFile("thumbnail", content), alt_text=title or name, credit=name
        )
        image.clean()  # the checks of any upload: a picture, in a format we take
    except (fetch.InputError, ValidationError) as error:
        reason = "; ".join(error.messages) if isinstance(error, ValidationError) else error
        raise ValidationError(
            _("%(provider)s's thumbnail could not be copied: %(reason)s")
            % {"provider": name, "reason": reason},
            code="thumbnail",
        ) from error
    return image
