from django.conf import settings

from .cache import footer_pages, kept_for_readers
from .models import Section


def menu_sections(request):
    """The sections in menu order, fetched once per request however many places show them."""
    if not hasattr(request, "_menu_sections"):
        request._menu_sections = kept_for_readers(
            request, "menu-sections", lambda: list(Section.objects.only("name", "slug", "position"))
        )
    return request._menu_sections


def site(request):
    """The publication's name, its sections and its static pages, for every page's frame."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        "menu_sections": menu_sections(request),
        # A callable: only templates that show the footer ask for the pages.
        "footer_pages": footer_pages,
    }
