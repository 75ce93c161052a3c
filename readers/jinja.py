"""The Jinja2 environment of the partials every list repeats: a card, a search result, a
picture and an article's labels (`templates/_partials/*.jinja`).

A list page shows dozens of cards, and Django's template engine spends most of a cold list's
rendering on them; Jinja2 (Django's own `Jinja2` backend) renders the same markup in about
half the time (`bench/README.md`). The pages around them stay Django templates; their
`{% cards %}`, `{% results %}`, `{% picture %}` and `{% labels %}` tags render these. The
environment has what those partials use: the `news` filters and tags, Django's translations
(`_`, `gettext`, `ngettext`, `pgettext`: `make messages` reads `.jinja` files too), and
autoescaping, which keeps Django's safe strings as they are.
"""

from django.template.defaultfilters import truncatewords
from django.utils.translation import gettext, ngettext, npgettext, pgettext
from jinja2 import Environment

from articles.models.querysets import card_byline
from readers.templatetags import news


def environment(**options):
    options.setdefault("extensions", []).append("jinja2.ext.i18n")
    env = Environment(**options)  # noqa: S701 -- Django's backend sets autoescape=True
    env.install_gettext_callables(
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )
    env.globals.update(short_time=news.short_time, card_byline=card_byline)
    env.filters.update(
        machine_datetime=news.machine_datetime,
        clock_time=news.clock_time,
        truncatewords=truncatewords,
    )
    return env
