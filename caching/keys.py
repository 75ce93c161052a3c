"""Content keys: the names of what a cached page or fragment shows.

Each kept page, fragment and piece of data records the keys of what it shows, and each change
moves on only the keys of what it touched (`caching.versions`, `caching.changes`):

- `article-<id>`: one article as readers see it: its title, lead, body, picture, byline,
  corrections, Baca Juga boxes. Its own page, and every card, list and related block that
  shows it.
- `section-<id>`, `tag-<id>`, `author-<id>`, `source-<id>`, `image-<id>`, `staticpage-<id>`:
  one such object's own fields (a name, a caption, a static page's text).
- `section-<id>-list`, `tag-<id>-list`, `author-<id>-list`, `source-<id>-list`: which
  articles are in that list, and in which order. Moved when an article enters or leaves it
  (published, unpublished, taken down, moved, retagged, scheduled time come) or moves in it
  (a new publication time); not when a member is only retitled.
- `published`: the same for the list of every published article (home, `/berita/`, feeds).
- `articles`: anything about any public article (searches and sitemaps, which cannot know
  which articles they would show until they run).
- `frame`: the menu and the footer, shown around every page.
- `breaking`: the breaking-news banner, also on every page.
- `frontpage`: what editors chose for the home page (its headline and their picks).
- `tag-all`, `author-all`, `source-all`: which tags, authors and sources exist (the API's
  lists of them); moved when one is added.
- `topic-<id>`, `topic-<id>-list`: a topic's own fields, and which articles it holds (in
  which order); `topics`: which topics the home page shows.

A response's keys are also sent to the HTTP cache in front (`caching.middleware`), which is
purged by the same keys (`caching.purge`).
"""

from contextlib import contextmanager

FRAME = "frame"
BREAKING = "breaking"
FRONT_PAGE = "frontpage"
TOPICS = "topics"
MOST_READ = "most-read"
PUBLISHED = "published"
ARTICLES = "articles"


def key_of(obj):
    """The key of `obj`'s own fields: `article-12`."""
    return f"{obj._meta.model_name}-{obj.pk}"


def list_key(obj):
    """The key of the list of articles in section, tag, author or source `obj`."""
    return f"{key_of(obj)}-list"


def all_key(model):
    """The key of which objects of `model` (tags, authors, sources) exist: `tag-all`."""
    return f"{model._meta.model_name}-all"


def keys_of(model, ids):
    name = model._meta.model_name
    return [f"{name}-{pk}" for pk in ids]


def list_keys_of(model, ids):
    return [f"{key}-list" for key in keys_of(model, ids)]


class Shown:
    """The keys of what one request's response shows, and of each kept fragment being made
    for it (an open fragment's keys are also the response's)."""

    def __init__(self):
        self.response = set()
        self.open = [self.response]

    def add(self, keys):
        for collected in self.open:
            collected.update(keys)

    @contextmanager
    def collecting(self):
        """The keys shown while the block runs: a fragment being made."""
        keys = set()
        self.open.append(keys)
        try:
            yield keys
        finally:
            self.open.pop()


def shown(request):
    """What `request`'s response shows so far (see `Shown`)."""
    if not hasattr(request, "shown"):
        request.shown = Shown()
    return request.shown


def shows(request, *keys):
    """Record that the response to `request` (and every fragment being made) shows `keys`."""
    shown(request).add(keys)
