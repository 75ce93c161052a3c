import pytest
from django.core.cache import caches

from tests.desk_helpers import make_editor

# A local oEmbed server standing in for the embed providers, and its fixtures.
pytest_plugins = ["tests.oembed_server"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes uploads to its own folder."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with empty caches, as after a deploy."""
    for cache in caches.all():
        cache.clear()
    yield
    for cache in caches.all():
        cache.clear()


@pytest.fixture
def editor():
    """A member of the desk's Editor role (username "redaktur")."""
    return make_editor()


@pytest.fixture
def editor_client(client, editor):
    """`client`, logged in as `editor` (so the same client: in modules where `client` reads
    the desk in English, this one does too). For an editor beside an anonymous `client`,
    see `separate_editor_client` in tests/desk/conftest.py."""
    client.force_login(editor)
    return client
