import pytest
from django.core.cache import cache

from caching.copies import copies


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, as after a deploy."""
    cache.clear()
    copies.forget()
    yield
    cache.clear()
    copies.forget()
