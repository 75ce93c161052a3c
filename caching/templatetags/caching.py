"""`{% cache_for_readers name [var ...] %}...{% endcache_for_readers %}`: Django's own
`{% cache %}` tag, for anonymous readers only.

The block is kept in the readers' cache for `NEWSROOM_FRAGMENT_CACHE_SECONDS`, varying with
the content version, the language and each `var`, as `{% cache %}` varies with its own;
staff and previews always get it rendered afresh (`caching.fragments.caches_for_readers`).
"""

from django import template
from django.conf import settings
from django.templatetags.cache import CacheNode
from django.utils.translation import get_language

from caching.fragments import caches_for_readers
from caching.version import readers_cache_alias, request_version

register = template.Library()


class _FragmentSeconds:
    """The timeout, read from the settings when the block renders (tests change it)."""

    var = "NEWSROOM_FRAGMENT_CACHE_SECONDS"

    def resolve(self, context):
        return settings.NEWSROOM_FRAGMENT_CACHE_SECONDS


class _VersionAndLanguage:
    var = "content version"

    def resolve(self, context):
        return f"{request_version(context['request'])['version']}:{get_language()}"


class _ReadersCache:
    var = "readers"

    def resolve(self, context):
        return readers_cache_alias()


class ReaderFragmentNode(CacheNode):
    def render(self, context):
        if not caches_for_readers(context["request"]):
            return self.nodelist.render(context)
        return super().render(context)


@register.tag
def cache_for_readers(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "{% cache_for_readers %} takes a name, then the variables it varies with."
        )
    nodelist = parser.parse(("endcache_for_readers",))
    parser.delete_first_token()
    return ReaderFragmentNode(
        nodelist,
        _FragmentSeconds(),
        bits[1],
        [_VersionAndLanguage(), *(parser.compile_filter(bit) for bit in bits[2:])],
        _ReadersCache(),
    )
