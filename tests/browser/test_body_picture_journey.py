"""An editor puts a picture in the body through the editor's dialog (alt text required), and
a reader sees it as a responsive figure; a reader walks a gallery by keyboard and link.

The dialog's words are matched in Indonesian or English: the Indonesian ones come with the
translations merged into locale/."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image as PillowImage

from articles.models import Article, GalleryItem
from tests import image_files
from tests.browser.helpers import log_in, watch_console
from tests.desk_helpers import make_editor
from tests.helpers import make_article, make_image

pytestmark = pytest.mark.django_db(transaction=True)

ALT = re.compile(r"Teks alternatif \(wajib\)|Alt text \(required\)")
UPLOAD = re.compile("Atau unggah gambar baru|Or upload a new picture")
SEARCH = re.compile("Cari di pustaka|Search the library")


def test_an_editor_inserts_a_library_picture_and_an_upload_and_a_reader_sees_them(
    new_page, tmp_path
):
    make_editor("redaktur")
    library = make_image(
        file=SimpleUploadedFile("f.jpg", image_files.jpeg(1200, 800)),
        alt_text="Perahu nelayan bersandar di Cilacap",
        caption="Perahu di Cilacap",
        credit="Foto: Redaksi",
    )
    make_image(alt_text="Sawah di Subang", caption="Sawah", credit="Antara")
    upload = tmp_path / "banjir.jpg"
    PillowImage.new("RGB", (640, 480), (40, 90, 160)).save(upload, "JPEG")

    desk = watch_console(new_page())
    log_in(desk, "redaktur")
    desk.goto("/admin/articles/article/add/")
    desk.fill("#id_title", "Nelayan Cilacap Kembali Melaut")
    area = desk.locator(".prose-editor [contenteditable=true]")
    area.click()
    desk.keyboard.type("Cuaca membaik sejak pagi.")
    desk.keyboard.press("Enter")

    # A picture of the library, found by a word of its caption.
    desk.get_by_role("button", name=re.compile("^(Sisipkan gambar|Insert picture)$")).click()
    dialog = desk.locator("dialog.desk-picture-dialog")
    dialog.get_by_label(SEARCH).fill("cilacap")
    dialog.get_by_label(SEARCH).press("Enter")
    dialog.locator(f"button[data-image='{library.pk}']").click()
    assert dialog.get_by_label(ALT).input_value() == library.alt_text
    dialog.get_by_label(re.compile("^(Keterangan|Caption)$")).fill("Perahu-perahu kembali melaut")
    dialog.get_by_role("button", name=re.compile("^(Sisipkan|Insert)$")).click()
    assert desk.locator(".prose-editor figure[data-image] img").count() == 1

    # An upload: refused without alt text, taken with it.
    desk.get_by_role("button", name=re.compile("^(Sisipkan gambar|Insert picture)$")).click()
    dialog = desk.locator("dialog.desk-picture-dialog")
    dialog.get_by_label(UPLOAD).set_input_files(str(upload))
    dialog.get_by_role("button", name=re.compile("^(Sisipkan|Insert)$")).click()
    assert dialog.get_by_role("alert").inner_text() != ""
    assert dialog.is_visible()
    dialog.get_by_label(ALT).fill("Nelayan menarik perahu ke pantai")
    dialog.get_by_label(re.compile("^(Kredit|Credit)$")).fill("Foto: Warga")
    dialog.get_by_role("button", name=re.compile("^(Sisipkan|Insert)$")).click()
    desk.wait_for_selector("dialog.desk-picture-dialog", state="detached")
    assert desk.locator(".prose-editor figure[data-image]").count() == 2

    desk.select_option("#id_status", "published")
    desk.click("input[name=_save]")
    desk.wait_for_url("**/admin/articles/article/")
    assert desk.csp_errors == []

    article = Article.objects.get(title="Nelayan Cilacap Kembali Melaut")
    assert article.body.count("<figure data-image=") == 2

    reader = new_page()
    reader.goto(article.get_absolute_url())
    figures = reader.locator(".article__figure")
    assert figures.count() == 2
    first = figures.nth(0)
    assert first.locator("img").get_attribute("alt") == library.alt_text
    assert "640w" in first.locator("img").get_attribute("srcset")
    assert first.locator("figcaption").inner_text().startswith("Perahu-perahu kembali melaut")
    second = figures.nth(1)
    assert second.locator("img").get_attribute("alt") == "Nelayan menarik perahu ke pantai"
    assert "Foto: Warga" in second.locator(".credit").inner_text()
    assert second.locator("img").get_attribute("loading") == "lazy"


def test_a_reader_walks_a_gallery_by_keyboard_and_by_links(new_page):
    article = make_article(slug="pasar-terapung", title="Pasar Terapung Lok Baintan")
    for number in range(3):
        GalleryItem.objects.create(
            article=article,
            image=make_image(alt_text=f"Pedagang di perahu nomor {number + 1}"),
            position=number,
        )

    reader = watch_console(new_page())
    reader.goto("/berita/pasar-terapung/foto/")
    assert reader.locator(".gallery__picture img").get_attribute("alt").endswith("nomor 1")
    reader.keyboard.press("ArrowRight")  # the small script: the arrow follows "next"
    reader.wait_for_url("**/foto/2/")
    assert reader.locator(".gallery__picture img").get_attribute("alt").endswith("nomor 2")
    # Tab to the third thumbnail and follow it with Enter.
    third = reader.locator(".gallery__thumbs a").nth(2)
    third.focus()
    reader.keyboard.press("Enter")
    reader.wait_for_url("**/foto/3/")
    assert reader.locator(".gallery__picture img").get_attribute("alt").endswith("nomor 3")
    assert reader.locator("a[rel=next]").count() == 0
    assert reader.csp_errors == []

    # Without JavaScript, every picture is still a link away.
    plain = new_page()
    plain.context.set_extra_http_headers({})
    plain.route("**/*.js", lambda route: route.abort())
    plain.goto("/berita/pasar-terapung/foto/")
    plain.click("a[rel=next]")
    plain.wait_for_url("**/foto/2/")
    assert plain.locator(".gallery__thumbs a[aria-current=page]").count() == 1


def test_an_editor_clicks_the_face_and_the_focal_point_is_saved(new_page):
    make_editor("redaktur")
    image = make_image(file=SimpleUploadedFile("f.jpg", image_files.jpeg(800, 400)))

    desk = watch_console(new_page())
    log_in(desk, "redaktur")
    desk.goto(f"/admin/articles/image/{image.pk}/change/")
    picture = desk.locator(".desk-focal__picture img")
    box = picture.bounding_box()
    desk.mouse.click(box["x"] + box["width"] * 0.25, box["y"] + box["height"] * 0.75)
    assert abs(float(desk.input_value("#id_focal_x")) - 0.25) < 0.02
    assert abs(float(desk.input_value("#id_focal_y")) - 0.75) < 0.02
    assert desk.locator(".desk-focal__mark").is_visible()
    # The keyboard's way: the two fields, the mark following them.
    desk.fill("#id_focal_x", "0.6")
    desk.click("input[name=_save]")
    desk.wait_for_url("**/admin/articles/image/")
    assert desk.csp_errors == []

    image.refresh_from_db()
    assert abs(image.focal_x - 0.6) < 1e-9 and abs(image.focal_y - 0.75) < 0.02
