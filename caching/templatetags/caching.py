"""`{% cache_for_readers name [var ...] [keys=list] %}...{% endcache_for_readers %}`: a
fragment kept for anonymous readers, as Django's own `{% cache %}` keeps one.

The block is kept in the readers' cache for `NEWSROOM_FRAGMENT_CACHE_SECONDS`, varying with
the language and each `var`, as `{% cache %}` varies with its own, and good until a content
key it shows moves on (`caching.keys`): those shown while it renders (cards name theirs), and
`keys`, those of the data the view read for it beforehand. Staff and previews always get it
rendered afresh (`caching.fragments.caches_for_readers`).
"""

from django import template
from django.core.cache.utils import make_template_fragment_key
from django.utils.translation import get_language

from caching.fragments import cached

register = template.Library()


class ReaderFragmentNode(template.Node):
    def __init__(self, nodelist, name, vary_on, keys):
        self.nodelist, self.name, self.vary_on, self.keys = nodelist, name, vary_on, keys

    def render(self, context):
        vary_on = [get_language(), *(var.resolve(context) for var in self.vary_on)]
        return cached(
            context["request"],
            make_template_fragment_key(self.name, vary_on),
            lambda: self.nodelist.render(context),
            keys=(self.keys.resolve(context) or ()) if self.keys else (),
        )


@register.tag
def cache_for_readers(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(
            "{% cache_for_readers %} takes a name, then the variables it varies with."
        )
    keys = None
    if bits[-1].startswith("keys="):
        keys = parser.compile_filter(bits.pop()[len("keys=") :])
    nodelist = parser.parse(("endcache_for_readers",))
    parser.delete_first_token()
    return ReaderFragmentNode(
        nodelist, bits[1], [parser.compile_filter(bit) for bit in bits[2:]], keys
    )
