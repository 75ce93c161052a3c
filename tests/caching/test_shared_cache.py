"""Every process serving readers shares one cache, Redis or not.

Without Redis the cache used to be each process's own memory while gunicorn runs several
workers: after a takedown saved in one process, 33 of 40 parallel requests still got the
whole article, for up to seven minutes.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.cache import cache

from tests.fresh_process import PRODUCTION, read_settings, run
from tests.helpers import make_article
from tests.servers import POSTGRESQL, get, gunicorn, settings_module_env

needs_postgresql = pytest.mark.skipif(
    not POSTGRESQL, reason="gunicorn's workers can open the test database only on PostgreSQL"
)


@pytest.mark.slow
def test_without_redis_a_debug_off_site_keeps_its_cache_in_a_folder_all_workers_share():
    assert read_settings(**PRODUCTION)["cache"] == (
        "django.core.cache.backends.filebased.FileBasedCache"
    )
    assert read_settings(**PRODUCTION, REDIS_URL="redis://127.0.0.1:6379/9")["cache"] == (
        "django_redis.cache.RedisCache"
    )


@pytest.mark.slow
def test_the_check_refuses_a_per_process_cache_with_debug_off(tmp_path):
    (tmp_path / "local_memory_settings.py").write_text(
        "from newsroom.settings import *  # noqa\n"
        "CACHES = {'default': {'BACKEND': 'django.core.cache.backends.locmem.LocMemCache'}}\n"
    )
    result = run(
        ["manage.py", "check"],
        **PRODUCTION,
        DJANGO_SETTINGS_MODULE="local_memory_settings",
        PYTHONPATH=str(tmp_path),
    )
    assert result.returncode != 0
    assert "newsroom.E001" in result.stderr


def folder_cache(location):
    return {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(location),
        }
    }


@pytest.mark.slow
@needs_postgresql
def test_every_worker_stops_showing_an_article_taken_down_in_another_process(
    settings, transactional_db, tmp_path
):
    from tests.desk_helpers import make_editor

    location = tmp_path / "cache"
    settings.CACHES = folder_cache(location)
    env = settings_module_env(
        tmp_path,
        "folder_settings",
        NEWSROOM_PAGE_CACHE_SECONDS=300,
        NEWSROOM_FRAGMENT_CACHE_SECONDS=300,
        CACHES=folder_cache(location),
    )
    story = make_article(title="Pejabat Diduga Korupsi Dana Desa")
    address = story.get_absolute_url()
    with gunicorn(env, tmp_path / "gunicorn.log", workers=2) as base:
        # Four at a time: both sync workers serve some, and both come to hold the page.
        with ThreadPoolExecutor(max_workers=4) as pool:
            for _ in range(6):
                assert all(status == 200 for status, _ in pool.map(get, [base + address] * 4))
        story.take_down("Dicabut: tuduhan belum terverifikasi.", by=make_editor())
        with ThreadPoolExecutor(max_workers=4) as pool:
            answers = list(pool.map(get, [base + address] * 40))
    cache.clear()
    assert [status for status, _ in answers] == [410] * 40
    assert not any("Dana Desa" in text and "Dicabut" not in text for _, text in answers)
