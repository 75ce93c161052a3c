"""The real task worker (`manage.py db_worker`, as `make run` and deploy/systemd start it)
makes an uploaded picture's renditions after the upload has returned, and the page readers
were already shown with the original shows them.

gunicorn-style: the worker is a subprocess on pytest-django's PostgreSQL test database
(tests/servers.py), sharing a folder cache with this process, as app servers and workers
share Redis in production.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles.models import Image
from tests import image_files
from tests.helpers import make_article
from tests.servers import POSTGRESQL, db_worker, settings_module_env, wait_until

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not POSTGRESQL,
        reason="the worker subprocess can open the test database only on PostgreSQL",
    ),
]


def test_an_uploaded_picture_gets_its_renditions_from_the_worker_and_the_page_shows_them(
    settings, transactional_db, admin_user, client, tmp_path
):
    caches = {
        alias: {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
        for alias in ("default", "readers")
    }
    settings.CACHES = caches
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.MEDIA_ROOT = tmp_path / "media"
    desk = type(client)()
    desk.force_login(admin_user)
    upload = SimpleUploadedFile("sungai.jpg", image_files.jpeg(1400, 700))
    response = desk.post(
        "/admin/articles/image/add/",
        {"file": upload, "alt_text": "Warga di tepi sungai", "caption": "", "credit": ""},
    )
    assert response.status_code == 302
    image = Image.objects.get()
    assert image.renditions == []
    story = make_article(title="Sungai Meluap", featured_image=image)

    # Before any worker ran: the original, at its size, never a broken picture.
    page = client.get(story.get_absolute_url()).content.decode()
    assert f'src="{image.file.url}"' in page
    assert 'width="1400" height="700"' in page
    assert "<picture>" not in page
    # The page is kept: a change that moves no key (an update() sends no signal) is not shown.
    Image.objects.filter(pk=image.pk).update(alt_text="Warga di tepi sungai yang meluap")
    assert "yang meluap" not in client.get(story.get_absolute_url()).content.decode()

    env = settings_module_env(tmp_path, "worker_settings", CACHES=caches)
    with db_worker(env, tmp_path / "worker.log", queues="default") as worker:
        wait_until(lambda: Image.objects.get().renditions, "renditions made by the worker", worker)
    image.refresh_from_db()
    assert [r["width"] for r in image.renditions] == [320, 640, 1024, 1400]
    assert all(image.file.storage.exists(r["webp"]) for r in image.renditions)

    # The page kept with the original is made again: the picture's key moved on.
    page = client.get(story.get_absolute_url()).content.decode()
    assert "<picture>" in page
    assert "yang meluap" in page
    assert image.webp_srcset in page
    assert 'width="1400" height="700"' in page
