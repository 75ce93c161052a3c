"""Sitemaps for crawlers: an index over articles, sections, tags, authors and Google News.

Each view answers a conditional request whose content has not changed with a 304 after one
aggregate query, and reports the same Last-Modified time in full responses.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.core.paginator import Paginator
from django.db.models import Exists, Max, OuterRef, Subquery
from django.db.models.functions import Greatest
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import last_modified

from articles.models import Article, Author, Section, Tag, Topic
from caching.keys import ARTICLES, FRAME, shows
from distribution import seo

NEWS_WINDOW = timedelta(hours=48)
NEWS_LIMIT = 1000


class IdsFirstPaginator(Paginator):
    """A page's articles found by their ids alone, read off the list's index, then only the
    page's own rows read: page 100 of a million articles skips 990,000 index entries rather
    than 990,000 rows."""

    def page(self, number):
        page = super().page(number)
        # As a list of ids, not a subquery: the planner would join the whole table to it.
        ids = list(page.object_list.values_list("pk", flat=True))
        page.object_list = self.object_list.filter(pk__in=ids)
        return page


class CountedPaginator(Paginator):
    """Pages of `object_list`, its count read from `counted` (the same objects, cheaper)."""

    def __init__(self, object_list, per_page, *, counted):
        super().__init__(object_list, per_page)
        self.counted = counted

    @cached_property
    def count(self):
        return self.counted.count()


class ArticleSitemap(Sitemap):
    # Far below the protocol's 50,000 URLs and 50 MB (a URL entry stays under 400 bytes), so
    # one page renders quickly; oldest first, so old pages stay the same as news is added.
    limit = 10_000

    @property
    def paginator(self):
        return IdsFirstPaginator(self._items(), self.limit)

    def items(self):
        return (
            Article.objects.published()
            .order_by("published_at", "pk")
            .only("slug", "published_at", "updated_at")
        )

    def lastmod(self, article):
        return seo.modified_at(article)

    def get_latest_lastmod(self):
        return seo.last_change(Article.objects.published())


class TaxonomySitemap(Sitemap):
    """The pages of sections, tags or authors with published articles, changed with them."""

    model = None
    # The filter that finds a `model` object's articles from the article side.
    lookup = None

    def items(self):
        # Filtering on the relation before annotating makes Max() count published articles only.
        return (
            self.model.objects.filter(articles__in=Article.objects.published())
            .annotate(
                last_change=Greatest(Max("articles__updated_at"), Max("articles__published_at"))
            )
            .only("slug")
            .order_by("pk")
        )

    @property
    def paginator(self):
        return CountedPaginator(self._items(), self.limit, counted=self.shown())

    def shown(self):
        """The objects with a published article, for counting: one index probe each, where
        counting `items()` groups every published article by its section, tag or author."""
        published = Article.objects.published().filter(**{self.lookup: OuterRef("pk")})
        return self.model.objects.filter(Exists(published))

    def lastmod(self, obj):
        return obj.last_change

    def get_latest_lastmod(self):
        field = Article._meta.get_field(self.lookup)
        if not field.many_to_many:
            return seo.last_change(
                Article.objects.published().filter(**{f"{self.lookup}__isnull": False})
            )
        # The newest article with a tag (an author) by each time: read off the indexes on
        # those times, each article asked for a tag, where an aggregate would group them all.
        if field.concrete:  # the article's own relation (tags, authors)
            through, to_article = field.remote_field.through, field.m2m_field_name()
        else:  # another model's relation to articles (a topic's)
            through, to_article = field.through, field.field.m2m_reverse_field_name()
        linked = through.objects.filter(**{to_article: OuterRef("pk")})
        articles = Article.objects.published().filter(Exists(linked))

        def newest(name):
            return Subquery(articles.order_by(f"-{name}").values(name)[:1])

        times = (
            Article.objects.order_by()
            .values(updated=newest("updated_at"), published=newest("published_at"))
            .first()
        )
        return max(filter(None, (times or {}).values()), default=None)


class SectionSitemap(TaxonomySitemap):
    model = Section
    lookup = "section"


class TagSitemap(TaxonomySitemap):
    model = Tag
    lookup = "tags"


class AuthorSitemap(TaxonomySitemap):
    model = Author
    lookup = "authors"


class TopicSitemap(TaxonomySitemap):
    model = Topic
    lookup = "topics"


SITEMAPS = {
    "articles": ArticleSitemap,
    "sections": SectionSitemap,
    "tags": TagSitemap,
    "authors": AuthorSitemap,
    "topics": TopicSitemap,
}


# What every sitemap lists changes with any public article, and the sections with the menu.
SHOWN = (ARTICLES, FRAME)


def _index_last_modified(request):
    return seo.last_change(Article.objects.published())


def _sitemap_last_modified(request, section):
    sitemap = SITEMAPS.get(section)
    return sitemap().get_latest_lastmod() if sitemap else None


@last_modified(_index_last_modified)
def index(request):
    """`/sitemap.xml`: every page of every sitemap, Google News' too, each with its sitemap's
    latest change."""
    shows(request, *SHOWN)
    return sitemap_views.index(
        request,
        INDEXED,
        template_name="sitemaps/index.xml",
        sitemap_url_name="sitemap-section",
    )


@last_modified(_sitemap_last_modified)
def sitemap(request, section):
    """`/sitemap-<section>.xml?p=N`: one page of one sitemap."""
    shows(request, *SHOWN)
    response = sitemap_views.sitemap(
        request, SITEMAPS, section, template_name="sitemaps/sitemap.xml"
    )
    # The framework dates a page by its own newest URL; the index and the 304 check use the
    # whole sitemap's, and a client must get back the time it is compared with.
    del response.headers["Last-Modified"]
    return response


def _recent_news():
    since = timezone.now() - NEWS_WINDOW
    return Article.objects.published().filter(published_at__gte=since).latest_first()


class NewsSitemap(Sitemap):
    """Google News: every article of the last 48 hours, newest first, 1,000 to a page (the
    most Google reads from one news sitemap); the index lists every page."""

    limit = NEWS_LIMIT

    def items(self):
        return _recent_news().only("title", "slug", "published_at", "language")

    def get_latest_lastmod(self):
        return seo.last_change(_recent_news())


# What the index lists: the news pages after the others.
INDEXED = {**SITEMAPS, "news": NewsSitemap}


def _news_last_modified(request):
    return NewsSitemap().get_latest_lastmod()


@last_modified(_news_last_modified)
def news(request):
    """`/sitemap-news.xml?p=N`: one page of the Google News sitemap."""
    shows(request, *SHOWN)
    response = sitemap_views.sitemap(
        request,
        {"news": NewsSitemap},
        "news",
        template_name="sitemaps/news.xml",
        content_type="application/xml",
    )
    response.context_data["publication"] = settings.NEWSROOM_SITE_NAME
    return response
