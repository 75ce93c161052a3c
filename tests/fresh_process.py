"""Settings come from the environment: code and commands run here in a fresh interpreter,
with none of the test run's own DJANGO_, DATABASE_, REDIS_ or NEWSROOM_ variables."""

import json
import os
import subprocess
import sys
from pathlib import Path

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
