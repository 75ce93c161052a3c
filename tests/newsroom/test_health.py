"""/healthz, what Varnish's probe (deploy/varnish/newsroom.vcl) and load balancers ask."""

import pytest

from tests.fresh_process import run


@pytest.mark.django_db
def test_a_server_that_reaches_its_database_is_healthy(client, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    answer = client.get("/healthz")
    assert answer.status_code == 200
    assert answer.content == b"ok\n"
    assert "no-store" in answer["Cache-Control"]
    assert "xkey" not in answer  # nothing for the cache in front
    assert not answer.cookies


@pytest.mark.slow
def test_a_server_that_cannot_reach_its_database_answers_503():
    result = run(
        "import django; django.setup()\n"
        "from django.test import Client\n"
        "answer = Client().get('/healthz')\n"
        "print(answer.status_code, answer.content.decode().strip())\n",
        DJANGO_DEBUG="1",
        DATABASE_URL="postgres://nobody@127.0.0.1:1/nothing",
        DJANGO_LOG_LEVEL="CRITICAL",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("503 ")
