"""Previews: an article not yet public, rendered as readers will see it.

Staff open `/pratinjau/<id>/`; people without an account get a shared link,
`/pratinjau/tautan/<token>/`, that an editor made for them and can revoke. Neither is
cached (the page cache skips `/pratinjau/`) or indexed.
"""

from django.http import Http404
from django.shortcuts import render
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache

from articles.models import Article, ArticleWorkingCopy, Author, PreviewLink, Source, Tag
from readers.views import ArticleDetailView

NOINDEX = "noindex, nofollow"


@method_decorator(never_cache, name="dispatch")
class ArticlePreviewView(ArticleDetailView):
    """`/pratinjau/<id>/`: any article on the viewer's desk; readers get a 404."""

    def get_queryset(self):
        user = self.request.user
        if not (user.is_active and user.is_staff):
            raise Http404
        return Article.objects.on_desk_of(user).for_reading()

    def dispatch(self, request, *args, **kwargs):
        response = super().dispatch(request, *args, **kwargs)
        response["X-Robots-Tag"] = NOINDEX
        return response

    def get(self, request, *args, **kwargs):
        # Found by id before the public view's `get`, so its answers for an address that is
        # not found (an old slug's redirect, a takedown) never apply. Never kept either: a
        # preview shows the article as it is on the desk now.
        self.reading = self.read(self.find_article())
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return self.reading["article"]

    def get_context_data(self, **kwargs):
        return super().get_context_data(preview=True, **kwargs)


@method_decorator(never_cache, name="dispatch")
class SharedPreviewView(ArticlePreviewView):
    """`/pratinjau/tautan/<token>/`: read-only, for the one the link was made for."""

    def get(self, request, *args, **kwargs):
        try:
            self.link = PreviewLink.objects.for_token(kwargs["token"])
        except PreviewLink.DoesNotExist:
            raise Http404 from None
        if self.link.shows_article():
            response = super().get(request, *args, **kwargs)
        else:
            response = render(request, "articles/preview_link_gone.html", status=410)
        # The address is the key: never hand it to other sites the article links to.
        response["Referrer-Policy"] = "no-referrer"
        return response

    def find_article(self):
        return Article.objects.for_reading().get(pk=self.link.article_id)

    def get_context_data(self, **kwargs):
        return super().get_context_data(shared_preview=self.link, **kwargs)


@method_decorator(never_cache, name="dispatch")
class WorkingCopyPreviewView(ArticlePreviewView):
    """`/pratinjau/<id>/perubahan/`: a published article with its unpublished change, as
    readers will see it once it is published (the live article is not touched)."""

    def find_article(self):
        article = super().find_article()
        copy = ArticleWorkingCopy.objects.filter(article=article).first()
        if copy is None:
            raise Http404
        related = copy.apply(article)
        # What the page reads through the relations, as the change has them (unsaved).
        for name, model in [("tags", Tag), ("credited_sources", Source), ("authors", Author)]:
            if name in related:
                by_pk = model.objects.in_bulk(related[name])
                chosen = model.objects.filter(pk__in=related[name])
                chosen._result_cache = [by_pk[pk] for pk in related[name] if pk in by_pk]
                chosen._prefetch_done = True
                article._prefetched_objects_cache[name] = chosen
        for name in ("section", "source", "featured_image"):
            # The objects the ids now name (the ones read with the article are the old ones).
            field = Article._meta.get_field(name)
            if field.is_cached(article) and getattr(article, field.attname) != getattr(
                field.get_cached_value(article), "pk", None
            ):
                field.delete_cached_value(article)
        return article
