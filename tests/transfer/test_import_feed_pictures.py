"""A feed's picture (media:content, or an enclosure that is an image) becomes the featured
image when its file is in the operator's media folder; nothing is ever fetched for it."""

import pytest
from PIL import Image as PillowImage

from articles.models import Article, Image
from tests import image_files
from transfer.importers import ImportOptions, read
from transfer.importers.save import import_records

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("in_english")]

FEED = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<title>Kantor Berita Contoh</title><link>https://kabar.example.id/</link>
<item><title>Sawah terendam di Demak</title><link>https://kabar.example.id/sawah</link>
<guid>sawah-1</guid><pubDate>Thu, 02 May 2024 08:00:00 +0700</pubDate>
<description>Ratusan hektare sawah terendam.</description>
<media:content url="https://cdn.kabar.example.id/uploads/2024/05/sawah.jpg" medium="image">
<media:credit>Foto: Kabar/Rina</media:credit></media:content></item>
<item><title>Jembatan baru dibuka</title><link>https://kabar.example.id/jembatan</link>
<guid>jembatan-1</guid><pubDate>Thu, 02 May 2024 09:00:00 +0700</pubDate>
<description>Jembatan dibuka.</description>
<enclosure url="https://cdn.kabar.example.id/uploads/2024/05/jembatan.png"
 type="image/png" length="100"/>
</item>
<item><title>Siaran radio</title><link>https://kabar.example.id/radio</link>
<guid>radio-1</guid><pubDate>Thu, 02 May 2024 10:00:00 +0700</pubDate>
<description>Dengarkan.</description>
<enclosure url="https://cdn.kabar.example.id/uploads/2024/05/siaran.mp3"
 type="audio/mpeg" length="100"/>
</item>
</channel></rss>
"""


def run(tmp_path, media_dir):
    path = tmp_path / "kabar.xml"
    path.write_text(FEED)
    return import_records(read([str(path)], options=ImportOptions(media_dir=media_dir)))


@pytest.fixture
def media(tmp_path):
    folder = tmp_path / "media" / "2024" / "05"
    folder.mkdir(parents=True)
    PillowImage.new("RGB", (320, 180), (90, 140, 40)).save(folder / "sawah.jpg")
    PillowImage.new("RGB", (200, 100), (40, 40, 140)).save(folder / "jembatan.png")
    return tmp_path / "media"


def featured(guid):
    return Article.objects.get(import_id=guid).featured_image


def test_media_content_and_image_enclosures_become_featured_images(tmp_path, media):
    report = run(tmp_path, media)

    assert report.imported == 3
    sawah, jembatan = featured("sawah-1"), featured("jembatan-1")
    assert (sawah.width, sawah.credit, sawah.alt_text) == (
        320,
        "Foto: Kabar/Rina",
        "Sawah terendam di Demak",
    )
    assert (jembatan.width, jembatan.height) == (200, 100)
    assert featured("radio-1") is None  # a sound is no picture
    assert not report.problems


def test_without_a_media_folder_nothing_is_fetched_nor_stored(tmp_path):
    report = run(tmp_path, None)

    assert report.imported == 3
    assert not Image.objects.exists()
    assert not report.problems


def test_a_picture_not_in_the_folder_or_not_a_picture_is_a_warning(tmp_path, media):
    (media / "2024" / "05" / "jembatan.png").write_bytes(image_files.SVG_WITH_SCRIPT)
    (media / "2024" / "05" / "sawah.jpg").unlink()

    report = run(tmp_path, media)

    assert report.imported == 3 and not Image.objects.exists()
    messages = sorted(p.message for p in report.problems)
    assert "sawah.jpg is not in the media folder" in messages[1]
    assert "jembatan.png is missing or not a picture" in messages[0]
