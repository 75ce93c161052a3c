"""A list of a million articles is not counted whole on every page it is shown on.

Lists are counted exactly up to `caching.paginators.LONG_LIST` articles (a LIMITed read of
ids, in the list's order); past it, on PostgreSQL, the page gives the planner's estimate and
says it is one. Here the limit is made small.
"""

import re
from unittest import mock

from django.db import connection
from django.test.utils import CaptureQueriesContext

from caching import paginators
from tests.readers.reader_site import ReaderSiteTestCase


class LongListTests(ReaderSiteTestCase):
    def counts(self, queries):
        # Queries that count (a card's “12 foto” is counted inside the list's own query).
        return [q["sql"] for q in queries if re.match(r"SELECT COUNT\(", q["sql"], re.IGNORECASE)]

    def test_a_short_list_is_counted_exactly_with_a_bounded_read(self):
        with CaptureQueriesContext(connection) as queries:
            response = self.get("/berita/")

        paginator = response.context["paginator"]
        self.assertFalse(paginator.estimated)
        self.assertEqual(paginator.count, 26)
        [count] = self.counts(queries)
        self.assertIn(f"LIMIT {paginator_limit()}", count)

    def test_a_long_list_shows_an_estimate_that_says_it_is_one(self):
        with mock.patch.object(paginators, "LONG_LIST", 5):
            response = self.get("/berita/")
            second_page = self.get("/berita/", page=2)
            past_the_end = self.client.get("/berita/", {"page": 50})

        paginator = response.context["paginator"]
        page = response.content.decode()
        if connection.vendor == "postgresql":
            self.assertTrue(paginator.estimated)
            self.assertGreaterEqual(paginator.count, 6)
            self.assertIn(f"sekitar {paginator.count} artikel", page)
        else:
            self.assertFalse(paginator.estimated)
            self.assertEqual(paginator.count, 26)
        # The pages still join up: the second page holds the six oldest, as before.
        self.assertEqual(len(second_page.context["articles"]), 6)
        self.assertEqual(past_the_end.status_code, 404)


def paginator_limit():
    return paginators.LONG_LIST + 1
