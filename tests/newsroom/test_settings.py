"""Settings come from the environment; each case runs in a fresh interpreter."""

import pytest

from tests.fresh_process import PRODUCTION, READ_SETTINGS, read_settings, run


@pytest.mark.slow
def test_defaults_are_sqlite_local_memory_cache_jakarta_and_indonesian():
    values = read_settings(DJANGO_DEBUG="1")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["tz"] == "Asia/Jakarta"
    assert values["language"] == "id"
    assert values["sunday"] == "Minggu"


@pytest.mark.slow
def test_database_url_selects_postgresql_with_health_checks():
    values = read_settings(**PRODUCTION, DATABASE_URL="postgres://news:pw@db.internal:5432/berita")
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "berita"
    assert values["health"] is True


@pytest.mark.slow
def test_redis_url_selects_the_shared_cache():
    values = read_settings(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/1")
    assert values["cache"] == "django_redis.cache.RedisCache"


@pytest.mark.slow
def test_debug_off_requires_a_secret_key():
    result = run(READ_SETTINGS, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_sunday_name_accepts_only_minggu_or_ahad():
    assert read_settings(DJANGO_DEBUG="1", NEWSROOM_SUNDAY_NAME="Ahad")["sunday"] == "Ahad"
    result = run(READ_SETTINGS, DJANGO_DEBUG="1", NEWSROOM_SUNDAY_NAME="Ahat")
    assert result.returncode != 0


@pytest.mark.slow
def test_production_settings_pass_the_deploy_check():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        DJANGO_HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.slow
def test_without_https_a_debug_off_site_does_not_redirect_to_tls():
    values = read_settings(**PRODUCTION)
    assert values["debug"] is False
    assert values["ssl_redirect"] is False
    assert values["hosts"] == ["berita.example.id"]


@pytest.mark.django_db
def test_pages_carry_security_headers_and_a_strict_content_security_policy(client):
    response = client.get("/")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response.headers["Referrer-Policy"] == "strict-origin-when-cross-origin"
