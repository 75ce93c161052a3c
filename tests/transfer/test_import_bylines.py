"""An import keeps the record's byline order, first author first, and a rerun that only
reorders the authors updates the article."""

import pytest

from articles.models import Article
from tests.helpers import write_lines
from transfer.importers import ImportOptions, read
from transfer.importers.save import import_records

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

RECORD = {
    "id": "byline-1",
    "title": "Banjir Rob Rendam Pesisir Utara",
    "body": "Air laut naik ke permukiman.",
    "published_at": "2024-03-01T08:00:00+07:00",
}


def run(path):
    return import_records(read([str(path)], options=ImportOptions()))


def byline(slug):
    return [author.name for author in Article.objects.get(slug=slug).authors.all()]


def test_authors_keep_the_order_the_record_gives(tmp_path):
    names = [{"name": "Zainal Arifin"}, {"name": "Ayu Lestari"}, {"name": "Maria Ulfa"}]
    run(write_lines(tmp_path / "a.jsonl", RECORD | {"authors": names}))

    assert byline("banjir-rob-rendam-pesisir-utara") == [
        "Zainal Arifin",
        "Ayu Lestari",
        "Maria Ulfa",
    ]


def test_a_rerun_that_only_reorders_the_authors_updates_the_byline(tmp_path):
    first = [{"name": "Zainal Arifin"}, {"name": "Ayu Lestari"}]
    run(write_lines(tmp_path / "a.jsonl", RECORD | {"authors": first}))

    report = run(write_lines(tmp_path / "b.jsonl", RECORD | {"authors": first[::-1]}))

    assert report.updated == 1
    assert byline("banjir-rob-rendam-pesisir-utara") == ["Ayu Lestari", "Zainal Arifin"]
    assert run(write_lines(tmp_path / "c.jsonl", RECORD | {"authors": first[::-1]})).unchanged == 1
