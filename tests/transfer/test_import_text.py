"""The plain-text format: every quirk of the Indonesian articles it carries."""

from datetime import datetime
from pathlib import Path

import pytest

from articles.models import Article, Author, RelatedLink, Source
from tests.helpers import make_article, make_author
from transfer.importers import WIB, ImportOptions, read
from transfer.importers.save import import_records

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
FLOOD = FIXTURES / "banjir-bandang.txt"


pytestmark = pytest.mark.usefixtures("in_english")


def run(*paths, **options):
    status = options.pop("status", None)
    return import_records(
        read([str(p) for p in paths], options=ImportOptions(**options)), status=status
    )


def messages(report):
    return [str(problem.message) for problem in report.problems]


@pytest.mark.django_db
def test_headline_dateline_lead_and_paragraphs_are_kept_apart():
    report = run(FLOOD)

    article = Article.objects.get()
    assert report.imported == 1
    assert article.title == (
        "Banjir Bandang Rendam Tiga Desa di Lereng Gunung, Warga Mengungsi ke Masjid"
    )
    assert article.dateline == "JAKARTA (SALAM-ONLINE.COM)"
    assert article.lead.startswith("Banjir bandang merendam tiga desa")
    assert article.body.startswith("<p>Banjir bandang merendam")
    assert article.body.count("<p>") == 4
    assert "Baca Juga" not in article.body
    assert "“Air datang tiba-tiba menjelang subuh" in article.body


def test_publication_name_alone_is_a_dateline_too():
    [record] = read([str(FIXTURES / "jumat-kebersihan.txt")])

    assert record.dateline == "SALAM-ONLINE.COM"
    assert record.lead.startswith("Ratusan jamaah bergotong royong")


def test_first_weekday_and_date_give_the_publication_day_in_wib():
    [flood] = read([str(FLOOD)])
    [friday] = read([str(FIXTURES / "jumat-kebersihan.txt")])

    assert flood.published_at == datetime(2020, 9, 27, tzinfo=WIB)  # "Ahad (27/9/20)"
    assert friday.published_at == datetime(2020, 10, 2, tzinfo=WIB)  # "Jum'at (2/10/2020)"


def test_published_at_option_wins_over_the_text():
    chosen = datetime(2021, 1, 4, 9, 30, tzinfo=WIB)

    [record] = read([str(FLOOD)], options=ImportOptions(published_at=chosen))

    assert record.published_at == chosen


def test_weekday_that_does_not_match_its_date_is_a_warning_naming_its_line():
    [warning, record] = read([str(FIXTURES / "hari-salah.txt")])

    assert record.published_at == datetime(2020, 10, 4, tzinfo=WIB)
    assert not warning.failed
    assert warning.message == "Sabtu (4/10/2020): that date is a Minggu"
    assert str(warning.location) == f"{FIXTURES / 'hari-salah.txt'}, line 3"


@pytest.mark.django_db
def test_impossible_date_is_a_warning_naming_file_and_line_and_the_article_imports():
    report = run(FIXTURES / "tanggal-mustahil.txt", FLOOD)

    assert (report.imported, report.failed) == (2, 0)
    [warning] = [p for p in report.problems if "impossible date" in p.message]
    assert not warning.failed
    assert warning.message == "impossible date in the text: Senin (31/2/2020); it is not used"
    assert str(warning.location) == f"{FIXTURES / 'tanggal-mustahil.txt'}, line 3"
    seminar = Article.objects.get(title__startswith="Seminar")
    assert (seminar.status, seminar.published_at) == (Article.Status.DRAFT, None)


@pytest.mark.parametrize(
    "written", ["Ahad (0/0/00)", "Senin (31/2/2020)", "Rabu (32/13/2021)", "Kamis (29/2/2021)"]
)
def test_any_impossible_date_in_prose_is_a_warning_and_a_later_good_date_counts(tmp_path, written):
    path = tmp_path / "berita.txt"
    path.write_text(
        "Judul Berita\n\n"
        f"JAKARTA (SALAM-ONLINE.COM) – Acara yang semula dijadwalkan {written} ditunda.\n\n"
        "Panitia\nmengumumkannya\nSabtu (3/10/2020) pagi. (mus)\n"
    )

    warning, record = read([str(path)])

    assert (warning.failed, warning.location.line) == (False, 3)
    assert written in warning.message
    assert record.published_at == datetime(2020, 10, 3, tzinfo=WIB)
    assert record.warnings == []


@pytest.mark.django_db
def test_trailing_initials_become_the_author_created_when_unknown():
    run(FLOOD)

    article = Article.objects.get()
    author = article.authors.get()
    assert (author.initials, author.name) == ("mus", "MUS")
    assert "(mus/salam)" not in article.body
    assert article.body.endswith("selama tujuh hari ke depan.</p>")


@pytest.mark.django_db
def test_known_initials_name_the_existing_author():
    editor = make_author(name="Mustofa Kamal", initials="mus")

    run(FLOOD, FIXTURES / "jumat-kebersihan.txt")

    assert Author.objects.count() == 1
    assert set(editor.articles.values_list("slug", flat=True)) == {
        "banjir-bandang-rendam-tiga-desa-di-lereng-gunung-warga-mengungsi-ke-masjid",
        "jamaah-gelar-kerja-bakti-bersihkan-masjid-usai-banjir-surut",
    }


@pytest.mark.django_db
def test_wire_credits_become_credited_sources():
    run(FLOOD, FIXTURES / "jumat-kebersihan.txt")

    assert set(
        Source.objects.filter(credited_articles__isnull=False).values_list("name", flat=True)
    ) == {
        "Anadolu News Agency",
        "Republika",
        "Reuters",
    }
    assert Article.objects.get(slug__startswith="banjir").source.name == "SALAM-ONLINE.COM"


@pytest.mark.django_db
def test_source_option_names_the_origin():
    run(FLOOD, source="Salam Online")

    article = Article.objects.get()
    assert article.source.name == "Salam Online"
    assert article.import_source == "Salam Online"


@pytest.mark.django_db
def test_baca_juga_lines_become_slots_at_their_paragraph():
    target = make_article(title="Relawan Dapur Umum Bertahan di Pengungsian")

    run(FLOOD)

    links = list(Article.objects.get(slug__startswith="banjir").related_links.order_by("order"))
    assert [(link.position, link.target_id) for link in links] == [(2, None), (3, target.pk)]
    assert links[0].is_empty
    assert links[1].title == ""  # shows the target's headline


@pytest.mark.django_db
def test_baca_juga_headline_finds_an_article_imported_later_in_the_run():
    run(FLOOD, FIXTURES / "relawan-dapur-umum.txt")

    link = RelatedLink.objects.get(position=3)
    assert link.target.title == "Relawan Dapur Umum Bertahan di Pengungsian"


@pytest.mark.django_db
def test_unmatched_headline_stays_an_empty_slot_that_readers_never_see():
    report = run(FLOOD)

    link = RelatedLink.objects.get(position=3)
    assert link.is_empty
    assert link.title == "Relawan Dapur Umum Bertahan di Pengungsian"
    assert not RelatedLink.objects.visible().exists()
    assert any("matches no article" in message for message in messages(report))


@pytest.mark.django_db
def test_baca_juga_as_the_last_line_closes_the_body():
    run(FIXTURES / "jumat-kebersihan.txt")

    assert RelatedLink.objects.get().position is None


@pytest.mark.django_db
def test_bom_and_crlf_read_like_plain_utf8(tmp_path):
    windows = tmp_path / "windows.txt"
    windows.write_bytes(b"\xef\xbb\xbf" + FLOOD.read_bytes().replace(b"\n", b"\r\n"))

    [plain] = read([str(FLOOD)])
    [converted] = read([str(windows)])

    assert (converted.title, converted.body, converted.related) == (
        plain.title,
        plain.body,
        plain.related,
    )


def test_invalid_utf8_is_refused_with_the_line_and_offset_of_the_first_bad_byte(tmp_path):
    broken = tmp_path / "latin1.txt"
    data = "Judul\n\nBerita tentang café, Sabtu (3/10/2020).".encode("latin-1")
    broken.write_bytes(data)

    [problem] = read([str(broken)])

    assert problem.failed
    assert "not UTF-8 text" in problem.message
    assert "--encoding" in problem.message
    offset = data.index("é".encode("latin-1"))
    assert str(problem.location) == f"{broken}, line 3, byte offset {offset}"


@pytest.mark.parametrize("encoding", ["latin-1", "windows-1252", "utf-16"])
def test_a_file_in_another_encoding_is_read_when_the_operator_names_it(tmp_path, encoding):
    path = tmp_path / "lain.txt"
    path.write_bytes(
        "Kafe “Tepi Kali” Dibuka\n\nWarga menyambut café baru, Sabtu (3/10/2020).\n".encode(
            encoding, "replace"
        )
    )

    [record] = read([str(path)], options=ImportOptions(encoding=encoding))

    assert "café" in record.lead
    assert record.published_at == datetime(2020, 10, 3, tzinfo=WIB)


def test_empty_file_is_an_error():
    [problem] = read([str(FIXTURES / "kosong.txt")])

    assert problem.message == "the file is empty"


@pytest.mark.django_db
def test_file_with_only_a_headline_is_kept_as_a_draft_even_when_publishing():
    report = run(FIXTURES / "hanya-judul.txt", status="published")

    article = Article.objects.get()
    assert (article.title, article.status, article.body) == (
        "Judul Saja Tanpa Isi Berita",
        Article.Status.DRAFT,
        "",
    )
    assert report.warnings >= 1


@pytest.mark.django_db
def test_second_run_creates_nothing():
    run(FLOOD, FIXTURES / "relawan-dapur-umum.txt")
    counts = (Article.objects.count(), Author.objects.count(), RelatedLink.objects.count())

    report = run(FLOOD, FIXTURES / "relawan-dapur-umum.txt")

    assert (report.imported, report.updated, report.unchanged) == (0, 0, 2)
    assert (Article.objects.count(), Author.objects.count(), RelatedLink.objects.count()) == counts
