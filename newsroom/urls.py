from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path
from django.views.static import serve

from newsroom.health import healthz

urlpatterns = [
    # Before the admin's own URLs: the desk's replacements for some of them.
    path("admin/", include("desk.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("healthz", healthz, name="healthz"),
    path("api/", include("api.urls")),
    path("", include("readers.urls")),
    path("", include("distribution.urls")),
]

# Never when media is on object storage (settings turn it off): the store or its CDN serves it.
if settings.NEWSROOM_SERVE_MEDIA:
    # Uploaded pictures from the local media folder, for a single server without a web server
    # or object store in front. Names are generated and content-checked at upload, so the
    # type guessed from the extension is the real one; SecurityMiddleware adds nosniff.
    def media(request, path):
        return serve(request, path, document_root=settings.MEDIA_ROOT)

    urlpatterns += [re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media)]
