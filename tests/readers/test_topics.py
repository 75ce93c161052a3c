"""Topic pages: one story followed over weeks, with its feed, and its articles linking on."""

import json
import re
from datetime import timedelta

import pytest
from django.core.cache import caches
from django.test import Client
from django.utils import timezone

from articles.models import Article, Topic, TopicArticle
from tests.desk_helpers import make_writer
from tests.helpers import make_article

pytestmark = pytest.mark.django_db


def days_ago(days):
    return timezone.now() - timedelta(days=days)


@pytest.fixture
def topic():
    topic = Topic.objects.create(
        title="Pemilu 2029", slug="pemilu-2029", introduction="Liputan pemilu.\n\nDari KPU."
    )
    for days, title in [(3, "Pendaftaran Calon"), (1, "Debat Pertama"), (2, "Kampanye Dimulai")]:
        TopicArticle.objects.create(
            topic=topic, article=make_article(title=title, published_at=days_ago(days))
        )
    return topic


def titles(response):
    return [article.title for article in response.context["articles"]]


def test_a_topic_lists_its_published_articles_newest_first(client, topic):
    draft = make_article(title="Naskah Rahasia", status=Article.Status.DRAFT, published_at=None)
    TopicArticle.objects.create(topic=topic, article=draft)
    make_article(title="Berita Lain")

    response = client.get("/topik/pemilu-2029/")

    assert response.status_code == 200
    assert titles(response) == ["Debat Pertama", "Kampanye Dimulai", "Pendaftaran Calon"]
    page = response.content.decode()
    assert "<p>Liputan pemilu.</p>" in page and "<p>Dari KPU.</p>" in page
    assert "Naskah Rahasia" not in page
    assert client.get("/topik/tidak-ada/").status_code == 404


def test_a_topic_in_the_editors_order_and_a_closed_one(client, topic):
    for position, title in enumerate(["Kampanye Dimulai", "Pendaftaran Calon", "Debat Pertama"]):
        TopicArticle.objects.filter(topic=topic, article__title=title).update(position=position)
    topic.order, topic.is_open = Topic.Order.EDITED, False
    topic.save()

    response = client.get("/topik/pemilu-2029/")

    assert titles(response) == ["Kampanye Dimulai", "Pendaftaran Calon", "Debat Pertama"]
    assert "Liputan ini sudah selesai." in response.content.decode()


def test_an_article_names_its_topic_and_its_neighbours_in_it(client, topic):
    middle = Article.objects.get(title="Kampanye Dimulai")

    page = client.get(middle.get_absolute_url()).content.decode()

    assert 'Bagian dari topik <a href="/topik/pemilu-2029/">Pemilu 2029</a>' in page
    first = Article.objects.get(title="Pendaftaran Calon")
    last = Article.objects.get(title="Debat Pertama")
    assert f'<a href="{first.get_absolute_url()}" rel="prev">Pendaftaran Calon</a>' in page
    assert f'<a href="{last.get_absolute_url()}" rel="next">Debat Pertama</a>' in page
    newest = client.get(last.get_absolute_url()).content.decode()
    assert 'rel="next">' not in newest.split('class="topic-box"')[1]


def test_a_topic_has_a_feed_and_is_in_the_sitemap(client, topic):
    make_article(title="Berita Lain")

    feed = client.get("/topik/pemilu-2029/feed/").content.decode()

    assert feed.count("<item>") == 3 and "Berita Lain" not in feed
    assert "<title>Pemilu 2029 – " in feed
    sitemap = client.get("/sitemap-topics.xml").content.decode()
    assert "http://testserver/topik/pemilu-2029/" in sitemap


def test_the_topic_page_describes_its_articles_as_a_list(client, topic):
    page = client.get("/topik/pemilu-2029/").content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page)[1])

    assert data["@type"] == "CollectionPage" and data["name"] == "Pemilu 2029"
    items = data["mainEntity"]["itemListElement"]
    assert [item["name"] for item in items] == [
        "Debat Pertama",
        "Kampanye Dimulai",
        "Pendaftaran Calon",
    ]
    assert [item["position"] for item in items] == [1, 2, 3]


def test_the_home_page_shows_the_topics_editors_chose(client, topic):
    Topic.objects.create(title="Topik Tersembunyi", slug="tersembunyi")
    assert "Pemilu 2029" not in client.get("/").content.decode()

    topic.on_home_page = True
    topic.save()

    page = client.get("/").content.decode()
    assert '<a href="/topik/pemilu-2029/">Pemilu 2029</a>' in page
    assert "Topik Tersembunyi" not in page


def test_putting_an_article_in_a_topic_shows_at_once_on_both_pages(client, topic, settings):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    caches["readers"].clear()
    story = make_article(title="Hitung Cepat", published_at=days_ago(0))
    client.get("/topik/pemilu-2029/"), client.get(story.get_absolute_url())

    topic.articles.add(story)

    assert "Hitung Cepat" in titles(client.get("/topik/pemilu-2029/"))
    assert "Bagian dari topik" in client.get(story.get_absolute_url()).content.decode()
    story.status = Article.Status.DRAFT
    story.save()
    assert "Hitung Cepat" not in titles(client.get("/topik/pemilu-2029/"))
    caches["readers"].clear()


def test_a_topic_page_costs_six_queries_at_most_at_any_length(
    client, topic, settings, django_assert_max_num_queries
):
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    caches["readers"].clear()
    for number in range(40):
        topic.articles.add(make_article(title=f"Berita Pemilu {number}"))
    client.get("/berita/")  # the frame and the next scheduled time are kept from here on
    with django_assert_max_num_queries(6):
        response = client.get("/topik/pemilu-2029/", {"page": 2})
    assert len(titles(response)) == 20
    caches["readers"].clear()


def test_editors_make_topics_and_writers_may_not(editor_client, topic):
    story = make_article(title="Quick Count")
    response = editor_client.post(
        "/admin/articles/topic/add/",
        {
            "title": "Banjir Jakarta",
            "slug": "banjir-jakarta",
            "introduction": "",
            "order": "newest",
            "is_open": "on",
            "position": "0",
            "entries-TOTAL_FORMS": "1",
            "entries-INITIAL_FORMS": "0",
            "entries-MIN_NUM_FORMS": "0",
            "entries-MAX_NUM_FORMS": "1000",
            "entries-0-article": str(story.pk),
            "entries-0-position": "0",
        },
    )
    assert response.status_code == 302
    assert titles(Client().get("/topik/banjir-jakarta/")) == ["Quick Count"]

    writer = Client()
    writer.force_login(make_writer())
    assert writer.get("/admin/articles/topic/").status_code == 403
