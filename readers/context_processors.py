from django.conf import settings

from articles.models import Section, StaticPage
from caching.fragments import cached
from caching.keys import FRAME, shows


def frame(request):
    """The menu's sections and the footer's static pages, shown around every page: read once
    per request however many places show them, and kept for readers until they change."""
    if not hasattr(request, "frame"):
        request.frame = cached(request, "frame", read_frame, keys=[FRAME])
    # Every fragment that shows it shows the frame, however often the request reads it.
    shows(request, FRAME)
    return request.frame


def read_frame():
    return {
        "sections": list(Section.objects.only("name", "slug", "position")),
        "pages": list(StaticPage.objects.published().only("title", "slug")),
    }


def menu_sections(request):
    """The sections in menu order."""
    return frame(request)["sections"]


def site(request):
    """The publication's name, its sections and its static pages, for every page's frame."""
    return {
        "site_name": settings.NEWSROOM_SITE_NAME,
        # Callables: only templates that show the frame (not the desk's) read it.
        "menu_sections": lambda: menu_sections(request),
        "footer_pages": lambda: frame(request)["pages"],
    }
