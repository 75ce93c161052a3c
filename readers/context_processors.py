from django.conf import settings

from caching.cache import frame


def menu_sections(request):
    """The sections in menu order, read once per request however many places show them."""
    return frame(request)["sections"]


def site(request):
    """The publication's name, its sections and its static pages, for every page's frame."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # Callables: only templates that show the frame (not the desk's) read it.
        "menu_sections": lambda: menu_sections(request),
        "footer_pages": lambda: frame(request)["pages"],
    }
