"""The desk's own addresses under /admin/, matched before the admin's."""

from django.contrib import admin
from django.urls import path

from . import dashboard, editor_labels, notifications, pictures
from .view_on_site import view_on_site

urlpatterns = [
    # The desk's home: the admin's index with the day's queues and output above it.
    path("", admin.site.admin_view(dashboard.index), name="desk-index"),
    # The body editor's labels in the desk's language (desk/editor_labels.py).
    path("editor-labels.js", editor_labels.labels_script, name="desk-editor-labels"),
    path("notifikasi/", notifications.notification_list, name="desk-notifications"),
    path("notifikasi/baca/", notifications.mark_all_read, name="desk-notifications-read"),
    path("notifikasi/<int:pk>/", notifications.open_notification, name="desk-notification"),
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
