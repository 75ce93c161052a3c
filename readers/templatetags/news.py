from django import template
from django.db.models import QuerySet
from django.template import engines
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from articles import dates, html
from articles.models import Article
from caching.fragments import cached_for_each, caches_for_readers
from caching.paginators import CachedPage
from readers import search
from readers.reading import card_keys

register = template.Library()


@register.filter
def long_datetime(value):
    return dates.long_datetime(value)


@register.filter
def long_date(value):
    return dates.long_date(value)


@register.filter
def clock_time(value):
    return dates.clock_time(value)


@register.filter
def short_date(value):
    return dates.short_date(value)


@register.filter
def machine_datetime(value):
    """The `datetime` of a `<time>` element: ISO 8601 to the second, in the site's zone.

    HTML allows at most three digits of a second's fraction; Django's `date:'c'` gives six.
    """
    return timezone.localtime(value).isoformat(timespec="seconds") if value else ""


def partial(name):
    """The Jinja2 template `_partials/<name>.jinja` (`readers.jinja`), compiled once."""
    return engines["jinja2"].env.get_template(f"_partials/{name}.jinja")


def partial_html(name, **context):
    """`_partials/<name>.jinja` rendered with `context`, as HTML to include as it is."""
    # Safe: the output of our autoescaping template.
    return mark_safe(partial(name).render(**context))  # noqa: S308


@register.simple_tag
def picture(image, **options):
    """`{% picture image class=… loading=… sizes=… %}`: `<picture>` with the renditions."""
    options = {name: value for name, value in options.items() if value}
    return partial_html("picture", image=image, **options)


@register.simple_tag
def labels(article):
    """`{% labels article %}`: the labels readers see on an article ("Opini", "Belum
    terverifikasi")."""
    return partial_html("labels", article=article)


@register.simple_tag
def short_time(value):
    """`<time>` with `short_date`'s text, marked `data-relative` when that text is relative to
    now ("2 jam yang lalu"): it ages, so the cache in front keeps such a page only briefly
    (`caching.middleware`)."""
    now = timezone.now()
    element = (
        '<time datetime="{}" data-relative>{}</time>'
        if dates.is_relative(value, now=now)
        else '<time datetime="{}">{}</time>'
    )
    return format_html(element, machine_datetime(value), dates.short_date(value, now=now))


@register.filter
def body_html(value, sponsored=False):
    """Output article HTML: passed again through the one sanitizing policy, then trusted.

    `{{ body|body_html:article.is_sponsored }}` marks a sponsored article's links as such.
    """
    return html.reader_html(value, sponsored=bool(sponsored))


# Where `_partials/result.jinja` puts the snippet; autoescaping keeps it out of any content.
SNIPPET_SLOT = "<!--snippet-->"


@register.simple_tag(takes_context=True)
def results(context, articles, query):
    """`{% results page_obj query %}`: each search result, its snippet for this query.

    Around the snippet, a result is the same for every query: that markup is kept like a card.
    """
    request = context["request"]
    result = partial("result")
    if isinstance(articles, CachedPage) and articles.ids is not None:
        # Read from the cache: the page's ids and snippets (see search.SearchPaginator).
        ids, snippets = articles.ids, articles.snippets

        def load(missing):
            return Article.objects.for_results().in_bulk(missing)
    else:
        known = {article.pk: article for article in articles}
        ids = list(known)
        snippets = {pk: article.snippet_raw for pk, article in known.items()}

        def load(missing):
            return known

    def render(missing):
        found = load(missing)
        fragments = {}
        for pk in missing:
            if pk in found:  # not deleted since the search
                halves = result.render(article=found[pk]).split(SNIPPET_SLOT)
                # Safe: both halves are our autoescaping template's output.
                fragments[pk] = (
                    tuple(mark_safe(half) for half in halves),  # noqa: S308
                    card_keys(found[pk], picture=False, byline=False),
                )
        return fragments

    kept = cached_for_each(request, f"result:{get_language()}", ids, render)
    return format_html_join(
        "",
        "{}{}{}",
        (
            (head, search.snippet_for(snippets[pk], query), tail)
            for pk, (head, tail) in kept.items()
        ),
    )


@register.simple_tag(takes_context=True)
def cards(context, articles, **options):
    """`{% cards articles show_lead=True level=3 %}`: a card for each of `articles` (a list,
    a queryset or a page of a list).

    Each card is kept per language and set of options until what it shows changes, and the
    cards of a list are read from the cache together. Of a queryset only the ids are read
    while every card is kept (of a page read from the cache, not even those); whole rows
    only for the cards that are not.
    """
    request = context["request"]
    if isinstance(articles, CachedPage):
        ids, articles = articles.ids, articles.object_list
    else:
        ids = None
    if isinstance(articles, QuerySet) and caches_for_readers(request):
        if ids is None:
            ids = list(articles.prefetch_related(None).values_list("pk", flat=True))

        def load(missing):
            return Article.objects.for_listing().in_bulk(missing)
    else:
        known = {article.pk: article for article in articles}
        ids = list(known)

        def load(missing):
            return known

    def keys_of_card(article):
        return card_keys(article, byline=bool(options.get("show_authors")))

    def render(missing):
        found = load(missing)
        fragments = {}
        for pk in missing:
            if pk in found:
                html = partial_html("card", article=found[pk], **options)
                fragments[pk] = (html, keys_of_card(found[pk]))
        return fragments

    variant = ",".join(f"{name}={value}" for name, value in sorted(options.items()))
    name = f"card:{get_language()}:{variant}"
    # Each card comes from our autoescaping template, so format_html_join keeps it as is.
    return format_html_join(
        "", "{}", ((html,) for html in cached_for_each(request, name, ids, render).values())
    )
