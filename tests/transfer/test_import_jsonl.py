"""JSON Lines in: the exchange schema, forward links, and every kind of bad line."""

import json
from datetime import datetime
from pathlib import Path

import pytest

from articles.models import Article, Author, RelatedLink, Section, Source, Tag
from tests.helpers import make_article, write_lines
from transfer.importers import WIB, ImportOptions, read
from transfer.importers.save import import_records

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
ARCHIVE = FIXTURES / "arsip.jsonl"


pytestmark = pytest.mark.usefixtures("in_english")


def run(path=ARCHIVE, **options):
    dry_run = options.pop("dry_run", False)
    return import_records(read([str(path)], options=ImportOptions(**options)), dry_run=dry_run)


@pytest.mark.django_db
def test_every_key_of_the_schema_lands_where_it_belongs():
    report = run()

    assert report.imported == 3
    article = Article.objects.get(slug="sekolah-darurat-dibuka")
    assert article.title == "Sekolah Darurat Dibuka untuk Anak Pengungsi"
    assert article.lead == "Relawan membuka sekolah darurat di tenda pengungsian."
    assert article.body.count("<p>") == 3
    assert article.published_at == datetime(2020, 10, 5, 9, tzinfo=WIB)
    assert article.status == Article.Status.PUBLISHED
    assert article.section.name == "Pendidikan"
    assert set(article.tags.values_list("name", flat=True)) == {"Pengungsi", "Sekolah"}
    assert (article.source.name, article.source.url) == (
        "Kabar Lereng",
        "https://kabarlereng.example.id/",
    )
    author = article.authors.get()
    assert (author.name, author.initials) == ("Nur Aini", "na")
    assert (Section.objects.count(), Tag.objects.count(), Source.objects.count()) == (2, 3, 1)
    assert Author.objects.count() == 2


@pytest.mark.django_db
def test_links_to_articles_later_in_the_file_are_resolved_after_the_run():
    run()

    article = Article.objects.get(slug="sekolah-darurat-dibuka")
    links = list(article.related_links.order_by("order"))
    assert [(link.position, link.target and link.target.slug, link.url) for link in links] == [
        (1, "guru-relawan-berdatangan", ""),
        (None, None, "https://unicef.example.org/laporan"),
        (2, None, ""),
    ]
    assert links[0].title == ""  # the target's own headline is shown
    assert links[2].is_empty and links[2].title == "Tautan yang belum diisi"


@pytest.mark.django_db
def test_second_run_creates_nothing_and_reports_unchanged():
    run()
    counts = [m.objects.count() for m in (Article, Author, Section, Tag, Source, RelatedLink)]

    report = run()

    assert (report.imported, report.updated, report.unchanged) == (0, 0, 3)
    assert [
        m.objects.count() for m in (Article, Author, Section, Tag, Source, RelatedLink)
    ] == counts


@pytest.mark.django_db
def test_a_changed_line_updates_its_article(tmp_path):
    run()
    lines = [json.loads(line) for line in ARCHIVE.read_text().splitlines()]
    lines[1]["title"] = "Tenda Pengungsian Ditambah Lagi"
    lines[1]["tags"] = ["Pengungsi", "Cuaca"]

    report = run(write_lines(tmp_path / "baru.jsonl", *lines))

    assert (report.updated, report.unchanged) == (1, 2)
    article = Article.objects.get(slug="tenda-pengungsian-ditambah")
    assert article.title == "Tenda Pengungsian Ditambah Lagi"
    assert set(article.tags.values_list("name", flat=True)) == {"Pengungsi", "Cuaca"}


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_tells_what_would_happen():
    report = run(dry_run=True)

    assert report.imported == 3
    assert not Article.objects.exists()
    assert not Tag.objects.exists()
    assert not Author.objects.exists()


@pytest.mark.django_db
def test_broken_lines_are_reported_by_number_and_the_others_import():
    report = run(FIXTURES / "rusak.jsonl")

    assert report.imported == 2
    assert set(Article.objects.values_list("slug", flat=True)) == {
        "baris-pertama-baik",
        "baris-terakhir-baik",
    }
    failures = {p.location.line: p.message for p in report.problems if p.failed}
    assert set(failures) == {2, 3, 4, 5, 7}
    assert failures[2].startswith("not valid JSON")
    assert failures[3] == "“title” is missing"
    assert failures[4] == "“tags” must be a list"
    assert failures[5] == "“published_at” must be an ISO 8601 date and time"
    assert failures[7] == "a line must hold one JSON object"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"title": 12}, "“title” must be text"),
        ({"title": "   "}, "the article has no headline"),
        ({"author": 12}, "“author” must be text or an object"),
        ({"authors": [["na"]]}, "“authors” must be text or an object"),
        ({"authors": ["  "]}, "an author needs a name or initials"),
        ({"related": [{"slug": "x", "position": -1}]}, "whole “position” from 0"),
        ({"status": "archived"}, "unknown status “archived”"),
        ({"language": "xx"}, "language"),
    ],
)
def test_wrong_types_fail_that_line_with_the_reason(tmp_path, change, reason):
    good = {"title": "Judul", "slug": "judul", "published_at": "2020-10-01T08:00:00+07:00"}

    report = run(write_lines(tmp_path / "salah.jsonl", good | change))

    [failure] = [p for p in report.problems if p.failed]
    assert reason in failure.message
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_invalid_utf8_fails_its_line_only_naming_the_offset_of_the_bad_byte(tmp_path):
    good = json.dumps({"title": "Baik", "published_at": "2020-10-01T08:00:00+07:00"}).encode()
    path = tmp_path / "campur.jsonl"
    path.write_bytes(good + b"\n" + b'{"title": "caf\xe9"}\n')

    report = run(path)

    assert report.imported == 1
    [problem] = report.problems
    assert (problem.location.line, problem.location.offset) == (2, len(good) + 1 + 14)
    assert "not UTF-8" in problem.message


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"", b"\n", b"  \n\t\n\r\n", b"\xef\xbb\xbf\n"])
def test_empty_file_is_an_error(tmp_path, content):
    empty = tmp_path / "kosong.jsonl"
    empty.write_bytes(content)

    report = import_records(read([str(empty)], format="jsonl"))

    assert (report.imported, report.failed) == (0, 1)
    assert str(report.problems[0].location) == str(empty)
    assert report.problems[0].message == "the file is empty"


@pytest.mark.django_db
def test_script_and_event_handlers_are_sanitized(tmp_path):
    hostile = {
        "title": "Judul <script>alert(1)</script>",
        "slug": "jahat",
        "body": '<p onclick="curi()">Isi</p><script>alert(1)</script>'
        '<img src="x" onerror="alert(2)"><a href="javascript:alert(3)">klik</a>',
        "published_at": "2020-10-01T08:00:00+07:00",
    }

    run(write_lines(tmp_path / "jahat.jsonl", hostile))

    body = Article.objects.get().body
    for needle in ("onclick", "<script", "onerror", "javascript:"):
        assert needle not in body
    assert "<p>Isi</p>" in body


@pytest.mark.django_db
def test_a_5_mb_body_imports(tmp_path):
    paragraph = "<p>" + "kata " * 200 + "</p>"
    big = {
        "title": "Laporan Sangat Panjang",
        "body": paragraph * (5_000_000 // len(paragraph)),
        "published_at": "2020-10-01T08:00:00+07:00",
    }

    report = run(write_lines(tmp_path / "besar.jsonl", big))

    assert report.imported == 1
    assert len(Article.objects.get().body) > 4_900_000


@pytest.mark.django_db
def test_duplicate_slugs_from_different_articles_become_unique(tmp_path):
    make_article(slug="sama")
    first = {"title": "Pertama", "slug": "sama", "id": "a-1", "published_at": "2020-10-01"}
    second = first | {"title": "Kedua", "id": "a-2"}

    report = run(write_lines(tmp_path / "kembar.jsonl", first, second))

    assert report.imported == 2
    assert set(Article.objects.values_list("slug", flat=True)) == {"sama", "sama-2", "sama-3"}


@pytest.mark.django_db
def test_the_shared_benchmark_corpus_shape_imports(tmp_path):
    """A line as /work/shared/bench/corpus.py writes it (upper-case initials, 0-based positions)."""
    target = {"title": "Sasaran", "slug": "sasaran", "published_at": "2025-11-17T03:08:14+07:00"}
    line = {
        "title": "Warga Tasikmalaya mengevaluasi jaksa kebijakan",
        "slug": "warga-tasikmalaya-mengevaluasi-jaksa-kebijakan",
        "lead": "Tersangka kampanye penangkapan di dokter.",
        "body": "<p>Satu.</p>\n<p>Dua.</p>\n<p>Tiga.</p>",
        "published_at": "2025-11-17T03:08:14+07:00",
        "section": "Nasional",
        "tags": ["Banjir", "Tasikmalaya"],
        "source": {"name": "Radio Suara Rakyat", "url": "https://radiosuararakyat.example.id/"},
        "author": {"name": "Lestari Syahputra", "initials": "LS"},
        "related": [{"title": "Sasaran", "slug": "sasaran", "position": 2}],
    }

    report = run(write_lines(tmp_path / "corpus.jsonl", line, target))

    assert report.imported == 2
    article = Article.objects.get(slug=line["slug"])
    assert article.authors.get().initials == "ls"
    assert article.related_links.get().position == 3
    assert article.related_links.get().target.slug == "sasaran"


@pytest.mark.django_db
def test_sponsored_article_with_links_is_unchanged_on_the_second_run(tmp_path):
    line = {
        "title": "Promo Umrah Akhir Tahun",
        "slug": "promo-umrah",
        "body": '<p>Daftar di <a href="https://travel.example.id/">biro kami</a>.</p>',
        "published_at": "2020-10-01T08:00:00+07:00",
        "kind": "sponsored",
    }
    path = write_lines(tmp_path / "sponsor.jsonl", line)
    run(path)

    report = run(path)

    assert report.unchanged == 1
    assert 'rel="sponsored' in Article.objects.get().body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ({"authors": ["mus"]}, [("mus", "MUS")]),
        ({"authors": ["LS"]}, [("ls", "LS")]),
        ({"authors": ["Nur Aini"]}, [("", "Nur Aini")]),
        ({"authors": ["Budi"]}, [("", "Budi")]),
        ({"author": "mus"}, [("mus", "MUS")]),
        ({"author": " Nur Aini "}, [("", "Nur Aini")]),
        (
            {"authors": ["mus", {"name": "Nur Aini", "initials": "na"}]},
            [("mus", "MUS"), ("na", "Nur Aini")],
        ),
    ],
)
def test_authors_given_as_plain_text_are_initials_or_a_name(tmp_path, authors, expected):
    line = {"title": "Judul", "slug": "judul", "published_at": "2020-10-01T08:00:00+07:00"}

    report = run(write_lines(tmp_path / "penulis.jsonl", line | authors))

    assert report.failed == 0
    stored = Article.objects.get().authors.order_by("pk")
    assert [(author.initials, author.name) for author in stored] == expected


@pytest.mark.django_db
def test_an_author_given_as_initials_finds_the_author_the_text_import_made(tmp_path):
    run(FIXTURES / "banjir-bandang.txt")
    line = {"title": "Judul", "slug": "judul", "published_at": "2020-10-01T08:00:00+07:00"}

    run(write_lines(tmp_path / "penulis.jsonl", line | {"authors": ["MUS"]}))

    assert Author.objects.get().initials == "mus"
    assert Article.objects.get(slug="judul").authors.get().initials == "mus"
