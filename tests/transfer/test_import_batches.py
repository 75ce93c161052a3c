"""The saver writes a batch of articles in one transaction; a bad article still fails alone."""

from unittest import mock

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, RelatedLink
from caching import versions
from tests.helpers import make_article, write_lines
from transfer.importers import ImportOptions, read
from transfer.importers.save import import_records

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

# Published on the 1st, under embargo until the 2nd: only the database's check refuses it.
REFUSED = {"embargo_until": "2020-10-02T08:00:00+07:00"}


def line(number, prefix="berita"):
    """An article that names a section, two tags and an author, and links to the next one."""
    return {
        "title": f"Banjir di Kota Nomor {number}",
        "slug": f"{prefix}-{number}",
        "body": "<p>Air naik.</p><p>Warga mengungsi.</p>",
        "published_at": "2020-10-01T08:00:00+07:00",
        "section": "Nasional",
        "tags": ["Banjir", "Jakarta"],
        "author": {"name": "Nur Aini", "initials": "na"},
        "related": [{"slug": f"{prefix}-{number + 1}", "position": 0}],
    }


def run(path, **options):
    return import_records(read([str(path)], options=ImportOptions()), **options)


def links():
    return {
        link.article.slug: link.target and link.target.slug
        for link in RelatedLink.objects.select_related("article", "target")
    }


@pytest.mark.parametrize(
    ("bad", "reason"),
    [
        (REFUSED, "article_embargo_respected"),  # the batch is rolled back and replayed
        ({"language": "xx"}, "language"),  # found before anything of it is written
    ],
)
def test_a_bad_article_in_the_middle_of_a_batch_fails_alone(tmp_path, bad, reason):
    lines = [line(number) for number in range(1, 6)]
    lines[2] |= bad
    del lines[3]["published_at"]  # a warning, told once whatever happens to the batch

    report = run(write_lines(tmp_path / "campur.jsonl", *lines))

    assert (report.imported, report.failed) == (4, 1)
    [failure] = [problem for problem in report.problems if problem.failed]
    assert failure.location.line == 3
    assert reason in failure.message
    warnings = [problem.message for problem in report.problems if not problem.failed]
    assert warnings.count("no publication time: imported as a draft") == 1
    assert len(warnings) == 3  # and the links to the failed article and to a missing one
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "berita-1",
        "berita-2",
        "berita-4",
        "berita-5",
    }
    for article in Article.objects.all():  # each neighbour whole
        assert article.section.name == "Nasional"
        assert set(article.tags.values_list("name", flat=True)) == {"Banjir", "Jakarta"}
        assert article.authors.get().initials == "na"
    assert links() == {
        "berita-1": "berita-2",
        "berita-2": None,
        "berita-4": "berita-5",
        "berita-5": None,
    }


def test_a_rerun_after_a_failure_imports_the_mended_article_and_links_to_it(tmp_path):
    lines = [line(number) for number in range(1, 6)]
    path = write_lines(tmp_path / "arsip.jsonl", *lines[:2], lines[2] | REFUSED, *lines[3:])
    run(path)

    again = run(path)

    assert (again.imported, again.updated, again.unchanged, again.failed) == (0, 0, 4, 1)
    assert Article.objects.count() == 4

    mended = run(write_lines(path, *lines))

    assert (mended.imported, mended.updated, mended.unchanged, mended.failed) == (1, 1, 3, 0)
    assert links()["berita-2"] == "berita-3"  # the article before it now finds it
    assert Article.objects.get(slug="berita-3").tags.count() == 2


def test_a_change_the_database_refuses_leaves_the_stored_article_as_it_was(tmp_path):
    lines = [line(number) for number in range(1, 4)]
    lines[2]["related"] = []
    path = write_lines(tmp_path / "arsip.jsonl", *lines)
    run(path)
    lines[0] |= REFUSED | {"tags": ["Gempa"]}
    lines.append(line(4))  # new, in the same batch, linking to an article that is not there

    report = run(write_lines(path, *lines))

    assert (report.imported, report.updated, report.unchanged, report.failed) == (1, 0, 2, 1)
    stored = Article.objects.get(slug="berita-1")
    assert stored.embargo_until is None
    assert set(stored.tags.values_list("name", flat=True)) == {"Banjir", "Jakarta"}
    assert [problem.location.line for problem in report.problems] == [1, 4]


def test_a_batch_takes_as_many_statements_for_40_articles_as_for_5(tmp_path):
    def statements(count, prefix):
        path = write_lines(tmp_path / f"{prefix}.jsonl", *[line(n, prefix) for n in range(count)])
        with CaptureQueriesContext(connection) as queries:
            report = run(path)
        assert report.imported == count
        return len(queries)

    statements(1, "awal")  # the section, tags and author exist from now on

    assert statements(5, "sedikit") == statements(40, "banyak")


def test_articles_of_a_batch_wanting_the_same_taken_slug_are_written_together(tmp_path):
    make_article(slug="sama")
    first = {"title": "Pertama", "slug": "sama", "id": "a-1", "published_at": "2020-10-01"}
    path = write_lines(tmp_path / "kembar.jsonl", first, first | {"title": "Kedua", "id": "a-2"})

    with CaptureQueriesContext(connection) as queries:
        report = run(path)

    assert report.imported == 2
    assert set(Article.objects.values_list("slug", flat=True)) == {"sama", "sama-2", "sama-3"}
    # Each gets a slug the other does not: nothing is refused, so nothing is replayed.
    assert not [query for query in queries if query["sql"].startswith("ROLLBACK")]


def test_an_article_that_fails_takes_no_slug_from_the_others(tmp_path):
    first = {"title": "Pertama", "slug": "sama", "id": "a-1", "published_at": "2020-10-01"}
    second = first | {"title": "Kedua", "id": "a-2"}

    report = run(write_lines(tmp_path / "kembar.jsonl", first | {"language": "xx"}, second))

    assert (report.imported, report.failed, report.warnings) == (1, 1, 0)
    assert Article.objects.get().slug == "sama"


def test_the_problems_of_a_batch_are_told_in_input_order(tmp_path):
    unusable_link = {"related": [{"url": "ftp://arsip.example.id/", "title": "Arsip"}]}
    path = write_lines(
        tmp_path / "urut.jsonl", line(1) | unusable_link, line(2) | {"language": "xx"}
    )

    report = run(path)

    assert [(problem.location.line, problem.failed) for problem in report.problems] == [
        (1, False),
        (2, True),
    ]


def test_the_readers_cache_keys_move_once_at_the_end(tmp_path, client):
    path = write_lines(
        tmp_path / "polos.jsonl",
        *[{"title": f"Polos {n}", "published_at": "2020-10-01T08:00:00+07:00"} for n in range(3)],
    )
    client.get("/")

    with mock.patch.object(versions, "_move_on", wraps=versions._move_on) as move_on:
        run(path)

    move_on.assert_called_once()
    assert "published" in move_on.call_args.args[0]
    home = client.get("/").content.decode()
    assert all(f"Polos {n}" in home for n in range(3))


def test_dry_run_reports_an_article_that_would_fail_and_writes_nothing(tmp_path):
    path = write_lines(tmp_path / "coba.jsonl", line(1), line(2) | {"language": "xx"})

    report = run(path, dry_run=True)

    assert (report.imported, report.failed) == (1, 1)
    assert not Article.objects.exists()
