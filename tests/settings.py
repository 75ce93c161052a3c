"""Test settings: the real settings, plus what only tests need."""

import os

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-secret-key-not-for-any-deployment")

from newsroom.settings import *  # noqa: E402, F403

# Hashing passwords slowly protects real accounts; tests create many throwaway ones.
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
MEDIA_ROOT = Path(os.environ.get("NEWSROOM_TEST_MEDIA_ROOT", "/tmp/newsroom-test-media"))  # noqa: F405
CACHES = {
    alias: {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests"}
    for alias in ("default", "readers")
}
# Views are tested rendering; tests/caching/test_page_cache.py turns the page cache on for itself.
NEWSROOM_PAGE_CACHE_SECONDS = 0
NEWSROOM_FRAGMENT_CACHE_SECONDS = 0
# One test process serves every request, so its own memory is a shared cache here; the
# check against a per-process cache (tests/caching/test_shared_cache.py) would stop the commands
# the tests run in subprocesses.
SILENCED_SYSTEM_CHECKS = ["newsroom.E001"]
