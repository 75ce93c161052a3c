"""Every response carries the security headers; foreign hosts are refused."""

import pytest
from django.test import Client

from tests.helpers import make_article, make_image, make_section, make_tag

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(db):
    section, tag = make_section(slug="nasional"), make_tag(slug="banjir")
    return make_article(section=section, tags=[tag], featured_image=make_image())


PAGES = [
    "/",
    "/berita/",
    "/cari/?q=x",
    "/rubrik/nasional/",
    "/feed/",
    "/sitemap.xml",
    "/robots.txt",
]


def test_every_page_and_the_admin_carry_the_security_headers(article, admin_user):
    client = Client()
    pages = [*PAGES, article.get_absolute_url(), "/admin/login/", "/halaman-tidak-ada/"]
    for url in pages:
        response = client.get(url)
        assert response["X-Content-Type-Options"] == "nosniff", url
        assert response["X-Frame-Options"] == "DENY", url
        assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", url
        assert response["Cross-Origin-Opener-Policy"] == "same-origin", url
    client.force_login(admin_user)
    for url in [
        "/admin/",
        "/admin/articles/article/",
        f"/admin/articles/article/{article.pk}/change/",
    ]:
        policy = client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy, url


def test_production_adds_hsts_and_redirects_to_https(settings, article):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    client = Client()
    assert client.get("/").status_code == 301
    secure = client.get("/", HTTP_X_FORWARDED_PROTO="https")
    assert secure["Strict-Transport-Security"].startswith("max-age=31536000")


def test_a_foreign_host_is_refused_and_never_ends_up_in_absolute_addresses(article):
    client = Client()
    for url in ["/", "/feed/", "/sitemap.xml", "/sitemap-news.xml", article.get_absolute_url()]:
        response = client.get(url, HTTP_HOST="evil.example")
        assert response.status_code == 400, url
        assert b"evil.example" not in response.content
    feed = client.get("/feed/").content.decode()
    assert "evil.example" not in feed and "http://testserver/" in feed


def test_uploaded_pictures_are_served_with_their_real_type_and_nosniff(article):
    image = article.featured_image
    for name in [image.file.name, image.renditions[0]["webp"]]:
        response = Client().get(f"/media/{name}")
        assert response.status_code == 200
        assert response["Content-Type"] == (
            "image/webp" if name.endswith(".webp") else "image/jpeg"
        )
        assert response["X-Content-Type-Options"] == "nosniff"
    assert Client().get("/media/../settings.py").status_code in (400, 404)
