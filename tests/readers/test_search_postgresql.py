"""Indonesian full-text search: stemming and ranking, on PostgreSQL (CI runs both databases)."""

from datetime import timedelta

import pytest
from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest
from django.utils import timezone

from articles.models import Article
from caching import schedule
from readers.search import search, snippet_for
from tests.helpers import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="stemming needs PostgreSQL's indonesian config"
    ),
]


def found(words):
    return [a.title for a in search(Article.objects.published(), words)]


def test_a_noun_finds_an_article_that_only_uses_the_verb():
    make_article(title="Pasukan bergerak", lead="", body="<p>Mereka menyerang pos penjagaan.</p>")
    make_article(title="Cuaca cerah", body="<p>Tidak ada kabar lain.</p>")
    assert found("serangan") == ["Pasukan bergerak"]


def test_a_verb_finds_an_article_that_only_uses_the_noun():
    make_article(title="Kerja bakti", lead="", body="<p>Pembersihan sungai berlangsung sehari.</p>")
    assert found("membersihkan") == ["Kerja bakti"]


def test_a_title_match_outranks_a_lead_match_which_outranks_a_body_match():
    body_hit = make_article(title="Kabar sore", lead="Ringkas.", body="<p>Nelayan pulang.</p>")
    lead_hit = make_article(title="Kabar pagi", lead="Nelayan melaut.", body="<p>Ombak.</p>")
    title_hit = make_article(title="Nelayan Muncar", lead="Ringkas.", body="<p>Ombak.</p>")
    assert found("nelayan") == [title_hit.title, lead_hit.title, body_hit.title]


def test_matches_in_the_body_alone_come_newest_first_after_title_and_lead_matches():
    now = timezone.now()
    often = make_article(
        title="Kabar lama",
        lead="Ringkas.",
        body="<p>Nelayan, nelayan, nelayan dan nelayan lagi.</p>",
        published_at=now - timedelta(days=3),
    )
    once = make_article(
        title="Kabar baru", lead="Ringkas.", body="<p>Nelayan pulang.</p>", published_at=now
    )
    lead_hit = make_article(
        title="Kabar lawas",
        lead="Nelayan melaut.",
        body="<p>Ombak.</p>",
        published_at=now - timedelta(days=9),
    )
    assert found("nelayan") == [lead_hit.title, once.title, often.title]


def test_the_ranking_follows_edits_of_the_title():
    first = make_article(title="Kabar pagi", lead="Nelayan melaut.", body="<p>Ombak.</p>")
    second = make_article(title="Kabar sore", lead="Ringkas.", body="<p>Nelayan pulang.</p>")
    assert found("nelayan") == [first.title, second.title]
    second.title = "Nelayan pulang sore"
    second.save()
    assert found("nelayan") == [second.title, first.title]


def test_articles_saved_before_the_ranking_vector_existed_are_ranked_after_the_migration():
    body_hit = make_article(title="Kabar sore", lead="Ringkas.", body="<p>Nelayan pulang.</p>")
    title_hit = make_article(title="Nelayan Muncar", lead="Ringkas.", body="<p>Ombak.</p>")
    with connection.cursor() as cursor:
        # The rows' deferred foreign-key checks would forbid altering their table.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0006_list_order_indexes")])
    executor.loader.build_graph()
    executor.migrate([("articles", "0007_search_rank_vector")])
    assert found("nelayan") == [title_hit.title, body_hit.title]
    assert not Article.objects.filter(rank_vector__isnull=True).exists()


def test_the_search_vector_follows_edits():
    article = make_article(title="Judul awal", body="<p>Tentang padi.</p>")
    assert found("jagung") == []
    article.body = "<p>Tentang jagung.</p>"
    article.save()
    assert found("jagung") == ["Judul awal"]


def test_search_can_use_the_gin_index():
    for number in range(50):
        make_article(title=f"Berita {number}", body=f"<p>Isi nomor {number}.</p>")
    make_article(title="Banjir bandang", body="<p>Air naik.</p>")
    with connection.cursor() as cursor:
        # A test table is tiny; keep the planner from preferring a scan of every row.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        query = SearchQuery("banjir", config="indonesian")
        plan = Article.objects.filter(search_vector=query).explain()
    assert "articles_article_search_gin" in plan


def test_a_search_page_costs_the_same_queries_for_any_number_of_results(
    client, django_assert_num_queries
):
    for number in range(30):
        make_article(title=f"Banjir Rob Melanda Pesisir {number}")
    schedule.check(HttpRequest())  # read once per change to an article, not per page
    # The frame's sections, pages and banner, then the page of results with their count.
    with django_assert_num_queries(4):
        response = client.get("/cari/", {"q": "banjir"})
    assert response.context["paginator"].count == 30
    assert len(response.context["articles"]) == 20


def snippets(words):
    return [
        snippet_for(article.snippet_raw, words)
        for article in search(Article.objects.published(), words)
    ]


def test_a_lead_holding_every_word_is_the_snippet():
    make_article(
        title="Kabar pagi",
        lead="Nelayan Muncar melaut lagi setelah badai reda.",
        body="<p>Para nelayan menyiapkan jaring sejak subuh.</p>",
    )
    [snippet] = snippets("nelayan")
    assert snippet.startswith("<mark>Nelayan</mark> Muncar melaut lagi setelah badai reda")
    assert "jaring" not in snippet


def test_words_found_past_the_lead_are_shown_where_they_stand_in_the_body():
    make_article(
        title="Kabar pagi",
        lead="Ringkasan singkat.",
        body="<p>Cuaca cerah.</p><p>Para <em>nelayan</em> menyiapkan jaring sejak subuh.</p>",
    )
    [snippet] = snippets("nelayan jaring")
    assert snippet.startswith("Ringkasan singkat. Cuaca cerah. Para <mark>nelayan</mark>")
    assert "<mark>jaring</mark>" in snippet
    assert "<em>" not in snippet
