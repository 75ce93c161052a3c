"""Live reports as readers see them: the updates under the article, newest first and the
pinned ones on top, and `/berita/<slug>/terbaru/`, the newest updates as an HTML fragment
that the page's script (`static/js/live.js`) asks for every `NEWSROOM_LIVE_POLL_SECONDS`.

The fragment is made from the article page's own kept data (`reading:<slug>`), so it costs
what the page costs, and is kept by the page cache under the article's content key: an
update saved moves it on, and until then every poll is answered 304 from the cache."""

from django.conf import settings
from django.http import Http404
from django.views.generic import TemplateView

from articles import html
from caching.fragments import cached

from . import embeds

# How many of the newest updates a poll returns (the pinned ones besides).
POLLED_UPDATES = 20


def live_reading(article, body_embeds):
    """What the page shows of a live report: its updates, each with its HTML ready, and the
    embeds they show; nothing for an article that is not one."""
    report = getattr(article, "live_report", None)
    if report is None:
        return {"live_report": None, "live_updates": [], "live_embeds": []}
    updates = list(article.live_updates.for_reading())
    attached = [update.embed for update in updates if update.embed_id]
    found = embeds.embeds_of(*(update.body for update in updates), extra=[*body_embeds, *attached])
    for update in updates:
        update.html = embeds.with_placeholders(html.reader_html(update.body), found)
    return {"live_report": report, "live_updates": updates, "live_embeds": list(found.values())}


def latest_updates(updates):
    """The pinned updates and the newest `POLLED_UPDATES` of the others."""
    pinned = [update for update in updates if update.pinned]
    others = [update for update in updates if not update.pinned][:POLLED_UPDATES]
    return pinned + others


class LiveUpdatesView(TemplateView):
    """`/berita/<slug>/terbaru/`: the newest updates of a live report, as HTML."""

    template_name = "articles/live_updates.html"

    def get_context_data(self, **kwargs):
        from readers.views import ArticleDetailView  # the view imports this module

        page = ArticleDetailView(request=self.request, kwargs=self.kwargs)
        reading = cached(self.request, f"reading:{self.kwargs['slug']}", page.read_shown)
        if reading["live_report"] is None:
            raise Http404
        return super().get_context_data(
            article=reading["article"],
            live_report=reading["live_report"],
            live_updates=latest_updates(reading["live_updates"]),
            **kwargs,
        )


def poll_seconds():
    return settings.NEWSROOM_LIVE_POLL_SECONDS
