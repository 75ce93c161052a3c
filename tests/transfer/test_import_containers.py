"""A file whose container is broken is refused whole; bytes that lie about their encoding too.

Every kind of damage is tried on a WordPress export and on a feed that import cleanly
undamaged: whatever the fault and wherever it lies, nothing of the file is imported and
the one failure names the file and the line with its column or byte offset.
"""

import re
from pathlib import Path
from unittest import mock

import feedparser
import pytest

from articles.models import Article
from transfer.importers import ImportOptions, read
from transfer.importers.save import import_records

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
# Each file, and the headline of a post in it (the export's eighth item, the feed's last).
FILES = {
    "wordpress": ((FIXTURES / "wordpress.xml").read_bytes(), b"Harga Cabai Naik Lagi"),
    "feed": ((FIXTURES / "rss2.xml").read_bytes(), b"Harga Ikan Turun di Pelelangan"),
}
TITLE = re.compile(rb"<title>(?:<!\[CDATA\[)?")

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]


def cut(data, fraction):
    """The file as a download that stopped part of the way."""
    return data[: int(len(data) * fraction)]


def title_of(data, headline):
    """Where the title element of `headline` begins, and where its text does."""
    found = next(m for m in TITLE.finditer(data) if data.startswith(headline, m.end()))
    return found.start(), found.end()


def in_an_item(data, headline, damage):
    """`damage` written inside the item of `headline`, just before its title."""
    at, _text = title_of(data, headline)
    return data[:at] + damage + data[at:]


def retitled(data, headline, prefix):
    """The file with `prefix` (text) put before `headline` in its title, encoded as UTF-8."""
    _element, at = title_of(data, headline)
    return data[:at] + prefix.encode() + data[at:]


# What goes wrong with real files, and the reason a person is given.
DAMAGE = {
    "cut off early": (lambda data, _h: cut(data, 0.3), "the file ends before its XML does"),
    "cut off mid-way": (lambda data, _h: cut(data, 0.6), "the file ends before its XML does"),
    "cut off at the end": (lambda data, _h: cut(data, 0.97), "the file ends before its XML does"),
    "mismatched tags": (
        lambda data, h: in_an_item(data, h, b"<b>tebal</i>"),
        "a closing tag does not match",
    ),
    "a control character": (
        lambda data, h: in_an_item(data, h, b"Harga \x0b naik"),
        "a character XML forbids",
    ),
    "a NUL byte": (lambda data, h: in_an_item(data, h, b"Harga \x00 naik"), "a character XML"),
    "an HTML entity": (lambda data, h: in_an_item(data, h, b"Harga&nbsp;naik"), "“&nbsp;”"),
    "a bare ampersand": (lambda data, h: in_an_item(data, h, b"Harga & naik"), "a stray"),
    "a second document after the first": (lambda data, _h: data + b"<rss></rss>", "junk after"),
    "Latin-1 bytes in UTF-8": (
        lambda data, h: in_an_item(data, h, "Café".encode("latin-1")),
        "not UTF-8 text",
    ),
    "Windows-1252 quotes in UTF-8": (
        lambda data, h: in_an_item(data, h, "“Kata”".encode("cp1252")),
        "not UTF-8 text",
    ),
    "a UTF-8 sequence cut short": (lambda data, h: in_an_item(data, h, b"\xe2\x80"), "UTF-8"),
}


@pytest.mark.parametrize("kind", FILES)
@pytest.mark.parametrize("damage", DAMAGE.values(), ids=DAMAGE.keys())
def test_a_broken_file_is_refused_whole_naming_file_and_line(tmp_path, kind, damage):
    spoil, reason = damage
    path = tmp_path / "rusak.xml"
    path.write_bytes(spoil(*FILES[kind]))

    report = import_records(read([str(path)]))

    assert (report.imported, report.updated, report.failed) == (0, 0, 1)
    [problem] = report.problems
    assert reason in problem.message
    location = problem.location
    assert location.name == str(path)
    assert location.line >= 1
    assert (location.column or 0) >= 1 or location.offset is not None
    assert str(location).startswith(f"{path}, line {location.line}, ")
    assert not Article.objects.exists()


@pytest.mark.parametrize("kind", FILES)
def test_the_first_bad_byte_is_named_by_its_offset_and_line(tmp_path, kind):
    spoiled = in_an_item(*FILES[kind], "Café".encode("latin-1"))
    path = tmp_path / "latin1.xml"
    path.write_bytes(spoiled)

    [problem] = read([str(path)])

    assert problem.location.offset == spoiled.index(b"Caf\xe9") + 3
    assert problem.location.line == spoiled[: problem.location.offset].count(b"\n") + 1
    assert "name the file's real encoding with --encoding" in problem.message


@pytest.mark.parametrize("kind", FILES)
@pytest.mark.parametrize("encoding", ["windows-1252", "iso-8859-1", "utf-16"])
def test_a_file_that_declares_its_encoding_truly_is_read_in_it(tmp_path, kind, encoding):
    data, headline = FILES[kind]
    text = retitled(data, headline, "Café “Kali” – ").decode()
    text = text.replace('encoding="UTF-8"', f'encoding="{encoding}"', 1)
    path = tmp_path / "jujur.xml"
    path.write_bytes(text.encode(encoding, "replace"))

    report = import_records(read([str(path)]))

    assert report.imported >= 2
    [title] = Article.objects.filter(title__startswith="Caf").values_list("title", flat=True)
    assert title.endswith(headline.decode())
    if encoding != "iso-8859-1":  # which has no curly quotes
        assert title.startswith("Café “Kali” – ")


@pytest.mark.parametrize("kind", FILES)
def test_bytes_that_lie_are_refused_or_read_in_the_encoding_the_operator_names(tmp_path, kind):
    data, headline = FILES[kind]
    path = tmp_path / "cp1252.xml"  # written in Windows-1252, declared UTF-8
    path.write_bytes(retitled(data, headline, "Café “Kali” ").decode().encode("cp1252", "replace"))

    refused = import_records(read([str(path)]))
    assert (refused.imported, refused.failed) == (0, 1)
    assert not Article.objects.exists()

    report = import_records(read([str(path)], options=ImportOptions(encoding="windows-1252")))

    assert report.imported >= 2
    assert Article.objects.filter(title=f"Café “Kali” {headline.decode()}").exists()


def test_the_cp1252_feed_fixture_is_read_with_its_real_encoding():
    path = str(FIXTURES / "feed-cp1252.xml")
    assert import_records(read([path])).failed == 1

    report = import_records(read([path], options=ImportOptions(encoding="cp1252")))

    assert (report.imported, report.failed) == (2, 0)
    assert Article.objects.get(import_id="wartakopi-1").lead == (
        "Pemilik kafe berkata, “Kopi kami dari lereng Ijen.”"
    )
    assert Article.objects.filter(title="Café Tepi Sungai Dibuka").exists()


def test_an_unknown_declared_encoding_refuses_the_file(tmp_path):
    path = tmp_path / "aneh.xml"
    path.write_bytes(FILES["wordpress"][0].replace(b'encoding="UTF-8"', b'encoding="kawi-8"', 1))

    [problem] = read([str(path)])

    assert problem.message.startswith("the file declares the unknown encoding “KAWI-8”")


def test_the_bozo_feed_fixture_is_refused_with_its_line_and_column():
    report = import_records(read([str(FIXTURES / "feed-bozo.xml")]))

    assert (report.imported, report.failed) == (0, 1)
    assert str(report.problems[0].location) == f"{FIXTURES / 'feed-bozo.xml'}, line 14, column 26"
    assert not Article.objects.exists()


def test_a_feed_feedparser_finds_fault_with_is_refused_whole():
    real_parse = feedparser.parse

    def bozo(stream):
        feed = real_parse(stream)
        feed["bozo"], feed["bozo_exception"] = True, "document declared as utf-8"
        return feed

    with mock.patch("feedparser.parse", bozo):
        report = import_records(read([str(FIXTURES / "rss2.xml")]))

    assert (report.imported, report.failed) == (0, 1)
    assert report.problems[0].message == (
        "not a readable feed: document declared as utf-8; nothing of it is imported"
    )
    assert not Article.objects.exists()


def test_an_entry_bad_inside_a_sound_feed_still_fails_alone(tmp_path):
    data, _headline = FILES["feed"]
    path = tmp_path / "feed.xml"
    path.write_bytes(
        data.replace(b'<guid isPermaLink="false">kabarpesisir-5001</guid>', b"", 1).replace(
            b"<link>https://kabarpesisir.example.id/nelayan-kembali-melaut/</link>", b"", 1
        )
    )

    report = import_records(read([str(path)]))

    assert (report.imported, report.failed) == (1, 1)
    assert str(report.problems[0].location) == f"{path}, item 1"
    assert report.problems[0].message == "the entry has neither an id nor a link"
