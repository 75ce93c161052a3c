"""Settings of the publication itself and of how its pages are kept: its name, logo and
default picture, the caches for readers and the HTTP cache in front, visits counted,
embeds and live reports. Read from the environment like the rest (`newsroom.settings`
takes them all).
"""

import os

from django.core.exceptions import ImproperlyConfigured

from newsroom import embed_providers
from newsroom.environment import env_list

# The publication itself.
NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Warta Nusantara")
# Publications differ in what they call Sunday: "Minggu" (default) or "Ahad".
NEWSROOM_SUNDAY_NAME = os.environ.get("NEWSROOM_SUNDAY_NAME", "Minggu")
# The publication's logo and its default picture, as paths under static/: search engines get
# the logo with every article (Google: PNG or JPEG, not SVG) and the picture with an article
# that has none of its own. The picture may be given as several crops, comma-separated; Google
# asks for pictures at least 1200 px wide, ideally in 16:9, 4:3 and 1:1.
NEWSROOM_LOGO = os.environ.get("NEWSROOM_LOGO", "icons/logo.png")
NEWSROOM_DEFAULT_IMAGE = env_list(
    "NEWSROOM_DEFAULT_IMAGE",
    "images/default-16x9.png,images/default-4x3.png,images/default-1x1.png",
)
# Anonymous readers' pages are cached this long (0 turns the page cache off); a change
# invalidates at once the pages that show what it touched (caching/keys.py). Browsers may keep
# a page for NEWSROOM_HTTP_MAX_AGE seconds and serve it while revalidating for
# NEWSROOM_HTTP_STALE_SECONDS more.
NEWSROOM_PAGE_CACHE_SECONDS = int(os.environ.get("NEWSROOM_PAGE_CACHE_SECONDS", "300"))
# Rendered fragments (cards, blocks) and the data pages are made of are kept this long (0: not
# kept), each until what it shows changes.
NEWSROOM_FRAGMENT_CACHE_SECONDS = int(os.environ.get("NEWSROOM_FRAGMENT_CACHE_SECONDS", "300"))
# How long a list's article count, and a search asked again, are kept (also until their
# content changes).
NEWSROOM_COUNT_CACHE_SECONDS = int(os.environ.get("NEWSROOM_COUNT_CACHE_SECONDS", "300"))
NEWSROOM_HTTP_MAX_AGE = int(os.environ.get("NEWSROOM_HTTP_MAX_AGE", "60"))
NEWSROOM_HTTP_STALE_SECONDS = int(os.environ.get("NEWSROOM_HTTP_STALE_SECONDS", "300"))
# The HTTP cache in front (deploy/varnish/): each anonymous page names its content keys in
# these headers ("xkey" for Varnish, "Surrogate-Key" for Fastly, "Cache-Tag" for Cloudflare),
# and after each change its keys are purged at every NEWSROOM_PURGE_URLS address, as
# `PURGE /` with the keys in the NEWSROOM_PURGE_HEADER header (caching/purge.py).
NEWSROOM_KEY_HEADERS = env_list("NEWSROOM_KEY_HEADERS", "xkey")
NEWSROOM_PURGE_URLS = env_list("NEWSROOM_PURGE_URLS")
NEWSROOM_PURGE_HEADER = os.environ.get("NEWSROOM_PURGE_HEADER", "xkey-purge")
NEWSROOM_PURGE_TIMEOUT = float(os.environ.get("NEWSROOM_PURGE_TIMEOUT", "2"))
# How long the cache in front may keep a page (s-maxage): long, as purges keep it right; none
# unless purges are sent, so a cache in front that is not purged keeps pages NEWSROOM_HTTP_MAX_AGE.
NEWSROOM_EDGE_MAX_AGE = int(
    os.environ.get("NEWSROOM_EDGE_MAX_AGE", "86400" if NEWSROOM_PURGE_URLS else "0")
)
# Where readers' visits are counted in Redis for Terpopuler (readers/popular.py).
NEWSROOM_VIEWS_PREFIX = os.environ.get("NEWSROOM_VIEWS_PREFIX", "newsroom:views")
if NEWSROOM_SUNDAY_NAME not in {"Minggu", "Ahad"}:
    raise ImproperlyConfigured("NEWSROOM_SUNDAY_NAME must be 'Minggu' or 'Ahad'.")

# Video and social embeds (articles/oembed.py): the providers editors may embed (their
# address forms, oEmbed endpoints and players: newsroom/embed_providers.py), how long an
# oEmbed answer or a thumbnail may take (seconds), and the body editor's embed extension.
NEWSROOM_EMBED_PROVIDERS = embed_providers.PROVIDERS
NEWSROOM_EMBED_TIMEOUT = float(os.environ.get("NEWSROOM_EMBED_TIMEOUT", "5"))
DJANGO_PROSE_EDITOR_EXTENSIONS = embed_providers.PROSE_EDITOR_EXTENSIONS
# Live reports: how often a reader's page asks for new updates, in seconds (readers/live.py).
NEWSROOM_LIVE_POLL_SECONDS = int(os.environ.get("NEWSROOM_LIVE_POLL_SECONDS", "30"))
