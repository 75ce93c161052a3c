"""A long import keeps its memory flat and its batches' lookups on the indexes.

What a run remembers of every record (where each key was first read, the links waiting for a
later article) leaves the heap for a temporary database once there is much of it; the keys
it moves for the readers' caches are moved as they pile up; on PostgreSQL the tables it fills
are analyzed as they double. Each is tested here with its threshold made small.
"""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, RelatedLink
from caching import versions
from tests.helpers import write_lines
from transfer.importers import ImportOptions, read, save, spill

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def line(number):
    """An article linking to the one after the next, read two batches later."""
    return {
        "title": f"Kabar Nomor {number}",
        "slug": f"kabar-{number}",
        "body": "<p>Satu.</p><p>Dua.</p>",
        "published_at": "2020-10-01T08:00:00+07:00",
        "tags": [f"Tag {number % 3}"],
        "related": [{"slug": f"kabar-{number + 4}", "position": 0}],
    }


def run(path):
    return save.import_records(read([str(path)], options=ImportOptions()))


@pytest.fixture
def small_thresholds():
    with (
        mock.patch.object(save, "BATCH_SIZE", 2),
        mock.patch.object(spill, "IN_MEMORY", 1),
        mock.patch.object(save, "ANALYZE_FIRST_AFTER", 2),
    ):
        yield


@pytest.mark.usefixtures("small_thresholds")
def test_what_a_long_run_remembers_off_the_heap_works_as_in_memory(tmp_path):
    lines = [line(number) for number in range(1, 11)]
    lines.append(lines[1] | {"title": "Kabar Ulang"})  # the key of line 2, read ten lines on
    path = write_lines(tmp_path / "panjang.jsonl", *lines)

    report = run(path)

    assert (report.imported, report.failed) == (10, 1)
    [failure] = [problem for problem in report.problems if problem.failed]
    assert str(failure.location) == f"{path}, line 11"
    assert f"was read before, at {path}, line 2" in failure.message
    links = dict(RelatedLink.objects.values_list("article__slug", "target__slug"))
    # Links to articles four lines on were resolved in the last pass, from the spilled slots.
    assert links == {f"kabar-{n}": f"kabar-{n + 4}" if n <= 6 else None for n in range(1, 11)}
    assert Article.objects.get(slug="kabar-2").title == "Kabar Nomor 2"


def test_the_waiting_list_is_cut_back_and_read_in_order_across_the_spill():
    waiting = spill.Waiting()
    with mock.patch.object(spill, "IN_MEMORY", 2):
        for number in range(5):
            waiting.append(("slot", number))
        waiting.settle()  # five entries: moved to the temporary database
        waiting.append(("slot", 5))
        waiting.append(("slot", 6))
        waiting.cut_to(6)  # the batch holding the last one was rolled back
        assert len(waiting) == 6
        with pytest.raises(ValueError, match="not yet settled"):
            waiting.cut_to(3)
        chunks = list(waiting.chunks(4))
    assert chunks == [[("slot", n) for n in range(4)], [("slot", 4)], [("slot", 5)]]
    waiting.clear()
    assert not waiting


def test_first_reads_are_found_in_memory_and_in_the_temporary_database():
    first_read = spill.FirstReads()
    with mock.patch.object(spill, "IN_MEMORY", 1):
        first_read.add(("jsonl", "a"), "a.jsonl, line 1")
        first_read.add(("jsonl", "b"), "a.jsonl, line 2")
        first_read.settle()
        first_read.add(("jsonl", "c"), "a.jsonl, line 3")
    assert first_read.get(("jsonl", "a")) == "a.jsonl, line 1"
    assert first_read.get(("jsonl", "c")) == "a.jsonl, line 3"
    assert first_read.get(("jsonl", "d")) is None
    first_read.close()


@pytest.mark.usefixtures("small_thresholds")
def test_keys_piling_up_in_a_long_run_are_moved_on_between_batches(tmp_path):
    path = write_lines(tmp_path / "kunci.jsonl", *[line(number) for number in range(1, 9)])
    moved = []

    # Outside the test's transaction, as a real run is: `change_waiting` waits for none.
    with (
        mock.patch.object(versions, "MANY_AT_MOST", 3),
        mock.patch.object(versions, "_move_on", side_effect=lambda keys: moved.append(keys)),
        mock.patch.object(connection, "in_atomic_block", False),
    ):
        run(path)

    assert len(moved) > 1  # not only once, at the end
    every = set().union(*moved)
    assert {f"article-{pk}" for pk in Article.objects.values_list("pk", flat=True)} <= every
    assert "published" in every


@pytest.mark.usefixtures("small_thresholds")
def test_on_postgresql_the_tables_are_analyzed_as_the_archive_doubles(tmp_path):
    path = write_lines(tmp_path / "analisis.jsonl", *[line(number) for number in range(1, 10)])

    with CaptureQueriesContext(connection) as queries:
        report = run(path)

    assert report.imported == 9
    analyzed = [query["sql"] for query in queries if query["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql":
        # After 2, 4 and 8 articles: as the run doubles, never per batch.
        assert len(analyzed) == 3
        assert '"articles_article"' in analyzed[0]
    else:
        assert analyzed == []
