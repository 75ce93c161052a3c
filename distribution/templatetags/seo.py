import json

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from distribution import seo

register = template.Library()

# The escapes of Django's json_script: with no <, > or & left, no headline can close the
# script element early or open another one.
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.filter
def json_ld(data):
    """A `<script type="application/ld+json">` element holding `data`."""
    escaped = json.dumps(data, cls=DjangoJSONEncoder).translate(_JSON_SCRIPT_ESCAPES)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(escaped),  # noqa: S308 -- <, > and & are escaped on the line above
    )


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    """`path` as a full address on the host the page was asked for."""
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def news_article(context, article, tags):
    return seo.news_article(
        context["request"],
        article,
        tags,
        live_report=context.get("live_report"),
        live_updates=context.get("live_updates", ()),
    )


@register.simple_tag(takes_context=True)
def collection_page(context, name):
    return seo.collection_page(context["request"], name)


@register.simple_tag(takes_context=True)
def topic_item_list(context, topic, articles, first_position=1):
    return seo.topic_item_list(context["request"], topic, articles, first_position)


@register.simple_tag(takes_context=True)
def most_read_list(context, name, entries):
    return seo.most_read_list(context["request"], name, entries)


@register.simple_tag(takes_context=True)
def breadcrumbs(context, article):
    return seo.breadcrumbs(context["request"], article)


@register.simple_tag(takes_context=True)
def sharing_tags(context, article, tags):
    return seo.sharing_tags(context["request"], article, tags)


@register.simple_tag
def list_robots(filterset, page_obj):
    return seo.list_robots(filterset, page_obj)


@register.simple_tag
def taxonomy_feeds(taxonomy):
    return seo.taxonomy_feeds(taxonomy)


@register.filter
def iso_datetime(value):
    return seo.iso_datetime(value)
