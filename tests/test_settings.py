"""Settings come from the environment; each case runs in a fresh interpreter."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
PRODUCTION = {
    "DJANGO_DEBUG": "0",
    "DJANGO_SECRET_KEY": "a-long-random-production-secret-key-0123456789-abcdefghijklmnop",
    "DJANGO_ALLOWED_HOSTS": "berita.example.id",
}
READ_SETTINGS = """
import json
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "health": db["CONN_HEALTH_CHECKS"],
    "cache": settings.CACHES["default"]["BACKEND"], "debug": settings.DEBUG,
    "hosts": settings.ALLOWED_HOSTS,
    "ssl_redirect": getattr(settings, "SECURE_SSL_REDIRECT", False),
    "tz": settings.TIME_ZONE, "language": settings.LANGUAGE_CODE,
    "sunday": settings.NEWSROOM_SUNDAY_NAME,
}))
"""


def run(code_or_args, **env):
    clean_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_", "NEWSROOM_"))
    }
    clean_env |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings"} | env
    args = code_or_args if isinstance(code_or_args, list) else ["-c", code_or_args]
    return subprocess.run(
        [sys.executable, *args],
        cwd=PROJECT,
        env=clean_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def read_settings(**env):
    result = run(READ_SETTINGS, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_defaults_are_sqlite_local_memory_cache_jakarta_and_indonesian():
    values = read_settings(DJANGO_DEBUG="1")
    assert values["engine"] == "django.db.backends.sqlite3"
    assert values["name"].endswith("db.sqlite3")
    assert values["cache"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["tz"] == "Asia/Jakarta"
    assert values["language"] == "id"
    assert values["sunday"] == "Minggu"


def test_database_url_selects_postgresql_with_health_checks():
    values = read_settings(**PRODUCTION, DATABASE_URL="postgres://news:pw@db.internal:5432/berita")
    assert values["engine"] == "django.db.backends.postgresql"
    assert values["name"] == "berita"
    assert values["health"] is True


def test_redis_url_selects_the_shared_cache():
    values = read_settings(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/1")
    assert values["cache"] == "django_redis.cache.RedisCache"


def test_debug_off_requires_a_secret_key():
    result = run(READ_SETTINGS, DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_sunday_name_accepts_only_minggu_or_ahad():
    assert read_settings(DJANGO_DEBUG="1", NEWSROOM_SUNDAY_NAME="Ahad")["sunday"] == "Ahad"
    result = run(READ_SETTINGS, DJANGO_DEBUG="1", NEWSROOM_SUNDAY_NAME="Ahat")
    assert result.returncode != 0


def test_production_settings_pass_the_deploy_check():
    result = run(
        ["manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        **PRODUCTION,
        DJANGO_HTTPS="1",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


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
