from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.views.generic import DetailView, TemplateView
from django_filters.views import FilterView

from articles.models import (
    Article,
    ArticleKind,
    Author,
    FrontPage,
    Section,
    SlugRedirect,
    Source,
    StaticPage,
    Tag,
)
from articles.models.frontpage import MAX_PICKS
from articles.models.querysets import read_credits_and_corrections
from caching.fragments import cached
from caching.keys import (
    ARTICLES,
    FRONT_PAGE,
    PUBLISHED,
    key_of,
    keys_of,
    list_key,
    list_keys_of,
    shows,
)
from caching.paginators import CachedCountPaginator
from readers import embeds, most_read
from readers.context_processors import menu_sections
from readers.filters import ArticleFilter
from readers.live import live_reading, poll_seconds
from readers.reading import automatic_related, card_keys, keys_shown, reading_blocks
from readers.search import SearchPaginator, is_search
from readers.topics import home_topics, topics_of


class HomeView(TemplateView):
    template_name = "articles/home.html"
    latest_count = 12

    def get_context_data(self, **kwargs):
        published = Article.objects.published()
        # Kept until an article enters or leaves the news or editors rearrange the page (or a
        # headline or pick ends: a scheduled change), like the section blocks below.
        front = cached(
            self.request, "front", lambda: self.front(published), keys=[PUBLISHED, FRONT_PAGE]
        )
        return super().get_context_data(
            **front,
            topics=home_topics(self.request),
            most_read=lambda: most_read.block(self.request),
            # Called only when the kept section blocks of the home page are rendered afresh.
            section_fronts=lambda: self.section_fronts(published),
            **kwargs,
        )

    def front(self, published):
        """The headline (the editors' or the newest news article), their picks, and the
        latest articles besides those, as they are read now with what their cards show.

        One query: what editors chose, and the newest articles, enough of them to fill the
        latest block whichever of them editors chose as well, with what their cards show."""
        listed = published.for_listing()
        newest = published.latest_first().values_list("pk", flat=True)
        enough = self.latest_count + MAX_PICKS + 2
        read = list(FrontPage.chosen(listed, also=newest[:enough]).latest_first())
        chosen = [a for a in read if a.is_headline or a.pick_position is not None]
        headline = [article for article in chosen if article.is_headline][:1]
        picks = sorted(
            (article for article in chosen if article.pick_position is not None),
            key=lambda article: (article.pick_position, article.pk),
        )
        picks = [article for article in picks if article not in headline]
        latest = [article for article in read if article not in chosen]
        if not headline:
            news = [article for article in latest if article.kind == ArticleKind.NEWS]
            headline = news[:1] or latest[:1]
            latest = [article for article in latest if article not in headline]
        latest = latest[: self.latest_count]
        for article in headline + picks + latest:
            shows(self.request, *card_keys(article))
        return {"headline": headline, "picks": picks, "latest": latest}

    def section_fronts(self, published):
        sections = menu_sections(self.request)
        shows(self.request, *map(key_of, sections), *map(list_key, sections))
        return published.section_fronts(sections)


class ArticleListView(FilterView):
    """`/berita/`: every published article, filtered and paginated."""

    filterset_class = ArticleFilter
    template_name = "articles/article_list.html"
    context_object_name = "articles"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().for_listing().latest_first()

    def get_filterset_kwargs(self, filterset_class):
        kwargs = super().get_filterset_kwargs(filterset_class)
        if kwargs["data"] is not None and set(kwargs["data"]) <= {"page"}:
            # A page number filters nothing: the filters stay blank (and their form unbuilt).
            kwargs["data"] = None
        return kwargs | {"sections": menu_sections(self.request)}

    def get_paginator(self, queryset, per_page, **kwargs):
        filters = sorted((k, v) for k, v in self.request.GET.lists() if k != "page")
        key = f"{self.request.path}?{urlencode(filters, doseq=True)}"
        if is_search(queryset):
            return SearchPaginator(queryset, per_page, request=self.request, key=key, **kwargs)
        return CachedCountPaginator(
            queryset,
            per_page,
            request=self.request,
            key=key,
            # A filtered list may gain or lose an article with any change to one.
            keys=[ARTICLES] if filters else self.list_keys(),
            **kwargs,
        )

    def list_keys(self):
        """The content keys of which articles the list holds, unfiltered."""
        return [PUBLISHED]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page = context["page_obj"]
        if page is not None:
            context["page_range"] = page.paginator.get_elided_page_range(
                page.number, on_each_side=2, on_ends=1
            )
        return context


class TaxonomyArticleListView(ArticleListView):
    """The list of one section, tag, source or author, with the same filters."""

    taxonomy_model = None
    hidden_filter = None

    def get(self, request, *args, **kwargs):
        self.object = cached(
            request,
            f"{self.taxonomy_model._meta.model_name}:{kwargs['slug']}",
            lambda: self.find(kwargs["slug"]),
        )
        return super().get(request, *args, **kwargs)

    def find(self, slug):
        found = get_object_or_404(self.taxonomy_model, slug=slug)
        shows(self.request, key_of(found))
        return found

    def list_keys(self):
        return [list_key(self.object)]

    def get_queryset(self):
        return self.narrow(super().get_queryset(), self.object)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            taxonomy=self.object,
            taxonomy_kind=self.taxonomy_model._meta.verbose_name,
            hide_field=self.hidden_filter,
            **kwargs,
        )


class SectionView(TaxonomyArticleListView):
    taxonomy_model = Section
    hidden_filter = "rubrik"

    def narrow(self, queryset, section):
        return queryset.filter(section=section)


class TagView(TaxonomyArticleListView):
    taxonomy_model = Tag

    def narrow(self, queryset, tag):
        return queryset.filter(tags=tag)


class SourceView(TaxonomyArticleListView):
    taxonomy_model = Source

    def narrow(self, queryset, source):
        return queryset.from_source(source.slug)


class AuthorView(TaxonomyArticleListView):
    taxonomy_model = Author

    def narrow(self, queryset, author):
        return queryset.filter(authors=author)


class SearchView(ArticleListView):
    """`/cari/`: the list filtered by words, most relevant first; nothing without words."""

    template_name = "articles/search.html"

    def get_queryset(self):
        if not self.request.GET.get("q", "").strip():
            return Article.objects.none()
        return Article.objects.published().for_results()


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"
    context_object_name = "article"

    def get_queryset(self):
        return Article.objects.published().for_reading()

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            redirect = SlugRedirect.objects.for_readers(kwargs["slug"])
            if redirect is not None:
                return HttpResponsePermanentRedirect(redirect.article.get_absolute_url())
            # Taken down is not “not found”: the address says so, and why, for good.
            gone = Article.objects.taken_down().at_address(kwargs["slug"]).first()
            if gone is None:
                raise
            return render(request, "articles/gone.html", {"article": gone}, status=410)

    def get_object(self, queryset=None):
        # The article and what surrounds it cost eight queries: kept until they change.
        self.reading = cached(self.request, f"reading:{self.kwargs['slug']}", self.read_shown)
        # Kept apart: a new article under one of its tags changes only this. (What comes
        # from the cache is shared by the process's requests: never changed in place.)
        self.more_related = cached(
            self.request, f"related:{self.kwargs['slug']}", self.related_shown
        )
        return self.reading["article"]

    def read_shown(self):
        article = self.find_article()
        reading = self.read(article, related=False)
        # The page's kept fragments show these too (`{% cache_for_readers ... keys=keys %}`).
        reading["keys"] = keys_shown(article, reading) + embeds.keys_of_embeds(reading["embeds"])
        shows(self.request, *reading["keys"])
        return reading

    def related_shown(self):
        reading = self.reading
        tag_ids = [tag.pk for tag in reading["tags"]]
        related = self.related(
            reading["article"], tag_ids, reading["linked_ids"], reading["box_count"]
        )
        shows(
            self.request,
            key_of(reading["article"]),
            *list_keys_of(Tag, tag_ids),
            *keys_of(Article, [item.pk for item in related]),
        )
        return related

    def find_article(self):
        return DetailView.get_object(self)

    @classmethod
    def read(cls, article, *, related=True):
        """Everything the article page shows besides the article's own fields (without the
        related news unless `related`)."""
        read_credits_and_corrections(article)
        every_link = list(article.related_links.for_reading())
        links = [link for link in every_link if link.shown]
        blocks, closing_links = reading_blocks(article, links)
        # Embeds are shown as placeholders made from their rows (readers/embeds.py).
        body_embeds = embeds.embeds_of(article.body)
        blocks = [(embeds.with_placeholders(b, body_embeds), f) for b, f in blocks]
        live = live_reading(article, body_embeds.values())
        # Each box is a landmark of its own: numbered in reading order, so that each has a
        # name of its own for screen readers (and the number is kept with the page's data).
        boxes = [link for _paragraph, following in blocks for link in following]
        for number, link in enumerate([*boxes, *closing_links], start=1):
            link.box_number = number
        tags = list(article.tags.all())
        topics = topics_of(article)
        reading = {
            "topics": topics,
            "article": article,
            "blocks": blocks,
            "closing_links": closing_links,
            "box_count": len(links),
            "tags": tags,
            "linked_ids": [link.target_id for link in links if link.target_id],
            # Shown or not: a link's target that becomes public changes the page.
            "link_target_ids": [link.target_id for link in every_link if link.target_id],
            **live,
            "embeds": live["live_embeds"] or list(body_embeds.values()),
        }
        if related:
            reading["more_related"] = cls.related(
                article, [tag.pk for tag in tags], reading["linked_ids"], len(links)
            )
        return reading

    @staticmethod
    def related(article, tag_ids, linked_ids, box_count):
        """Related news: four at most, counting the Baca Juga boxes."""
        limit = 4 - box_count
        return list(automatic_related(article, tag_ids, exclude_ids=linked_ids, limit=limit))

    def get_context_data(self, **kwargs):
        # A preview reads its related news with the rest (`read()`); the page kept them apart.
        related = {"more_related": self.more_related} if hasattr(self, "more_related") else {}
        return super().get_context_data(
            **self.reading,
            **related,
            most_read=lambda: most_read.block(self.request),
            live_poll_seconds=poll_seconds(),
            **kwargs,
        )

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        # The players of the embeds it shows may be framed on this page, and only here.
        policy = embeds.frame_policy(self.reading["embeds"])
        if policy:
            response._csp_update = policy
        return response


class StaticPageView(DetailView):
    """`/halaman/<slug>/`: a page the editors keep, such as Pedoman Media Siber or Kontak."""

    template_name = "articles/static_page.html"
    context_object_name = "page"

    def get_queryset(self):
        return StaticPage.objects.published()

    def get_object(self, queryset=None):
        page = super().get_object(queryset)
        shows(self.request, key_of(page))
        return page


class LanguageView(TemplateView):
    """A page with the language form, so that news pages carry no form and stay cacheable."""

    template_name = "articles/language.html"

    def get_context_data(self, **kwargs):
        next_url = self.request.GET.get("next", "/")
        if not url_has_allowed_host_and_scheme(
            next_url,
            allowed_hosts={self.request.get_host()},
            require_https=self.request.is_secure(),
        ):
            next_url = "/"
        return super().get_context_data(next=next_url, **kwargs)
