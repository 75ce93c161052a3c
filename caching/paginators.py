"""A paginator that keeps a list's count and each page's ids with the list's content keys."""

import hashlib

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.utils.functional import cached_property

from .fragments import cached, caches_for_readers


class CachedPage(Page):
    """A page of a list. `ids` holds the ids of its articles, in order, when they were read
    from the cache; the `{% cards %}` and `{% results %}` tags then read only the articles
    whose fragments are not kept. `snippets` holds a search's snippets by id."""

    def __init__(self, *args, ids=None, snippets=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.ids = ids
        self.snippets = snippets


class CachedCountPaginator(Paginator):
    """Counts a list once while its keys stay instead of running COUNT(*) on every view.

    `key` names the list (its address and filters, without the page number) for the
    `request`; `keys` are the content keys of which articles it holds (`caching.keys`).
    Searches are counted by `readers.search.SearchPaginator`.
    """

    def __init__(self, *args, request, key, keys, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.key = key
        self.keys = keys

    def page(self, number):
        page = super().page(number)
        if caches_for_readers(self.request):
            # Which articles a page holds is kept like the count, so page 250 costs what
            # page 1 does, and `{% cards %}` needs no query when every card is kept.
            ids = cached(
                self.request,
                f"page-ids:{self.digest}:{page.number}",
                lambda: list(page.object_list.values_list("pk", flat=True)),
                keys=self.keys,
            )
            return CachedPage(self.object_list.filter(pk__in=ids), page.number, self, ids=ids)
        if page.start_index() > 1:
            # Staff: the rows skipped are read off the index as ids alone; only the page's
            # own rows are joined to their sections, images and authors.
            page.object_list = self.object_list.filter(pk__in=page.object_list.values("pk"))
        return page

    def _get_page(self, *args, **kwargs):
        return CachedPage(*args, **kwargs)

    @cached_property
    def digest(self):
        return hashlib.sha256(self.key.encode()).hexdigest()

    @cached_property
    def count(self):
        # Kept for staff as for readers: a count is the same for everyone.
        return cached(
            self.request,
            f"count:{self.digest}",
            lambda: Paginator.count.func(self),
            keys=self.keys,
            timeout=settings.NEWSROOM_COUNT_CACHE_SECONDS,
            for_everyone=True,
        )
