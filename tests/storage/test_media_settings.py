"""NEWSROOM_S3_* choose where media lives; each case reads the settings in a fresh interpreter
(tests/fresh_process.py), as a deployment would."""

import json

import pytest

from tests.fresh_process import run

pytestmark = pytest.mark.slow  # a fresh interpreter each

READ_MEDIA = """
import json
import django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
from django.urls import Resolver404, resolve
try:
    resolve("/media/images/2026/01/foto.jpg")
    served = True
except Resolver404:
    served = False
print(json.dumps({
    "backend": settings.STORAGES["default"]["BACKEND"],
    "url": default_storage.url("images/2026/01/foto.jpg"),
    "img_src": [str(s) for s in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]],
    "served_by_the_app": served,
}))
"""


def read_media(**env):
    result = run(READ_MEDIA, DJANGO_DEBUG="1", **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_by_default_media_is_the_local_folder_served_by_the_app():
    values = read_media()
    assert values["backend"] == "django.core.files.storage.FileSystemStorage"
    assert values["url"] == "/media/images/2026/01/foto.jpg"
    assert values["img_src"] == ["'self'", "data:"]
    assert values["served_by_the_app"] is True


def test_a_local_s3_server_with_a_public_address_over_http():
    values = read_media(
        NEWSROOM_S3_BUCKET="newsroom",
        NEWSROOM_S3_ENDPOINT_URL="http://127.0.0.1:9000",
        NEWSROOM_S3_PUBLIC_DOMAIN="http://127.0.0.1:9000/newsroom/",
        NEWSROOM_S3_PREFIX="media",
    )
    assert values["backend"] == "storages.backends.s3.S3Storage"
    assert values["url"] == "http://127.0.0.1:9000/newsroom/media/images/2026/01/foto.jpg"
    assert values["img_src"] == ["'self'", "data:", "http://127.0.0.1:9000"]
    assert values["served_by_the_app"] is False


def test_without_a_public_domain_minio_is_addressed_by_path():
    values = read_media(
        NEWSROOM_S3_BUCKET="newsroom",
        NEWSROOM_S3_ENDPOINT_URL="http://minio.internal:9000",
    )
    assert values["url"] == "http://minio.internal:9000/newsroom/images/2026/01/foto.jpg"
    assert values["img_src"][-1] == "http://minio.internal:9000"
    assert values["served_by_the_app"] is False


def test_a_cdn_in_front_of_the_bucket_is_https():
    values = read_media(
        NEWSROOM_S3_BUCKET="warta-media",
        NEWSROOM_S3_REGION="ap-southeast-3",
        NEWSROOM_S3_PUBLIC_DOMAIN="media.warta.example.id",
        NEWSROOM_SERVE_MEDIA="1",  # ignored: the object store serves the files
    )
    assert values["url"] == "https://media.warta.example.id/images/2026/01/foto.jpg"
    assert values["img_src"] == ["'self'", "data:", "https://media.warta.example.id"]
    assert values["served_by_the_app"] is False
