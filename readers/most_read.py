"""`/terpopuler/`, the Terpopuler blocks, and the address visits are counted at."""

import logging
from datetime import timedelta

from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView

from articles.models import Article, most_read
from caching.fragments import cached
from caching.keys import MOST_READ, key_of, shows
from readers import popular
from readers.context_processors import menu_sections

logger = logging.getLogger(__name__)
PERIODS = {
    "day": (timedelta(hours=24), _("Last 24 hours")),
    "week": (timedelta(days=7), _("Last 7 days")),
}
BLOCK_LENGTH = 5
PAGE_LENGTH = 10


@csrf_exempt  # no cookie is read or set, and nothing but a count changes
@require_POST
@never_cache
def count_visit(request, pk):
    try:
        popular.count_visit(request, pk)
    except Exception:  # noqa: BLE001 -- a lost count must never trouble the reader
        logger.warning("a visit could not be counted", exc_info=True)
    response = HttpResponse(status=204)
    # Nothing the reader reads back: no mark that sends them to the primary database.
    response.counts_as_write = False
    return response


def read_most(request, period, *, section=None, limit):
    """The most read published articles of `period` ("day" or "week"), kept until the next
    roll-up or a change to one of them; as `(article, views)` pairs."""
    since = timezone.now() - PERIODS[period][0]

    def read():
        articles = most_read(
            Article.objects.published()
            .select_related("section")
            .only("title", "slug", "published_at", "section__name", "section__slug"),
            since,
            section=section,
            limit=limit,
        )
        found = [(article, article.recent_views) for article in articles]
        for article, _views in found:
            shows(request, key_of(article))
        return found

    name = f"most-read:{period}:{section.pk if section else ''}:{limit}"
    # Not `published`: an article enters the lists only by a roll-up, and leaves them when it
    # is unpublished or taken down, which moves its own key (each article shown is a key).
    return cached(request, name, read, keys=[MOST_READ])


def block(request):
    """The Terpopuler block of the home page and the article pages."""
    return read_most(request, "day", limit=BLOCK_LENGTH)


class MostReadView(TemplateView):
    template_name = "articles/most_read.html"

    def get_context_data(self, **kwargs):
        sections = menu_sections(self.request)
        asked = self.request.GET.get("rubrik", "")
        section = next((s for s in sections if s.slug == asked), None)
        return super().get_context_data(
            section=section,
            unknown_section=bool(asked) and section is None,
            sections=sections,
            periods=[
                (key, label, read_most(self.request, key, section=section, limit=PAGE_LENGTH))
                for key, (_length, label) in PERIODS.items()
            ],
            **kwargs,
        )
