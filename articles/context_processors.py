from django.conf import settings

from .models import Section


def menu_sections(request):
    """The sections in menu order, fetched once per request however many places show them."""
    if not hasattr(request, "_menu_sections"):
        request._menu_sections = list(Section.objects.only("name", "slug", "position"))
    return request._menu_sections


def site(request):
    """The publication's name and its sections, for the header and footer of every page."""
    return {"site_name": settings.NEWSROOM_SITE_NAME, "menu_sections": menu_sections(request)}
