from django.conf import settings

from articles.models import BreakingNews, Section, StaticPage
from caching.fragments import cached
from caching.keys import BREAKING, FRAME, key_of, shows


def frame(request):
    """The menu's sections, the footer's static pages and the breaking-news banner, shown
    around every page: read once per request however many places show them, and kept for
    readers until they change (a banner's end is a scheduled change: `caching.schedule`)."""
    if not hasattr(request, "frame"):
        request.frame = cached(
            request, "frame", lambda: read_frame(request), keys=[FRAME, BREAKING]
        )
    # Every fragment that shows it shows the frame, however often the request reads it.
    shows(request, FRAME, BREAKING)
    return request.frame


def read_frame(request):
    banner = (
        BreakingNews.objects.raised()
        .select_related("article")
        .only("text", "ends_at", "article__slug", "article__title")
    )
    banner = banner.first()
    if banner is not None and banner.article_id:
        shows(request, key_of(banner.article))
    return {
        "sections": list(Section.objects.only("name", "slug", "position")),
        "pages": list(StaticPage.objects.published().only("title", "slug")),
        "breaking": banner,
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
        "breaking_news": lambda: frame(request)["breaking"],
    }
