"""An article's gallery (“Foto”): one picture a page, `/berita/<slug>/foto/` the first and
`/berita/<slug>/foto/<n>/` the others, each reached by plain links (previous, next and a
list of all), so it reads without JavaScript and by keyboard; `static/js/gallery.js` only
adds the arrow keys."""

from django.http import Http404, HttpResponsePermanentRedirect
from django.urls import reverse
from django.views.generic import TemplateView

from articles.models import Article, GalleryItem
from caching.fragments import cached
from caching.keys import key_of, shows


def gallery_url(article, number=1):
    if number == 1:
        return reverse("articles:gallery", args=[article.slug])
    return reverse("articles:gallery-picture", args=[article.slug, number])


class GalleryView(TemplateView):
    template_name = "articles/gallery.html"

    def get(self, request, *args, **kwargs):
        if kwargs.get("number") == 1:  # the first picture has the gallery's own address
            return HttpResponsePermanentRedirect(gallery_url(self.read()["article"]))
        return super().get(request, *args, **kwargs)

    def read(self):
        if not hasattr(self, "gallery"):
            slug = self.kwargs["slug"]
            self.gallery = cached(self.request, f"gallery:{slug}", lambda: self.read_shown(slug))
        return self.gallery

    def read_shown(self, slug):
        article = (
            Article.objects.published()
            .select_related("section")
            .only("title", "slug", "lead", "published_at", "section__name", "section__slug")
            .filter(slug=slug)
            .first()
        )
        items = list(GalleryItem.objects.for_readers().filter(article=article)) if article else []
        if not items:
            raise Http404("No gallery here.")
        for number, item in enumerate(items, start=1):
            item.number, item.url = number, gallery_url(article, number)
        shows(self.request, key_of(article), *{f"image-{item.image_id}" for item in items})
        return {"article": article, "items": items}

    def get_context_data(self, **kwargs):
        gallery = self.read()
        items = gallery["items"]
        number = self.kwargs.get("number", 1)
        if not 1 <= number <= len(items):
            raise Http404("No such picture in this gallery.")
        return super().get_context_data(
            **gallery,
            item=items[number - 1],
            previous=items[number - 2] if number > 1 else None,
            next=items[number] if number < len(items) else None,
            **kwargs,
        )
