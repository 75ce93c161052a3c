"""The read-only public API: published content only, through the pages' own gate
(`Article.objects.published()`), naming the content keys of what each answer shows, as the
pages do (`caching.keys.shows`), so the page cache and the cache in front keep API answers
and purge them with the pages."""

import hashlib

from django.conf import settings
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from articles.models import Article, Author, RelatedLink, Section, Tag, Topic
from articles.models.querysets import ArticleQuerySet, read_credits_and_corrections
from articles.ninjs import to_ninjs
from caching.fragments import cached, cached_when_asked_twice
from caching.keys import ARTICLES, FRAME, PUBLISHED, TOPICS, all_key, key_of, keys_of, shows
from newsroom.middleware import chosen_language
from readers import most_read
from readers.context_processors import menu_sections
from readers.reading import card_keys, keys_shown

from . import serializers
from .errors import handle_exception, refuse
from .filters import PARAMETERS, ApiArticleFilter
from .pagination import CursorPagination
from .renderers import JSONRenderer
from .throttling import ClientAddressThrottle

IMAGE_FIELDS = (
    *ArticleQuerySet.PICTURE_FIELDS,
    "featured_image__caption",
    "featured_image__credit",
)


class PublicAPI:
    """What every view of the API is: read-only, anonymous (no session, no CSRF token, no
    personal answers), JSON only, counted per client address, its errors in our JSON.

    What an answer holds is kept in the readers' data cache, as the data of a page is
    (`caching.fragments`): until a key it shows moves on. Detail answers are kept when made;
    lists (whose queries clients make up) once they are asked for a second time.
    """

    keep_when_asked_twice = False

    renderer_classes = [JSONRenderer]
    parser_classes = []
    authentication_classes = []
    permission_classes = []
    throttle_classes = [ClientAddressThrottle]

    def get_exception_handler(self):
        return handle_exception

    def get(self, request, *args, **kwargs):
        data = self.kept(lambda: super(PublicAPI, self).get(request, *args, **kwargs).data)
        return Response(data)

    def kept(self, compute):
        request = self.request._request
        # A view that reads no query is named by its path alone: made-up queries on it
        # never grow the cache.
        path = request.get_full_path() if self.keep_when_asked_twice else request.path
        address = f"{request.scheme}|{request.get_host()}|{chosen_language(request)}|{path}"
        name = f"api:{hashlib.sha256(address.encode()).hexdigest()}"
        if self.keep_when_asked_twice:
            seconds = settings.NEWSROOM_FRAGMENT_CACHE_SECONDS
            return cached_when_asked_twice(request, name, compute, seconds)
        return cached(request, name, compute)


def listed(articles):
    """What a list shows of each article, fetched up front: three queries at any length (the
    bylines prefetched with their slugs on every database: `for_listing()` reads only names
    on PostgreSQL)."""
    return (
        articles.select_related("section", "featured_image")
        .prefetch_related(
            Prefetch("authors", queryset=Author.objects.only("name", "slug").in_byline_order()),
            Prefetch("tags", queryset=Tag.objects.only("name", "slug")),
        )
        .only(*ArticleQuerySet.RESULT_FIELDS, *IMAGE_FIELDS)
    )


def show_cards(request, articles):
    for article in articles:
        shows(request, *card_keys(article), *keys_of(Tag, [tag.pk for tag in article.tags.all()]))


class ArticleList(PublicAPI, generics.ListAPIView):
    """Published articles, newest first, with the filters of /berita/."""

    keep_when_asked_twice = True

    serializer_class = serializers.ArticleSummarySerializer
    pagination_class = CursorPagination

    def get_queryset(self):
        self.filterset = ApiArticleFilter(
            self.request.query_params, queryset=listed(Article.objects.published())
        )
        if not self.filterset.is_valid():
            refuse(self.request, self.filterset.errors)
        return self.filterset.qs

    def get_ordering(self):
        oldest = self.filterset.oldest_first
        return ("published_at", "pk") if oldest else ("-published_at", "-pk")

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        filtered = set(self.request.query_params) - {"cursor", "limit"}
        # A filtered list may gain or lose an article with any change to one.
        shows(self.request._request, ARTICLES if filtered else PUBLISHED)
        show_cards(self.request._request, page)
        return page

    @extend_schema(
        parameters=[
            OpenApiParameter(
                name,
                OpenApiTypes.DATE if name in ("dari", "sampai") else OpenApiTypes.STR,
                many=name == "tag",
                description=description,
                enum=["terbaru", "terlama"] if name == "urut" else None,
            )
            for name, description in PARAMETERS.items()
        ]
    )
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class ArticleDetail(PublicAPI, generics.RetrieveAPIView):
    """One published article, as its page shows it."""

    serializer_class = serializers.ArticleDetailSerializer

    def get_queryset(self):
        return (
            Article.objects.published()
            .for_reading()
            .prefetch_related(
                Prefetch("tags", queryset=Tag.objects.only("name", "slug")),
                # Every box, each `shown` or not: a hidden one's target is a key of the answer.
                Prefetch("related_links", queryset=RelatedLink.objects.for_reading()),
            )
        )

    def get_object(self):
        article = super().get_object()
        read_credits_and_corrections(article)
        links = list(article.related_links.all())
        article.visible_links = [link for link in links if link.shown]
        reading = {
            "tags": article.tags.all(),
            "link_target_ids": [link.target_id for link in links if link.target_id],
        }
        shows(self.request._request, *keys_shown(article, reading))
        return article


class ArticleNinjs(ArticleDetail):
    """One published article in IPTC ninjs 2.1."""

    @extend_schema(responses={200: OpenApiTypes.OBJECT})
    def get(self, request, *args, **kwargs):
        base_url = request.build_absolute_uri("/")
        return Response(self.kept(lambda: to_ninjs(self.get_object(), base_url)))


class TaxonomyList(PublicAPI, generics.ListAPIView):
    """Every one of them, by slug."""

    keep_when_asked_twice = True

    pagination_class = CursorPagination
    model = None

    def get_queryset(self):
        return self.model.objects.all()

    def get_ordering(self):
        return ("slug",)

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        # Which exist (a new one moves it: `caching.changes`), and each one's own fields.
        shows(self.request._request, all_key(self.model), *map(key_of, page))
        return page


class TaxonomyDetail(PublicAPI, generics.RetrieveAPIView):
    lookup_field = "slug"
    model = None

    def get_queryset(self):
        return self.model.objects.all()

    def get_object(self):
        found = super().get_object()
        shows(self.request._request, key_of(found))
        return found


class SectionList(PublicAPI, generics.ListAPIView):
    """Every section, in the menu's order."""

    serializer_class = serializers.SectionDetailSerializer
    queryset = Section.objects.all()

    def list(self, request, *args, **kwargs):
        sections = list(self.get_queryset())
        shows(request._request, FRAME, *map(key_of, sections))
        return Response(self.get_serializer(sections, many=True).data)


class TopicList(TaxonomyList):
    serializer_class = serializers.TopicSerializer
    model = Topic

    def get_queryset(self):
        return Topic.objects.select_related("image")

    def paginate_queryset(self, queryset):
        page = generics.ListAPIView.paginate_queryset(self, queryset)
        shows(self.request._request, TOPICS, *map(key_of, page))
        shows(self.request._request, *(key_of(t.image) for t in page if t.image_id))
        return page


class TopicDetail(TaxonomyDetail):
    serializer_class = serializers.TopicDetailSerializer
    model = Topic
    TOPIC_ARTICLES = 100

    def get_queryset(self):
        return Topic.objects.select_related("image")

    def get_object(self):
        topic = super().get_object()
        topic.listed = list(listed(topic.published_articles())[: self.TOPIC_ARTICLES])
        shows(self.request._request, f"{key_of(topic)}-list")
        if topic.image_id:
            shows(self.request._request, key_of(topic.image))
        show_cards(self.request._request, topic.listed)
        return topic


class MostRead(PublicAPI, generics.GenericAPIView):
    """The most read published articles of the last day or week, as /terpopuler/."""

    serializer_class = serializers.MostReadSerializer
    pagination_class = None

    @extend_schema(
        parameters=[
            OpenApiParameter("period", OpenApiTypes.STR, enum=list(most_read.PERIODS)),
            OpenApiParameter("rubrik", OpenApiTypes.STR, description="A section's slug."),
        ],
        responses={200: serializers.MostReadSerializer(many=True)},
    )
    def get(self, request):
        period = request.query_params.get("period") or "day"
        errors = {}
        if period not in most_read.PERIODS:
            errors["period"] = [_("Choose day or week.")]
        asked = request.query_params.get("rubrik") or ""
        section = None
        if asked:
            section = next((s for s in menu_sections(request._request) if s.slug == asked), None)
            if section is None:
                errors["rubrik"] = [_("No section has this slug.")]
        if errors:
            refuse(request, errors)
        found = most_read.read_most(
            request._request, period, section=section, limit=most_read.PAGE_LENGTH
        )
        return Response(self.get_serializer(found, many=True).data)


def taxonomy_views(model, serializer, detail_serializer=None):
    """The list and detail views of one kind of taxonomy."""
    attributes = {"model": model, "serializer_class": serializer}
    detail = {"model": model, "serializer_class": detail_serializer or serializer}
    name = model.__name__
    return (
        type(f"{name}List", (TaxonomyList,), attributes | {"__doc__": TaxonomyList.__doc__}),
        type(f"{name}Detail", (TaxonomyDetail,), detail | {"__doc__": f"One {name.lower()}."}),
    )
