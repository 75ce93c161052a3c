"""A WordPress export keeps its body pictures: those in the operator's media folder become
library pictures in our figures with their captions; a missing, hostile or outside file
leaves a warning and the article without that figure; a second run copies nothing again."""

import re

import pytest
from PIL import Image as PillowImage

from articles.models import Article, Image
from tests import image_files
from tests.helpers import make_image
from transfer.importers import ImportOptions, read
from transfer.importers.save import import_records

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

HEAD = """<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/"
 xmlns:content="http://purl.org/rss/1.0/modules/content/"
 xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel><title>Warta Contoh</title><link>https://wartacontoh.example.id</link>
<wp:base_site_url>https://wartacontoh.example.id</wp:base_site_url>
<item><title>Bakau</title><wp:post_id>501</wp:post_id><wp:post_type>attachment</wp:post_type>
<excerpt:encoded><![CDATA[Bakau di pesisir Demak.]]></excerpt:encoded>
<wp:attachment_url>https://wartacontoh.example.id/wp-content/uploads/2024/05/bakau.jpg</wp:attachment_url>
<wp:postmeta><wp:meta_key>_wp_attached_file</wp:meta_key><wp:meta_value>2024/05/bakau.jpg</wp:meta_value></wp:postmeta>
<wp:postmeta><wp:meta_key>_wp_attachment_image_alt</wp:meta_key>
<wp:meta_value>Hutan bakau di pesisir</wp:meta_value></wp:postmeta>
</item>
"""
POST = """<item><title>{title}</title><wp:post_id>{post_id}</wp:post_id>
<wp:post_type>post</wp:post_type><wp:status>publish</wp:status>
<wp:post_date_gmt>2024-05-02 01:00:00</wp:post_date_gmt>
<content:encoded><![CDATA[{content}]]></content:encoded></item>
"""
TAIL = "</channel></rss>"

BLOCK = (
    '<!-- wp:image {{"id":501}} --><figure class="wp-block-image size-large">'
    '<img src="https://wartacontoh.example.id/wp-content/uploads/2024/05/bakau-1024x683.jpg" '
    'alt="" class="wp-image-501" onerror="alert(1)"/><figcaption>Warga menanam '
    "<em>bakau</em>.</figcaption></figure><!-- /wp:image -->"
)
SHORTCODE = (
    '[caption id="attachment_9" align="aligncenter" width="300"]<a href="/x"><img '
    'src="/wp-content/uploads/2024/05/perahu.png" alt="Perahu nelayan" /></a> Perahu '
    "bersandar di Cilacap[/caption]"
)


def export(tmp_path, *posts):
    path = tmp_path / "ekspor.xml"
    path.write_text(HEAD + "".join(POST.format(**post) for post in posts) + TAIL)
    return path


@pytest.fixture
def media(tmp_path):
    folder = tmp_path / "uploads" / "2024" / "05"
    folder.mkdir(parents=True)
    PillowImage.new("RGB", (300, 200), (20, 120, 40)).save(folder / "bakau.jpg")
    PillowImage.new("RGB", (200, 200), (20, 40, 160)).save(folder / "perahu.png")
    return tmp_path / "uploads"


def run(path, media_dir):
    return import_records(read([str(path)], options=ImportOptions(media_dir=media_dir)))


def figures_of(body):
    return re.findall(r'<figure data-image="(\d+)">(.*?)</figure>', body)


def test_block_and_shortcode_pictures_become_library_pictures_in_our_figures(tmp_path, media):
    content = f"Paragraf pembuka.\n\n{BLOCK}\n\nDi tengah.\n\n{SHORTCODE}\n\nPenutup."
    report = run(export(tmp_path, {"title": "Pesisir", "post_id": "1", "content": content}), media)

    assert report.imported == 1
    body = Article.objects.get(import_id="1").body
    [(first_id, first), (second_id, second)] = figures_of(body)
    bakau, perahu = Image.objects.get(pk=first_id), Image.objects.get(pk=second_id)
    assert (perahu.width, perahu.caption) == (200, "Perahu bersandar di Cilacap")
    # The original, not WordPress's smaller copy; the attachment's alt text when the img had none.
    assert (bakau.width, bakau.alt_text) == (300, "Hutan bakau di pesisir")
    assert "<figcaption>Warga menanam bakau.</figcaption>" in first
    assert 'alt="Perahu nelayan"' in second and "Perahu bersandar di Cilacap" in second
    assert "onerror" not in body and "wartacontoh" not in body
    assert body.startswith("<p>Paragraf pembuka.</p><figure")
    assert not [p for p in report.problems if "picture" in p.message]


def test_a_second_run_copies_no_picture_again_and_changes_nothing(tmp_path, media):
    path = export(tmp_path, {"title": "Pesisir", "post_id": "1", "content": f"Awal.\n\n{BLOCK}"})
    run(path, media)
    body = Article.objects.get(import_id="1").body

    report = run(path, media)

    assert (report.unchanged, report.updated) == (1, 0)
    assert Image.objects.count() == 1
    assert Article.objects.get(import_id="1").body == body


@pytest.mark.parametrize(
    ("img", "reason"),
    [
        (
            '<img src="https://evil.example/wp-content/uploads/2024/05/hilang.jpg">',
            "not in the media folder",
        ),
        ('<img src="/wp-content/uploads/../../../../etc/passwd">', "not in the media folder"),
        ('<img src="/wp-content/uploads/2024/05/skrip.jpg" alt="x">', "missing or not a picture"),
        ('<img src="javascript:alert(1)">', "not in the media folder"),
    ],
    ids=["missing", "outside", "script-as-picture", "javascript"],
)
def test_a_bad_body_picture_is_a_warning_and_the_article_comes_without_it(
    tmp_path, media, img, reason
):
    (media / "2024" / "05" / "skrip.jpg").write_bytes(image_files.SVG_WITH_SCRIPT)
    content = f"Awal.\n\n{img}\n\n{BLOCK}\n\nAkhir."

    report = run(export(tmp_path, {"title": "Pesisir", "post_id": "1", "content": content}), media)

    assert report.imported == 1
    body = Article.objects.get(import_id="1").body
    assert len(figures_of(body)) == 1  # the good one
    assert body.startswith("<p>Awal.</p><figure") and body.endswith("<p>Akhir.</p>")
    [warning] = [p for p in report.problems if "picture in the body" in p.message]
    assert reason in warning.message and not warning.failed
    assert "item 2" in str(warning.location)


def test_without_a_media_folder_pictures_are_left_out_with_one_warning(tmp_path):
    content = f"Awal.\n\n{BLOCK}\n\n{SHORTCODE}"
    report = run(export(tmp_path, {"title": "Pesisir", "post_id": "1", "content": content}), None)

    assert Article.objects.get(import_id="1").body == "<p>Awal.</p>"
    assert [p.message for p in report.problems] == [
        "2 pictures in the body left out: no media folder given (--media-dir)"
    ]
    assert not Image.objects.exists()


def test_an_export_cannot_point_at_our_own_library(tmp_path, media):
    ours = make_image(alt_text="Milik kami")
    content = f'Awal.\n\n<figure data-image="{ours.pk}"><figcaption>Palsu</figcaption></figure>'

    run(export(tmp_path, {"title": "Pesisir", "post_id": "1", "content": content}), media)

    assert "data-image" not in Article.objects.get(import_id="1").body
