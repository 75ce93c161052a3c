"""The editors' desk: the Django admin, made for a newsroom's writers and editors.

Each module registers the admin of one subject.
"""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from . import (  # noqa: F401 -- they register
    accounts,
    articles,
    embeds,
    feeds,
    frontpage,
    images,
    integrity,
    live,
    tasks,
    taxonomy,
    topics,
    webhooks,
)

admin.site.site_header = _("Newsroom desk")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editors' desk")
# Its home is the day's work (desk/dashboard.py, served at /admin/ by desk/urls.py).
admin.site.index_template = "admin/desk_index.html"
