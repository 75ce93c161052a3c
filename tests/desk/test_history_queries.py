"""Comparing two versions costs the same queries however many tags, authors and links."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from reversion.models import Version

from articles.models import Article
from tests.desk_helpers import ADD_URL, article_form_data, change_url
from tests.helpers import make_article, make_author, make_tag

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]


def saved_twice(client, slug, count):
    """An article saved in the desk, then saved again with `count` tags, authors and links.

    Returns the tags, authors and linked articles, and the address comparing the two.
    """
    tags = [make_tag(name=f"Topik {slug} {number}") for number in range(count)]
    authors = [make_author(name=f"Wartawan {slug} {number}") for number in range(count)]
    targets = [make_article(title=f"Bacaan {slug} {number}") for number in range(count)]
    client.post(ADD_URL, article_form_data(title="Berita", slug=slug))
    article = Article.objects.get(slug=slug)
    client.post(
        change_url(article),
        article_form_data(
            article,
            tags=[tag.pk for tag in tags],
            authors=[author.pk for author in authors],
            links=[
                {"position": 1, "target": target.pk, "order": n} for n, target in enumerate(targets)
            ],
        ),
    )
    older, newer = Version.objects.get_for_object(article).order_by("pk")
    url = f"/admin/articles/article/{article.pk}/history/compare/?older={older.pk}&newer={newer.pk}"
    return tags, authors, targets, url


def test_comparing_costs_the_same_queries_for_one_tag_or_eight(
    editor_client, django_assert_num_queries
):
    one = saved_twice(editor_client, "satu", 1)
    eight = saved_twice(editor_client, "delapan", 8)
    editor_client.get(one[-1])  # the first page of a session reads what every page reads

    with CaptureQueriesContext(connection) as queries:
        editor_client.get(one[-1])
    with django_assert_num_queries(len(queries)):
        response = editor_client.get(eight[-1])

    page = response.content.decode()
    tags, authors, targets, _url = eight
    assert response.status_code == 200
    assert f"<ins>{', '.join(tag.name for tag in tags)}</ins>" in page
    assert f"<ins>{', '.join(author.name for author in authors)}</ins>" in page
    assert all(f"1: {target.title}" in page for target in targets)
