"""WordPress exports: posts with their statuses, taxonomy, links and images; hostile files."""

import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

import pytest
from django.utils import timezone
from PIL import Image as PillowImage

from articles.models import Article, Author, Image, RelatedLink, Section, Tag
from tests.tasks import run_tasks
from transfer.importers import ImportOptions, read
from transfer.importers.save import import_records

FIXTURES = Path(__file__).parent.parent / "fixtures" / "import"
EXPORT = FIXTURES / "wordpress.xml"


pytestmark = pytest.mark.usefixtures("in_english")


def run(path=EXPORT, **options):
    return import_records(read([str(path)], options=ImportOptions(**options)))


def article(import_id):
    return Article.objects.get(import_source="Warta Contoh", import_id=import_id)


@pytest.mark.django_db
class TestWordPressExport:
    def test_posts_are_imported_and_the_rest_skipped_and_counted(self):
        report = run()

        assert (report.imported, report.failed) == (8, 1)
        assert report.skipped_kinds == {
            "comment": 3,
            "page": 1,
            "attachment": 1,
            "menu": 1,
            "revision": 1,
        }
        assert report.skipped == 7
        assert not Article.objects.filter(title__in=["Tentang Kami", "Beranda"]).exists()

    def test_post_without_title_is_reported_with_its_item_number(self):
        report = run()

        [failure] = [p for p in report.problems if p.failed]
        assert str(failure.location) == f"{EXPORT}, item 9"
        assert failure.message == "the article has no headline"

    def test_fields_of_a_published_post(self):
        run()

        post = article("101")
        assert post.title == "Harga Cabai Naik Menjelang Maulid"
        assert post.slug == "harga-cabai-naik"
        assert post.status == Article.Status.PUBLISHED
        assert post.published_at == datetime(2020, 10, 3, 1, 15, tzinfo=UTC)
        assert post.lead == "Harga cabai rawit naik hampir dua kali lipat."
        assert post.source.name == "Warta Contoh"
        assert post.authors.get().name == "Siti Rahmawati"
        assert article("102").authors.get().name == "Budi Hartono"

    def test_first_category_is_the_section_and_the_others_are_kept_as_tags(self):
        run()

        post = article("101")
        assert (post.section.name, post.section.slug) == ("Ekonomi", "ekonomi")
        assert set(post.tags.values_list("slug", flat=True)) == {
            "daerah",
            "cabai",
            "pasar-tradisional",
        }

    def test_blank_line_paragraphs_become_p_and_scripts_are_gone(self):
        run()

        body = article("101").body
        assert body.startswith("<p>Harga cabai rawit di pasar tradisional naik")
        assert "<br>" in body
        assert "Dinas perdagangan berjanji" in body
        for hostile in ("<script", "alert(", "onclick", "javascript:"):
            assert hostile not in body

    def test_statuses_map_and_private_posts_never_become_public(self):
        report = run()

        assert article("103").status == Article.Status.DRAFT
        assert article("103").published_at is None
        assert article("107").status == Article.Status.REVIEW
        assert article("104").status == Article.Status.DRAFT
        assert article("105").status == Article.Status.DRAFT
        scheduled = article("106")
        assert scheduled.status == Article.Status.PUBLISHED
        assert scheduled.published_at > timezone.now()
        assert set(Article.objects.published().values_list("import_id", flat=True)) == {
            "101",
            "102",
            "108",
        }
        warnings = [p.message for p in report.problems if not p.failed]
        assert "private post: imported as a draft" in warnings
        assert "password-protected post: imported as a draft" in warnings

    def test_baca_juga_paragraphs_link_to_the_imported_articles(self):
        run()

        cabai, petani = article("101"), article("102")
        assert [
            (link.position, link.target_id, link.url)
            for link in cabai.related_links.order_by("order")
        ] == [
            (1, petani.pk, ""),
            (None, None, "https://kantorberita.example.org/harga-pangan"),
        ]
        assert [(link.position, link.target_id) for link in petani.related_links.all()] == [
            (1, cabai.pk)
        ]
        assert "Baca Juga" not in cabai.body
        assert "BACA JUGA" not in petani.body

    def test_duplicate_slug_of_another_post_becomes_unique(self):
        report = run()

        assert article("101").slug == "harga-cabai-naik"
        assert article("108").slug == "harga-cabai-naik-2"
        assert any("belongs to another article" in p.message for p in report.problems)

    def test_featured_image_comes_from_the_media_folder(self, tmp_path):
        uploads = tmp_path / "uploads" / "2020" / "10"
        uploads.mkdir(parents=True)
        PillowImage.new("RGB", (64, 48), (200, 20, 20)).save(uploads / "cabai.png")

        run(media_dir=tmp_path / "uploads")
        run(media_dir=tmp_path / "uploads")

        image = article("101").featured_image
        assert (image.alt_text, image.caption) == (
            "Tumpukan cabai rawit merah",
            "Cabai rawit dijual di Pasar Induk.",
        )
        assert (image.width, image.height) == (64, 48)
        assert Image.objects.count() == 1

    def test_featured_images_pass_the_upload_checks(
        self, tmp_path, django_capture_on_commit_callbacks
    ):
        from tests import image_files

        uploads = tmp_path / "uploads" / "2020" / "10"
        uploads.mkdir(parents=True)
        (uploads / "cabai.png").write_bytes(image_files.jpeg_with_gps_rotated())

        with django_capture_on_commit_callbacks(execute=True):
            run(media_dir=tmp_path / "uploads")
        # Its renditions are made in the background, as an upload's are.
        assert article("101").featured_image.renditions == []
        assert run_tasks() == 1

        image = article("101").featured_image
        with image.file.open("rb") as stored:
            picture = PillowImage.open(stored)
            assert picture.format == "JPEG"
            assert picture.size == (100, 200)
            assert dict(picture.getexif()) == {}
        assert image.file.name.endswith(".jpg")
        assert image.renditions

    def test_a_script_disguised_as_a_picture_is_refused_with_a_warning(self, tmp_path):
        from tests import image_files

        uploads = tmp_path / "uploads" / "2020" / "10"
        uploads.mkdir(parents=True)
        (uploads / "cabai.png").write_bytes(image_files.SVG_WITH_SCRIPT)

        report = run(media_dir=tmp_path / "uploads")

        assert article("101").featured_image is None
        assert Image.objects.count() == 0
        assert any("is missing or not a picture" in p.message for p in report.problems)

    def test_missing_image_file_is_a_warning_not_a_failure(self, tmp_path):
        report = run(media_dir=tmp_path)

        assert article("101").featured_image is None
        assert any("is missing or not a picture" in p.message for p in report.problems)

    def test_second_run_creates_nothing(self):
        run()
        counts = [m.objects.count() for m in (Article, Author, Section, Tag, RelatedLink)]

        report = run()

        assert (report.imported, report.updated, report.unchanged) == (0, 0, 8)
        assert [m.objects.count() for m in (Article, Author, Section, Tag, RelatedLink)] == counts


MODERN = FIXTURES / "wordpress-1.2.xml"
BLOCK_EDITOR_TYPES = [
    "wp_block",
    "wp_template",
    "wp_template_part",
    "wp_navigation",
    "wp_global_styles",
    "custom_css",
    "customize_changeset",
    "oembed_cache",
    "user_request",
]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "namespace",
    [
        "https://wordpress.org/export/1.2/",
        "http://wordpress.org/export/1.2/",
        "http://wordpress.org/export/1.1/",
        "http://wordpress.org/export/1.0/",
        "https://arsip.example.id/wxr/",  # whatever the file binds to wp:
    ],
)
def test_exports_are_read_by_their_prefixes_whatever_namespace_they_bind(tmp_path, namespace):
    path = tmp_path / "ekspor.xml"
    path.write_text(MODERN.read_text().replace("https://wordpress.org/export/1.2/", namespace))

    report = run(path)

    assert (report.imported, report.failed) == (2, 0)
    assert report.skipped_kinds == {
        "page": 1,
        "attachment": 1,
        "menu": 1,
        **dict.fromkeys(BLOCK_EDITOR_TYPES, 1),
    }
    published = Article.objects.get(import_id="11")
    assert published.title == "Jalan Desa Diperbaiki Sebelum Musim Hujan"
    assert published.status == Article.Status.PUBLISHED
    assert published.published_at == datetime(2024, 2, 1, 2, 30, tzinfo=UTC)
    assert (published.slug, published.lead) == (
        "jalan-desa-diperbaiki",
        "Warga memperbaiki jalan desa.",
    )
    assert published.section.name == "Daerah"
    assert published.authors.get().name == "Dewi Lestari"
    draft = Article.objects.get(import_id="12")
    assert (draft.status, draft.published_at) == (Article.Status.DRAFT, None)
    assert Article.objects.count() == 2  # nothing else became an article


@pytest.mark.django_db
@pytest.mark.parametrize("post_type", [*BLOCK_EDITOR_TYPES, "wp_font_family", "product"])
def test_any_other_type_is_skipped_and_counted_under_its_own_name(tmp_path, post_type):
    path = tmp_path / "ekspor.xml"
    path.write_text(
        MODERN.read_text().replace(
            "<![CDATA[post]]></wp:post_type>", f"<![CDATA[{post_type}]]></wp:post_type>", 1
        )
    )

    report = run(path)

    assert report.imported == 1
    assert report.skipped_kinds[post_type] == 1 + (post_type in BLOCK_EDITOR_TYPES)
    assert not Article.objects.filter(import_id="11").exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["xxe.xml", "billion-laughs.xml"])
def test_entity_attacks_are_refused_and_nothing_is_imported(name):
    report = run(FIXTURES / name)

    assert report.failed == 1
    assert "refused" in report.problems[0].message
    assert not Article.objects.exists()


@pytest.mark.django_db
def test_malformed_xml_is_refused_whole_even_the_items_before_the_fault():
    report = run(FIXTURES / "wordpress-rusak.xml")

    assert (report.imported, report.failed) == (0, 1)
    [problem] = report.problems
    assert "not well-formed XML" in problem.message
    assert str(problem.location).startswith(f"{FIXTURES / 'wordpress-rusak.xml'}, line ")
    assert not Article.objects.exists()


def write_large_export(path, *, cut_off=False):
    """A 20 MB export of 1,000 posts; cut off, it stops in the middle of the last one."""
    comment = "komentar pembaca yang panjang " * 700  # 20 KB a post, read and dropped
    with path.open("w", encoding="utf-8") as stream:
        stream.write('<rss xmlns:wp="http://wordpress.org/export/1.2/" ')
        stream.write('xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel>')
        for number in range(1, 1001):
            stream.write(
                f"<item><title>Berita {number}</title><wp:post_id>{number}</wp:post_id>"
                f"<content:encoded>Isi singkat.</content:encoded>"
                f"<wp:comment><wp:comment_content>{comment}</wp:comment_content></wp:comment>"
            )
            if cut_off and number == 1000:
                return path
            stream.write("<wp:status>publish</wp:status><wp:post_type>post</wp:post_type></item>")
        stream.write("</channel></rss>")
    return path


@pytest.mark.parametrize(("cut_off", "items"), [(False, 2000), (True, 1)])
def test_a_large_export_is_checked_and_read_without_holding_it_in_memory(tmp_path, cut_off, items):
    export = write_large_export(tmp_path / "besar.xml", cut_off=cut_off)

    tracemalloc.start()
    try:
        count, first = 0, None
        for item in read([str(export)]):  # counted, not kept
            count, first = count + 1, first or item
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    # A record and a skipped comment per post; cut off, only the refusal of the whole file.
    assert count == items
    if cut_off:
        assert "the file ends before its XML does" in first.message
    assert export.stat().st_size > 20_000_000
    assert peak < 2_000_000
