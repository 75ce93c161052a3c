from django.urls import path, re_path
from drf_spectacular.renderers import OpenApiJsonRenderer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from articles.models import Author, Section, Source, Tag

from . import serializers, views
from .errors import not_found

app_name = "api"

SectionList, SectionDetail = (
    views.SectionList,
    views.taxonomy_views(Section, serializers.SectionDetailSerializer)[1],
)
TagList, TagDetail = views.taxonomy_views(Tag, serializers.TagSerializer)
SourceList, SourceDetail = views.taxonomy_views(Source, serializers.SourceSerializer)
AuthorList, AuthorDetail = views.taxonomy_views(
    Author, serializers.AuthorDetailSerializer, serializers.AuthorDetailSerializer
)

urlpatterns = [
    path("v1/articles/", views.ArticleList.as_view(), name="articles"),
    path("v1/articles/<int:pk>/", views.ArticleDetail.as_view(), name="article"),
    path("v1/articles/<int:pk>/ninjs/", views.ArticleNinjs.as_view(), name="article-ninjs"),
    path("v1/sections/", SectionList.as_view(), name="sections"),
    path("v1/sections/<slug:slug>/", SectionDetail.as_view(), name="section"),
    path("v1/tags/", TagList.as_view(), name="tags"),
    path("v1/tags/<slug:slug>/", TagDetail.as_view(), name="tag"),
    path("v1/sources/", SourceList.as_view(), name="sources"),
    path("v1/sources/<slug:slug>/", SourceDetail.as_view(), name="source"),
    path("v1/authors/", AuthorList.as_view(), name="authors"),
    path("v1/authors/<slug:slug>/", AuthorDetail.as_view(), name="author"),
    path("v1/topics/", views.TopicList.as_view(), name="topics"),
    path("v1/topics/<slug:slug>/", views.TopicDetail.as_view(), name="topic"),
    path("v1/most-read/", views.MostRead.as_view(), name="most-read"),
    path(
        "v1/schema/",
        SpectacularAPIView.as_view(renderer_classes=[OpenApiJsonRenderer]),
        name="schema",
    ),
    path(
        "v1/docs/",
        SpectacularSwaggerSplitView.as_view(url_name="api:schema", template_name="api/docs.html"),
        name="docs",
    ),
    # Under /api/, an address that names nothing is a JSON 404 (one without its final slash
    # is sent to the one with it first, as everywhere).
    re_path(r"^(.*/)?$", not_found),
]
