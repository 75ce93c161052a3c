"""The desk's own addresses under /admin/, matched before the admin's."""

from django.contrib import admin
from django.urls import path

from . import dashboard, pictures
from .view_on_site import view_on_site

urlpatterns = [
    # The desk's home: the admin's index with the day's queues and output above it.
    path("", admin.site.admin_view(dashboard.index), name="desk-index"),
    # The admin's "view on site" shortcut, replaced by one that opens only public addresses.
    path(
        "r/<path:content_type_id>/<path:object_id>/",
        admin.site.admin_view(view_on_site),
        name="view-on-site",
    ),
    # The body editor's picture dialog: the library's pictures, and an upload.
    path("gambar/pilih/", admin.site.admin_view(pictures.picker), name="desk-pictures"),
    path("gambar/unggah/", admin.site.admin_view(pictures.upload), name="desk-picture-upload"),
]
