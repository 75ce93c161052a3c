"""The news moving behind Varnish: what an editor publishes or takes down reaches readers at
the edge within a second, and a page that shows neither stays in Varnish's cache.

The real site under gunicorn on PostgreSQL, with Varnish and the shipped VCL in front, and
purges sent by the site's own saves (tests/edge/conftest.py).
"""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from tests.desk_helpers import make_editor
from tests.edge.test_varnish_config import needs_postgresql, twice
from tests.helpers import make_article, make_section, make_tag
from tests.servers import wait_until
from tests.tasks import waiting
from tests.varnish import within_a_second

pytestmark = [pytest.mark.slow, needs_postgresql]


def purges_sent():
    """Wait until the worker beside the site has sent every purge enqueued so far."""
    wait_until(
        lambda: (
            not waiting("caching.tasks.send_purge").exists()
            and not DBTaskResult.objects.running().exists()
        ),
        "purges sent",
    )


def test_a_publish_shows_on_the_list_at_the_edge_and_an_unrelated_page_stays_a_hit(edge_site):
    edge = edge_site.edge
    politics, sport = make_section(name="Politik"), make_section(name="Olahraga")
    make_article(title="Sidang Kabinet Dimulai", section=politics)
    archive = make_article(
        title="Timnas Juara Piala AFF",
        section=sport,
        tags=[make_tag(name="Sepak Bola")],
        published_at=timezone.now() - timedelta(days=30),
    )
    purges_sent()  # those of the setup, which would otherwise empty the pages kept below
    assert twice(edge, "/berita/")[0] == ["MISS", "HIT"]
    assert twice(edge, archive.get_absolute_url())[0] == ["MISS", "HIT"]

    make_article(title="Presiden Lantik Menteri Baru", section=politics)

    assert within_a_second(lambda: "Presiden Lantik Menteri Baru" in edge.get("/berita/").text)
    assert edge.get(archive.get_absolute_url()).cache == "HIT"


def test_a_takedown_answers_410_at_the_edge_within_a_second(edge_site):
    edge = edge_site.edge
    story = make_article(title="Pejabat Diduga Korupsi Dana Desa")
    address = story.get_absolute_url()
    purges_sent()
    assert twice(edge, "/")[0] == ["MISS", "HIT"]
    assert twice(edge, address)[0] == ["MISS", "HIT"]

    story.take_down("Dicabut: tuduhan belum terverifikasi.", by=make_editor())

    assert within_a_second(lambda: edge.get(address).status == 410)
    assert "Dicabut: tuduhan belum terverifikasi." in edge.get(address).text
    assert within_a_second(lambda: story.title not in edge.get("/").text)
