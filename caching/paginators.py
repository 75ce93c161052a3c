"""A paginator that keeps a list's count and each page's ids with the list's content keys."""

import hashlib
import json

from django.conf import settings
from django.core.paginator import EmptyPage, Page, Paginator
from django.db import connections
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from .fragments import cached, caches_for_readers

# Lists up to this long are counted exactly (a bounded read of ids); longer ones estimated.
LONG_LIST = 10_000


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
        page = self.estimated_page(number) if self.estimated else super().page(number)
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

    def validate_number(self, number):
        try:
            return super().validate_number(number)
        except EmptyPage:
            # Past an estimated last page the list may still go on (`estimated_page`).
            if not self.estimated or int(number) < 1:
                raise
            return int(number)

    def estimated_page(self, number):
        """A page of a list whose count is an estimate: read as far as the list goes, never
        cut off at the estimate, and not found only past the list's real end."""
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        page = self._get_page(self.object_list[bottom : bottom + self.per_page], number, self)
        if number > self.num_pages and not page.object_list.exists():
            raise EmptyPage(_("That page contains no results"))
        return page

    def _get_page(self, *args, **kwargs):
        return CachedPage(*args, **kwargs)

    @cached_property
    def digest(self):
        return hashlib.sha256(self.key.encode()).hexdigest()

    @cached_property
    def counted(self):
        """(count, whether it is PostgreSQL's estimate): see `count_of_list`."""
        # Kept for staff as for readers: a count is the same for everyone.
        return cached(
            self.request,
            f"list-count:{self.digest}",
            lambda: count_of_list(self.object_list),
            keys=self.keys,
            timeout=settings.NEWSROOM_COUNT_CACHE_SECONDS,
            for_everyone=True,
        )

    @property
    def count(self):
        return self.counted[0]

    @property
    def estimated(self):
        return self.counted[1]


def count_of_list(queryset):
    """(count, estimated): exact up to LONG_LIST articles; beyond, on PostgreSQL, the
    planner's estimate (ANALYZE keeps it close), so a list of a million articles is not
    read whole for its count on every uncached page. Elsewhere (SQLite, a small site),
    the whole count."""
    # In the list's own order, as its pages are read: a list narrowed by a join (a tag's) is
    # then counted by walking the list's index until the cap, never by reading all its rows.
    counted = queryset.values("pk")[: LONG_LIST + 1].count()
    if counted <= LONG_LIST:
        return counted, False
    if connections[queryset.db].vendor != "postgresql":
        return queryset.count(), False
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return max(int(plan[0]["Plan"]["Plan Rows"]), counted), True
