"""Bylines keep the order the editor set: the first author first, on every reading path."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Author, Byline
from articles.models.querysets import card_byline
from tests.helpers import make_article, make_author

pytestmark = pytest.mark.django_db


def names(authors):
    return [author.name for author in authors]


@pytest.fixture
def trio():
    """Three authors, created in alphabetical order so ids and names agree."""
    return [make_author(name=name) for name in ("Ani Lestari", "Budi Santoso", "Citra Dewi")]


def test_set_byline_keeps_the_order_given_and_the_first_author_comes_first(trio):
    ani, budi, citra = trio
    article = make_article()

    article.set_byline([citra, ani, budi])

    assert names(Article.objects.get(pk=article.pk).authors.all()) == [
        "Citra Dewi",
        "Ani Lestari",
        "Budi Santoso",
    ]
    assert list(article.bylines.values_list("position", flat=True)) == [1, 2, 3]


def test_set_byline_reorders_removes_and_takes_ids(trio):
    ani, budi, citra = trio
    article = make_article()
    article.set_byline([citra, ani, budi])

    article.set_byline([budi.pk, citra.pk])

    assert names(article.authors.all()) == ["Budi Santoso", "Citra Dewi"]
    assert Byline.objects.filter(article=article).count() == 2


def test_set_byline_writes_nothing_when_the_byline_is_already_so(trio, django_assert_num_queries):
    article = make_article()
    article.set_byline(trio)

    with django_assert_num_queries(1):
        article.set_byline(trio)


def test_authors_added_through_the_plain_relation_follow_in_the_order_added(trio):
    ani, budi, citra = trio
    article = make_article()
    for author in (citra, ani):
        article.authors.add(author)
    assert names(article.authors.all()) == ["Citra Dewi", "Ani Lestari"]

    # After a byline set in the desk, an author added without a place comes last.
    article.set_byline([ani, citra])
    article.authors.add(budi)
    assert names(article.authors.all()) == ["Ani Lestari", "Citra Dewi", "Budi Santoso"]


def test_a_list_reads_every_byline_in_order_in_one_query_without_repeats(trio):
    ani, budi, citra = trio
    orders = [[citra, ani, budi], [budi, citra, ani], [ani, citra, budi], [citra, budi, ani]]
    for order in orders:
        make_article().set_byline(order)

    with CaptureQueriesContext(connection) as queries:
        listed = list(Article.objects.for_listing().order_by("pk"))
        bylines = [[name for _pk, name in card_byline(article)] for article in listed]

    assert bylines == [names(order) for order in orders]
    assert [[pk for pk, _name in card_byline(article)] for article in listed] == [
        [author.pk for author in order] for order in orders
    ]
    if connection.vendor == "postgresql":
        assert len(queries.captured_queries) == 1  # read with the rows
    else:
        prefetch = queries.captured_queries[-1]["sql"]
        assert len(queries.captured_queries) == 2
        # One join to the byline rows, the one the relation needs: a second would repeat
        # authors.
        assert prefetch.count("JOIN") == 1


def test_every_path_to_an_article_gives_its_authors_in_byline_order(trio):
    ani, budi, citra = trio
    article = make_article()
    article.set_byline([budi, citra, ani])
    expected = ["Budi Santoso", "Citra Dewi", "Ani Lestari"]

    for found in [
        Article.objects.get(pk=article.pk),
        Article.objects.for_reading().get(pk=article.pk),
        Article.objects.for_listing().get(pk=article.pk),
        Article.objects.prefetch_related("authors").get(pk=article.pk),
    ]:
        assert names(found.authors.all()) == expected
    listed = Article.objects.for_listing().get(pk=article.pk)
    assert [name for _pk, name in card_byline(listed)] == expected
    assert names(Author.objects.filter(articles=article).in_byline_order()) == expected
    # Elsewhere authors keep their own order, by name.
    assert names(Author.objects.all()) == ["Ani Lestari", "Budi Santoso", "Citra Dewi"]


@pytest.mark.django_db(transaction=True)
def test_the_migration_numbers_existing_bylines_in_the_order_readers_saw():
    executor = MigrationExecutor(connection)
    executor.migrate([("articles", "0007_search_rank_vector")])
    old = executor.loader.project_state([("articles", "0007_search_rank_vector")]).apps
    OldArticle, OldAuthor = (
        old.get_model("articles", "Article"),
        old.get_model("articles", "Author"),
    )
    zaki, ani, maya = (
        OldAuthor.objects.create(name=name, slug=name.lower()) for name in ("Zaki", "Ani", "Maya")
    )
    first = OldArticle.objects.create(title="Satu", slug="satu")
    first.authors.add(zaki)
    first.authors.add(maya)
    first.authors.add(ani)
    second = OldArticle.objects.create(title="Dua", slug="dua")
    second.authors.add(maya)

    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())

    assert names(Article.objects.get(pk=first.pk).authors.all()) == ["Ani", "Maya", "Zaki"]
    assert list(Byline.objects.filter(article_id=first.pk).values_list("position", flat=True)) == [
        1,
        2,
        3,
    ]
    assert list(Byline.objects.filter(article_id=second.pk).values_list("position")) == [(1,)]
