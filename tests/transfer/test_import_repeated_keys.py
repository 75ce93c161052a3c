"""A key repeated within one run never overwrites the record read first; across runs it updates.

The key is what recognises an article on the next run: a JSON Lines line's id (else its
slug), a feed entry's guid, a WordPress post's id, a text file's headline and day. Every
format is tried: the later record fails naming both places, the first stays as it was read.
"""

import shutil
from pathlib import Path
from unittest import mock

import pytest

from articles.models import Article
from tests.helpers import write_lines
from transfer.importers import read
from transfer.importers.save import import_records

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def run(*paths, dry_run=False):
    return import_records(read([str(path) for path in paths]), dry_run=dry_run)


def line(title, **more):
    return {"title": title, "published_at": "2020-10-01T08:00:00+07:00", **more}


def assert_repeated(report, where, first):
    """One failure, at `where`, naming `first`, the place the key was read before."""
    [failure] = [problem for problem in report.problems if problem.failed]
    assert str(failure.location) == where
    assert f"was read before, at {first}: that article is kept, this one is not" in (
        failure.message
    )


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (line("Pertama", slug="sama"), line("Kedua", slug="sama")),
        (line("Pertama", id="a-1", slug="satu"), line("Kedua", id="a-1", slug="dua")),
        (line("Pertama", id=7), line("Kedua", id="7")),
        (line("Sama Persis"), line("Sama Persis")),
    ],
    ids=["slug", "id", "number and text", "title"],
)
@pytest.mark.parametrize("dry_run", [False, True], ids=["saved", "dry run"])
def test_a_second_json_line_with_the_key_of_the_first_fails_and_the_first_stays(
    tmp_path, first, second, dry_run
):
    path = write_lines(tmp_path / "kembar.jsonl", first, line("Lain", slug="lain"), second)

    report = run(path, dry_run=dry_run)

    assert (report.imported, report.updated, report.failed) == (2, 0, 1)
    assert_repeated(report, f"{path}, line 3", f"{path}, line 1")
    if not dry_run:
        assert set(Article.objects.values_list("title", flat=True)) == {first["title"], "Lain"}


def test_the_key_is_remembered_across_batches(tmp_path):
    lines = [line(f"Berita {n}", slug=f"berita-{n}") for n in range(7)]
    path = write_lines(tmp_path / "panjang.jsonl", *lines, line("Ulang", slug="berita-1"))

    with mock.patch("transfer.importers.save.BATCH_SIZE", 2):
        report = run(path)

    assert (report.imported, report.failed) == (7, 1)
    assert_repeated(report, f"{path}, line 8", f"{path}, line 2")
    assert Article.objects.get(slug="berita-1").title == "Berita 1"


def test_the_same_key_in_two_files_of_one_run_fails_the_second(tmp_path):
    first = write_lines(tmp_path / "a.jsonl", line("Pertama", id="x"))
    second = write_lines(tmp_path / "b.jsonl", line("Kedua", id="x"))

    report = run(first, second)

    assert_repeated(report, f"{second}, line 1", f"{first}, line 1")
    assert Article.objects.get().title == "Pertama"


def test_a_second_feed_entry_with_the_same_guid_fails(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(
        (FIXTURES / "rss2.xml").read_bytes().replace(b">kabarpesisir-5002<", b">kabarpesisir-5001<")
    )

    report = run(path)

    assert (report.imported, report.failed) == (1, 1)
    assert_repeated(report, f"{path}, item 2", f"{path}, item 1")
    assert Article.objects.get().title == "Nelayan Kembali Melaut Setelah Cuaca Membaik"


def test_a_second_wordpress_post_with_the_same_id_fails(tmp_path):
    path = tmp_path / "wordpress.xml"
    path.write_bytes(
        (FIXTURES / "wordpress.xml")
        .read_bytes()
        .replace(b"<wp:post_id>102</wp:post_id>", b"<wp:post_id>101</wp:post_id>")
    )

    report = run(path)

    assert report.imported == 7
    [repeated] = [p for p in report.problems if p.failed and "read before" in p.message]
    assert str(repeated.location) == f"{path}, item 2"
    assert f"at {path}, item 1:" in repeated.message
    assert Article.objects.get(import_id="101").title == "Harga Cabai Naik Menjelang Maulid"


def test_two_text_files_of_the_same_article_in_one_run(tmp_path):
    first, second = tmp_path / "a.txt", tmp_path / "b.txt"
    shutil.copy(FIXTURES / "banjir-bandang.txt", first)
    shutil.copy(FIXTURES / "banjir-bandang.txt", second)

    report = run(first, second)

    assert (report.imported, report.failed) == (1, 1)
    assert_repeated(report, str(second), str(first))


def test_across_runs_the_same_key_updates_the_article(tmp_path):
    path = write_lines(tmp_path / "arsip.jsonl", line("Pertama", id="x"))
    run(path)

    report = run(write_lines(path, line("Pertama, Diperbarui", id="x")))

    assert (report.imported, report.updated, report.failed) == (0, 1, 0)
    assert Article.objects.get().title == "Pertama, Diperbarui"
