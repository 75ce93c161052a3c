"""Full-text search over articles: one function, two engines.

On PostgreSQL the stored, trigger-maintained `search_vector` (Indonesian stemming, title
weighted above lead above body) is matched through its GIN index and ranked. On SQLite,
a portable fallback matches every word in title, lead or body and puts title hits first.
Callers get the same thing either way: a queryset narrowed and ordered by relevance,
with a `snippet` for each result through `snippet_for()`.
"""

import re

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import Case, ExpressionWrapper, F, IntegerField, Q, TextField, Value, When
from django.db.models.functions import Concat, Greatest, Left, Lower, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import html

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Private-use characters mark matches inside snippets until the text is escaped.
_MARK_START, _MARK_END = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
# Snippets are cut from the lead and the body's opening, where news puts its substance:
# highlighting costs PostgreSQL time in proportion to the text it reads.
SNIPPET_SOURCE_LENGTH = 800


def clean_query(text):
    """The words of a reader's query, bounded in length and count."""
    return " ".join(_WORD.findall((text or "")[:MAX_QUERY_LENGTH])[:MAX_WORDS])


def uses_postgresql():
    return connection.vendor == "postgresql"


def search(queryset, text):
    """Narrow `queryset` to articles matching `text`, most relevant first."""
    words = clean_query(text)
    if not words:
        return queryset.none()
    if uses_postgresql():
        query = SearchQuery(words, config="indonesian", search_type="plain")
        return (
            queryset.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("search_vector"), query),
                snippet_raw=SearchHeadline(
                    Concat(
                        "lead",
                        Value(" "),
                        Left("body", SNIPPET_SOURCE_LENGTH),
                        output_field=TextField(),
                    ),
                    query,
                    config="indonesian",
                    start_sel=_MARK_START,
                    stop_sel=_MARK_END,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                ),
            )
            .order_by("-rank", "-published_at", "-pk")
        )
    matches = Q()
    for word in words.split():
        matches &= Q(title__icontains=word) | Q(lead__icontains=word) | Q(body__icontains=word)
    title_hits = sum(
        (Case(When(title__icontains=w, then=Value(1)), default=Value(0)) for w in words.split()),
        Value(0),
    )
    # The excerpt starts a little before the first word's first place in the body.
    first_hit = StrIndex(Lower("body"), Lower(Value(words.split()[0])))
    excerpt = Substr("body", Greatest(first_hit - 120, 1), 320)
    return (
        queryset.filter(matches)
        .annotate(
            rank=ExpressionWrapper(title_hits, output_field=IntegerField()),
            snippet_raw=Concat("lead", Value(" … "), excerpt, output_field=TextField()),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def snippet_for(article, text):
    """A short, escaped excerpt of the article with the query's words in `<mark>`."""
    plain = html.strip_tags(getattr(article, "snippet_raw", None) or article.lead)
    if _MARK_START not in plain:
        plain = _mark_words(plain, clean_query(text))
    escaped = escape(plain).replace(_MARK_START, "<mark>").replace(_MARK_END, "</mark>")
    # Safe: the text was escaped above; only our own <mark> tags are added back.
    return mark_safe(escaped)  # noqa: S308


def _mark_words(text, words):
    if not words:
        return text
    pattern = re.compile("|".join(re.escape(w) for w in words.split()), re.IGNORECASE)
    return pattern.sub(lambda m: f"{_MARK_START}{m.group(0)}{_MARK_END}", text)
