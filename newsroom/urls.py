from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.generic import TemplateView
from django.views.static import serve

from articles import sitemaps
from articles.view_on_site import view_on_site

urlpatterns = [
    # Before the admin's own URLs: its "view on site" shortcut, replaced by a safe one.
    path(
        "admin/r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="view-on-site",
    ),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("articles.urls")),
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

if settings.NEWSROOM_SERVE_MEDIA:
    # Uploaded pictures from the local media folder, for a single server without a web server
    # or object store in front. Names are generated and content-checked at upload, so the
    # type guessed from the extension is the real one; SecurityMiddleware adds nosniff.
    def media(request, path):
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media)]
