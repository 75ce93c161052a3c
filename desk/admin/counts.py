"""The desk's lists counted without reading a whole archive on every page.

Django's admin counts a list with `COUNT(*)` on every change list page: at a million
articles that reads a million index entries each time. The desk's paginator counts exactly up
to `EXACT_UP_TO` articles, never more, and beyond that takes PostgreSQL's planner estimate
(kept up to date by ANALYZE), which the page shows as "about N". The date hierarchy's years
are found one index probe each (`years_of`) instead of a DISTINCT over every row, and a
search on PostgreSQL matches words in the stored search vector (`search_archive`).
"""

import json

from django.contrib.postgres.search import SearchQuery
from django.core.paginator import Paginator
from django.db import connections
from django.db.models import Min
from django.utils import timezone
from django.utils.functional import cached_property

# Lists up to this long are counted exactly: a bounded read of at most this many ids.
EXACT_UP_TO = 10_000


class EstimatingPaginator(Paginator):
    """Counts exactly up to EXACT_UP_TO; beyond, on PostgreSQL, the planner's estimate
    (elsewhere, SQLite for a small site, the whole count)."""

    estimated = False

    @cached_property
    def count(self):
        queryset = self.object_list
        # COUNT(*) over a LIMITed subquery of ids: read off an index, and bounded.
        counted = queryset.order_by().values("pk")[: EXACT_UP_TO + 1].count()
        if counted <= EXACT_UP_TO:
            return counted
        if connections[queryset.db].vendor != "postgresql":
            return super().count
        self.estimated = True
        return max(planned_rows(queryset), counted)


def planned_rows(queryset):
    """How many rows PostgreSQL's planner expects `queryset` to give (EXPLAIN, not run)."""
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def years_of(queryset, field_name):
    """The years (as aware datetimes, 1 January) in which `queryset` has a `field_name`.

    One MIN() per year that has articles, each answered by an index on the field: the
    loose index scan PostgreSQL does not do by itself for `DISTINCT date_trunc('year', …)`.
    """
    years = []
    since = None
    while True:
        rows = queryset if since is None else queryset.filter(**{f"{field_name}__gte": since})
        first = rows.aggregate(first=Min(field_name))["first"]
        if first is None:
            return years
        year = timezone.localtime(first).replace(
            month=1, day=1, hour=0, minute=0, second=0, microsecond=0
        )
        years.append(year)
        since = year.replace(year=year.year + 1)


class YearsByProbe:
    """A change list's queryset as the date hierarchy reads it, its years found by probes.

    Django's `date_hierarchy` tag asks `cl.queryset.datetimes(field, "year")`; everything
    else goes to the queryset itself (`desk.templatetags.desk_lists`).
    """

    def __init__(self, queryset):
        self._queryset = queryset

    def __getattr__(self, name):
        return getattr(self._queryset, name)

    def datetimes(self, field_name, kind, *args, **kwargs):
        if kind == "year":
            return years_of(self._queryset, field_name)
        return self._queryset.datetimes(field_name, kind, *args, **kwargs)


def search_archive(queryset, search_term):
    """On PostgreSQL, the articles whose words (title, lead, body) match `search_term`, by the
    stored search vector's GIN index, as readers' search matches them; None elsewhere.

    Django's admin search is `LIKE '%…%'` on every column it names: over a million bodies
    that reads gigabytes, past the statement timeout.
    """
    if connections[queryset.db].vendor != "postgresql" or not search_term.strip():
        return None
    words = SearchQuery(search_term, config="indonesian", search_type="plain")
    return queryset.filter(search_vector=words)
