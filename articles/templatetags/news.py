from django import template
from django.utils.safestring import mark_safe

from .. import dates, html, search

register = template.Library()


@register.filter
def long_datetime(value):
    return dates.long_datetime(value)


@register.filter
def short_date(value):
    return dates.short_date(value)


@register.filter
def body_html(value, sponsored=False):
    """Output article HTML: passed again through the one sanitizing policy, then trusted.

    `{{ body|body_html:article.is_sponsored }}` marks a sponsored article's links as such.
    """
    return mark_safe(html.sanitize(value, sponsored=bool(sponsored)))  # noqa: S308 -- sanitized by nh3 on the line itself


@register.simple_tag
def snippet(article, query):
    return search.snippet_for(article, query)
