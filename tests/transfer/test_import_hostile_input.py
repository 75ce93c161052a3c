"""Input that breaks readers (deep nesting, huge numbers, odd bytes) fails its line, never the run.

Each hostile line sits between two good ones and goes through `manage.py import_articles`:
the command ends with its summary and a CommandError, never with a traceback.
"""

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from transfer.importers import read

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

GOOD = {"title": "Baik", "published_at": "2020-10-01T08:00:00+07:00"}


def good(number):
    return json.dumps(GOOD | {"slug": f"baik-{number}"}).encode()


def hostile(change):
    return json.dumps(GOOD | {"slug": "jahat"} | change).encode()


# A line that cannot be imported, and what its failure says.
HOSTILE = {
    "100,000 brackets": (b"[" * 100_000, "nested too deeply"),
    "100,000 objects": (b'{"a":' * 100_000, "nested too deeply"),
    "nesting inside an article": (
        b'{"title": "x", "tags": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
        "nested too deeply",
    ),
    "a 5,000-digit id": (hostile({"id": "ID"}).replace(b'"ID"', b"1" * 5000), "40 digits"),
    "a huge position": (
        hostile({"related": [{"slug": "x", "position": 10**30}]}),
        "whole “position” from 0",
    ),
    "an infinite position": (
        hostile({}).replace(b"}", b', "related": [{"slug": "x", "position": 1e999}]}'),
        "whole “position” from 0",
    ),
    "NaN as an id": (hostile({"id": "ID"}).replace(b'"ID"', b"NaN"), "“id” must be text"),
    "a huge section position": (
        hostile({"section_detail": {"name": "A", "position": 10**20}}),
        "whole “position”",
    ),
    "a time past year 9999 in UTC": (
        hostile({"published_at": "9999-12-31T23:59:59-12:00"}),
        "ISO 8601",
    ),
    "a time before year 1 in UTC": (
        hostile({"published_at": "0001-01-01T00:00:00+07:00"}),
        "ISO 8601",
    ),
    "invalid UTF-8": (b'{"title": "caf\xe9"}', "not UTF-8 text"),
    "a raw NUL byte": (b'{"title": "a\x00b"}', "not valid JSON"),
    "only a NUL byte": (b"\x00", "not valid JSON"),
    "a bare number": (b"1" * 5000, "longer than 40 digits"),
}


def import_articles(path):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_articles", str(path), stdout=out, stderr=err)
    except CommandError as error:
        return out.getvalue(), err.getvalue(), str(error)
    return out.getvalue(), err.getvalue(), None


@pytest.mark.parametrize(("content", "reason"), HOSTILE.values(), ids=HOSTILE.keys())
def test_a_hostile_line_fails_alone_with_its_line_number(tmp_path, content, reason):
    path = tmp_path / "jahat.jsonl"
    path.write_bytes(good(1) + b"\n" + content + b"\n" + good(2) + b"\n")

    out, err, error = import_articles(path)

    assert error == "1 item could not be imported."
    assert f"{path}, line 2" in err
    assert reason in err
    assert out.strip() == "imported 2, updated 0, unchanged 0, skipped 0, failed 1"
    assert set(Article.objects.values_list("slug", flat=True)) == {"baik-1", "baik-2"}


@pytest.mark.parametrize(
    "change",
    [
        {"title": "a\u0000b"},  # an escaped NUL
        {"title": "x" * 100_000},
        {"body": "<p>" + "\u0000" * 10 + "</p>"},
        {"id": 10**39},
        {"related": [{"slug": "x", "position": 0, "order": 10**30}]},
    ],
    ids=["escaped NUL", "a very long title", "NULs in the body", "a long id", "a huge order"],
)
def test_odd_but_readable_values_never_end_in_a_traceback(tmp_path, change):
    path = tmp_path / "aneh.jsonl"
    path.write_bytes(good(1) + b"\n" + hostile(change) + b"\n")

    out, err, error = import_articles(path)

    assert out.startswith("imported ")
    assert Article.objects.filter(slug="baik-1").exists()
    assert "Traceback" not in err


def test_a_lone_surrogate_never_ends_in_a_traceback(tmp_path):
    path = tmp_path / "pengganti.jsonl"
    path.write_bytes(good(1) + b"\n" + b'{"title": "a\\ud800b", "slug": "jahat"}\n')

    out, _err, _error = import_articles(path)

    assert out.startswith("imported ")
    assert Article.objects.filter(slug="baik-1").exists()


@pytest.mark.parametrize(
    "content",
    [b"Judul\x00Berita\n\nIsi\x00 berita, Sabtu (3/10/2020).\n", b"\x00\x00\x00", b"\xff\xfe"],
    ids=["NUL bytes in text", "only NUL bytes", "only a byte order mark"],
)
def test_text_files_with_odd_bytes_never_end_in_a_traceback(tmp_path, content):
    path = tmp_path / "aneh.txt"
    path.write_bytes(content)

    items = list(read([str(path)], format="text"))

    assert items
    out, err, _error = import_articles(path)
    assert out.startswith("imported ")
    assert "Traceback" not in err
