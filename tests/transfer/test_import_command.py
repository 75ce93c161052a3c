"""`manage.py import_articles` as an operator runs it."""

import io
import shutil
from datetime import datetime
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from articles.models import Article
from transfer.importers import WIB

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"


pytestmark = pytest.mark.usefixtures("in_english")


def import_articles(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("import_articles", *map(str, args), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


@pytest.mark.django_db
def test_formats_are_detected_from_the_content(tmp_path):
    for name in ("banjir-bandang.txt", "wordpress.xml", "atom.xml", "arsip.jsonl"):
        # Names without extensions: only the content tells the formats apart.
        shutil.copy(FIXTURES / name, tmp_path / name.split(".")[0])

    with pytest.raises(CommandError):  # the WordPress export holds a post without a title
        import_articles(tmp_path)

    assert Article.objects.count() == 1 + 8 + 1 + 3


@pytest.mark.django_db
def test_summary_line_and_success():
    out, err = import_articles(FIXTURES / "arsip.jsonl")

    assert out.strip() == "imported 3, updated 0, unchanged 0, skipped 0, failed 0"
    assert err == ""


@pytest.mark.django_db
def test_second_run_reports_everything_unchanged():
    import_articles(FIXTURES / "arsip.jsonl")

    out, _err = import_articles(FIXTURES / "arsip.jsonl")

    assert out.strip() == "imported 0, updated 0, unchanged 3, skipped 0, failed 0"


@pytest.mark.django_db
def test_failures_are_listed_with_file_and_line_and_the_exit_code_is_not_zero():
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="5 items could not be imported"):
        call_command("import_articles", str(FIXTURES / "rusak.jsonl"), stdout=out, stderr=err)

    assert f"{FIXTURES / 'rusak.jsonl'}, line 3: failed: “title” is missing" in err.getvalue()
    assert out.getvalue().strip() == "imported 2, updated 0, unchanged 0, skipped 0, failed 5"
    assert Article.objects.count() == 2


@pytest.mark.django_db
def test_wordpress_summary_names_what_was_skipped():
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(
            "import_articles", str(FIXTURES / "wordpress.xml"), stdout=out, stderr=io.StringIO()
        )

    assert out.getvalue().strip() == (
        "imported 8, updated 0, unchanged 0, skipped 7, failed 1 (1 attachment, 3 comments, "
        "1 menu item, 1 page, 1 revision)"
    )


@pytest.mark.django_db
def test_dry_run_writes_nothing_and_says_so():
    out, _err = import_articles(FIXTURES / "arsip.jsonl", "--dry-run")

    assert out.strip() == (
        "Dry run, nothing was written: imported 3, updated 0, unchanged 0, skipped 0, failed 0"
    )
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_warnings_show_unless_quiet_and_no_progress_bar_when_piped():
    _out, err = import_articles(FIXTURES / "hari-salah.txt")
    _out, quiet_err = import_articles(FIXTURES / "hari-salah.txt", "--quiet")

    assert "warning: Sabtu (4/10/2020): that date is a Minggu" in err
    assert "%|" not in err  # tqdm draws only on a terminal
    assert quiet_err == ""


@pytest.mark.django_db
def test_status_option_holds_everything_back_as_drafts():
    import_articles(FIXTURES / "arsip.jsonl", "--status", "draft")

    assert set(Article.objects.values_list("status", flat=True)) == {"draft"}


@pytest.mark.django_db
def test_published_at_option_sets_the_time_of_text_articles():
    import_articles(FIXTURES / "banjir-bandang.txt", "--published-at", "2020-09-28T07:30")

    assert Article.objects.get().published_at == datetime(2020, 9, 28, 7, 30, tzinfo=WIB)


@pytest.mark.django_db
def test_forced_format_reads_a_file_that_detection_would_misjudge(tmp_path):
    text = tmp_path / "ralat.txt"
    text.write_text("{Ralat} Jadwal Pasar Murah\n\nPasar murah digelar Sabtu (3/10/2020).\n")

    with pytest.raises(CommandError):  # taken for JSON Lines, it is one broken line
        import_articles(text)
    import_articles(text, "--format", "text")

    assert Article.objects.get().title == "{Ralat} Jadwal Pasar Murah"


def test_bad_published_at_is_a_usage_error():
    with pytest.raises(CommandError, match="not a date"):
        import_articles(FIXTURES / "banjir-bandang.txt", "--published-at", "kemarin")


def test_media_dir_must_be_a_folder(tmp_path):
    with pytest.raises(CommandError, match="is not a folder"):
        import_articles(FIXTURES / "wordpress.xml", "--media-dir", tmp_path / "tidak-ada")


@pytest.mark.django_db
def test_missing_file_is_a_failure_and_the_others_import():
    with pytest.raises(CommandError, match="1 item could not be imported"):
        import_articles(FIXTURES / "tidak-ada.txt", FIXTURES / "arsip.jsonl")

    assert Article.objects.count() == 3


@pytest.mark.django_db
def test_a_modern_wordpress_export_imports_its_posts_and_counts_the_rest_by_type():
    out, err = import_articles(FIXTURES / "wordpress-1.2.xml")

    assert out.strip() == (
        "imported 2, updated 0, unchanged 0, skipped 12, failed 0 (1 attachment, "
        "1 item of type “custom_css”, 1 item of type “customize_changeset”, 1 menu item, "
        "1 item of type “oembed_cache”, 1 page, 1 item of type “user_request”, "
        "1 item of type “wp_block”, 1 item of type “wp_global_styles”, "
        "1 item of type “wp_navigation”, 1 item of type “wp_template”, "
        "1 item of type “wp_template_part”)"
    )
    assert "failed" not in err
    assert set(Article.objects.values_list("status", flat=True)) == {"published", "draft"}


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "where", "reason"),
    [
        ("wordpress-terpotong.xml", "line 46, column 17", "the file ends before its XML does"),
        ("wordpress-rusak.xml", "line 18, column 1", "the file ends before its XML does"),
        ("feed-bozo.xml", "line 14, column 26", "an entity XML does not know"),
        ("feed-cp1252.xml", "line 11, byte offset 381", "not UTF-8 text"),
    ],
)
def test_a_broken_file_is_refused_whole_and_the_database_holds_nothing_of_it(name, where, reason):
    out, err = io.StringIO(), io.StringIO()

    with pytest.raises(CommandError, match="^1 item could not be imported.$"):
        call_command("import_articles", str(FIXTURES / name), stdout=out, stderr=err)

    assert err.getvalue().startswith(f"{FIXTURES / name}, {where}: failed: ")
    assert reason in err.getvalue()
    assert out.getvalue().strip() == "imported 0, updated 0, unchanged 0, skipped 0, failed 1"
    assert not Article.objects.exists()
    assert not Article.authors.through.objects.exists()


@pytest.mark.django_db
def test_the_encoding_option_reads_a_feed_whose_bytes_lie_about_their_encoding():
    out, _err = import_articles(FIXTURES / "feed-cp1252.xml", "--encoding", "windows-1252")

    assert out.strip() == "imported 2, updated 0, unchanged 0, skipped 0, failed 0"
    assert Article.objects.filter(title="Café Tepi Sungai Dibuka").exists()


@pytest.mark.django_db
def test_the_encoding_option_reads_a_latin1_text_file(tmp_path):
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "Kafe Baru\n\nWarga menyambut café baru, Sabtu (3/10/2020).\n".encode("latin-1")
    )
    with pytest.raises(CommandError):
        import_articles(path)
    assert not Article.objects.exists()

    import_articles(path, "--encoding", "latin-1")

    assert Article.objects.get().lead == "Warga menyambut café baru, Sabtu (3/10/2020)."


def test_an_unknown_encoding_is_a_usage_error():
    with pytest.raises(CommandError, match="kawi-8 is not an encoding"):
        import_articles(FIXTURES / "banjir-bandang.txt", "--encoding", "kawi-8")


@pytest.mark.django_db
@pytest.mark.parametrize("content", [b"", b"\n  \n"], ids=["0 bytes", "only whitespace"])
def test_an_empty_json_lines_file_is_an_error(tmp_path, content):
    path = tmp_path / "kosong.jsonl"
    path.write_bytes(content)

    with pytest.raises(CommandError, match="1 item could not be imported"):
        import_articles(path, "--format", "jsonl")


@pytest.mark.django_db
def test_a_good_file_still_imports_beside_a_refused_one():
    with pytest.raises(CommandError, match="1 item could not be imported"):
        import_articles(FIXTURES / "wordpress-terpotong.xml", FIXTURES / "arsip.jsonl")

    assert Article.objects.count() == 3
    assert not Article.objects.filter(import_source="Kabar Bukit").exists()
