"""Topic pages (`/topik/<slug>/`), the topics an article belongs to with its neighbours in
each, and the topics the home page shows."""

from django.shortcuts import get_object_or_404
from django.views.generic import ListView

from articles.addresses import address
from articles.models import Topic
from caching.fragments import cached
from caching.keys import TOPICS, key_of, list_key, shows
from caching.paginators import CachedCountPaginator

HOME_TOPICS = 4


class TopicView(ListView):
    template_name = "articles/topic.html"
    context_object_name = "articles"
    paginate_by = 20

    def get(self, request, *args, **kwargs):
        self.topic = cached(request, f"topic:{kwargs['slug']}", lambda: self.find(kwargs["slug"]))
        return super().get(request, *args, **kwargs)

    def find(self, slug):
        topic = get_object_or_404(Topic.objects.select_related("image"), slug=slug)
        shows(self.request, key_of(topic), *([key_of(topic.image)] if topic.image else []))
        return topic

    def get_queryset(self):
        return self.topic.published_articles().for_listing()

    def get_paginator(self, queryset, per_page, **kwargs):
        return CachedCountPaginator(
            queryset,
            per_page,
            request=self.request,
            key=f"topic:{self.topic.pk}",
            keys=[list_key(self.topic)],
            **kwargs,
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        # Read once, for the cards and the page's list for search engines alike.
        articles = list(page.object_list) if page is not None else []
        return context | {
            "topic": self.topic,
            "page_articles": articles,
            "first_position": page.start_index() if page is not None else 1,
            "page_range": page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
            if page is not None
            else [],
        }


def topics_of(article):
    """`[{"topic", "previous", "next"}]`: the topics `article` is in, each with the articles
    before and after it in the topic's reading order (the editors', or oldest first), as
    `{"title", "url"}` or None."""
    found = []
    if not getattr(article, "in_a_topic", True):
        return found
    for topic in article.topics.all():
        ordered = topic.published_articles()
        if topic.order == Topic.Order.NEWEST:
            ordered = ordered.reverse()
        rows = list(ordered.values_list("pk", "title", "slug"))
        ids = [pk for pk, _title, _slug in rows]
        if article.pk not in ids:
            continue
        at = ids.index(article.pk)
        neighbours = [
            rows[at - 1] if at > 0 else None,
            rows[at + 1] if at + 1 < len(rows) else None,
        ]
        previous, following = (
            {"title": row[1], "url": _address(row[2])} if row else None for row in neighbours
        )
        found.append({"topic": topic, "previous": previous, "next": following})
    return found


def _address(slug):
    return address("articles:detail", slug)


def home_topics(request):
    """The topics editors put on the home page, in their order, kept until they change."""

    def read():
        topics = list(Topic.objects.filter(on_home_page=True).select_related("image")[:HOME_TOPICS])
        shows(request, *(key_of(topic.image) for topic in topics if topic.image))
        return topics

    return cached(request, "home-topics", read, keys=[TOPICS])
