"""The desk's answer to a locked-out login."""

from django.conf import settings
from django.contrib import admin
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _


def lockout_response(request, original_response, credentials):
    """django-axes' answer to a locked-out login: the desk's page, saying for how long."""
    context = admin.site.each_context(request) | {
        "title": _("Too many failed logins"),
        "minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        "failure_limit": settings.AXES_FAILURE_LIMIT,
    }
    return render(request, "admin/lockout.html", context, status=429)
