"""Addresses other systems read: feeds, sitemaps and robots.txt (no namespace, as robots and
crawlers know them by these names)."""

from django.urls import path
from django.views.generic import TemplateView

from . import feeds, sitemaps

urlpatterns = [
    path("feed/", feeds.ArticleFeed(), name="feed"),
    path("feed/atom/", feeds.ArticleAtomFeed(), name="feed-atom"),
    path("rubrik/<slug:slug>/feed/", feeds.SectionFeed(), name="section-feed"),
    path("rubrik/<slug:slug>/feed/atom/", feeds.SectionAtomFeed(), name="section-feed-atom"),
    path("tag/<slug:slug>/feed/", feeds.TagFeed(), name="tag-feed"),
    path("tag/<slug:slug>/feed/atom/", feeds.TagAtomFeed(), name="tag-feed-atom"),
    path("topik/<slug:slug>/feed/", feeds.TopicFeed(), name="topic-feed"),
    path(
        "robots.txt",
        TemplateView.as_view(template_name="robots.txt", content_type="text/plain; charset=utf-8"),
        name="robots",
    ),
    path("sitemap.xml", sitemaps.index, name="sitemap"),
    # Before the per-section pattern, which would take "news" for a section.
    path("sitemap-news.xml", sitemaps.news, name="sitemap-news"),
    path("sitemap-<slug:section>.xml", sitemaps.sitemap, name="sitemap-section"),
]
