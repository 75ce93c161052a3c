"""Full-text search over articles: one function, two engines.

On PostgreSQL the stored, trigger-maintained `search_vector` (Indonesian stemming, title
weighted above lead above body) is matched through its GIN index, and the matches are ranked
by their small `rank_vector` (title and lead): words in the title first, then in the lead;
matches in the body alone follow, newest first. On SQLite,
a portable fallback matches every word in title, lead or body and puts title hits first.
Callers get the same thing either way: a queryset narrowed and ordered by relevance,
with the text of each result's snippet as `snippet_raw`, for `snippet_for()`.

A snippet is cut from the lead and the body's opening, and the body often opens with the
lead itself: then the body is read without the lead (SQLite) or alone (PostgreSQL), and
`snippet_for()` drops any sentence the snippet already showed, whatever the engine.
"""

import hashlib
import re

from django.conf import settings
from django.contrib.postgres.search import (
    SearchQuery,
    SearchRank,
    SearchVectorExact,
    SearchVectorField,
)
from django.core.paginator import Paginator
from django.db import connection
from django.db.models import (
    Case,
    Count,
    ExpressionWrapper,
    F,
    Func,
    IntegerField,
    Q,
    TextField,
    Value,
    When,
    Window,
)
from django.db.models.functions import Concat, Greatest, Left, Length, Lower, StrIndex, Substr
from django.utils.html import escape
from django.utils.safestring import mark_safe

from articles import html
from caching.fragments import cached_when_asked_twice, caches_for_readers
from caching.keys import ARTICLES
from caching.paginators import CachedPage

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
# Private-use characters mark matches inside snippets until the text is escaped.
_MARK_START, _MARK_END = "\ue000", "\ue001"
_WORD = re.compile(r"\w+", re.UNICODE)
# Where a snippet's sentences and fragments part: an ellipsis (ours, or ts_headline's " ... "
# between fragments) or the space after a full stop, question or exclamation mark.
_SENTENCE_BREAK = re.compile(r"\s*(?:\.\.\.|…)\s+|(?<=[.!?])\s+")
# An initial or a title before a name (“H. Agus”, “Dr. Budi”, “Jl. Sudirman”) ends no sentence.
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-Z]|Dr|Drs|Dra|Ir|Hj|Prof|Jl|No|Tn|Ny|Sdr|St)\.$")
# Snippets are cut from the lead and the body's opening, where news puts its substance:
# highlighting costs PostgreSQL time in proportion to the text it reads.
SNIPPET_SOURCE_LENGTH = 800
_HEADLINE_OPTIONS = (
    f"StartSel={_MARK_START}, StopSel={_MARK_END}, MaxWords=35, MinWords=15, MaxFragments=2"
)
# Page numbers whose results are read with their count; any other (`last`, nonsense, past a
# 64-bit OFFSET) is counted first, then served or refused as Paginator does.
_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


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
    # The body's first paragraph is the lead, or begins with it (an import's lead often is).
    lead_opens_body = ~Q(lead="") & Q(body__startswith=Concat(Value("<p>"), F("lead")))
    if uses_postgresql():
        query = SearchQuery(words, config="indonesian", search_type="plain")
        # A lead holding every word is the snippet's source, a quarter of the text to
        # highlight; otherwise the lead and the body's opening are searched for the words.
        lead_matches = SearchVectorExact(_LeadLexemes("rank_vector"), query)
        opening = Func(
            F("lead"),
            Left("body", SNIPPET_SOURCE_LENGTH),
            template="%(expressions)s",
            arg_joiner=" || ' ' || ",
            output_field=TextField(),
        )
        return (
            queryset.filter(search_vector=query)
            .annotate(
                rank=SearchRank(F("rank_vector"), query),
                snippet_raw=_Headline(
                    Case(
                        When(lead_matches, then=F("lead")),
                        # The lead twice would give two fragments of one sentence.
                        When(lead_opens_body, then=Left("body", SNIPPET_SOURCE_LENGTH)),
                        default=opening,
                        output_field=TextField(),
                    ),
                    query,
                    Value(_HEADLINE_OPTIONS),
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
    # The excerpt starts a little before the first word's first place in the body, read
    # past the lead when it opens the body: the snippet shows the lead already.
    rest = Case(
        When(lead_opens_body, then=Substr("body", Length("lead") + len("<p>") + 1)),
        default=F("body"),
        output_field=TextField(),
    )
    first_hit = StrIndex(Lower(rest), Lower(Value(words.split()[0])))
    excerpt = Substr(rest, Greatest(first_hit - 120, 1), 320)
    return (
        queryset.filter(matches)
        .annotate(
            rank=ExpressionWrapper(title_hits, output_field=IntegerField()),
            snippet_raw=Concat("lead", Value(" … "), excerpt, output_field=TextField()),
        )
        .order_by("-rank", "-published_at", "-pk")
    )


def is_search(queryset):
    """Whether `queryset` holds the matches of a search, ranked and with their snippets (words
    that match nothing, or a refused query, leave a plain or empty queryset)."""
    return "snippet_raw" in queryset.query.annotations


class _LeadLexemes(Func):
    """The words of an article's lead in its search vector (weight B, as the trigger sets)."""

    template = "ts_filter(%(expressions)s, '{b}')"
    output_field = SearchVectorField()


class _Headline(Func):
    """`ts_headline` in the Indonesian configuration. Its options are one constant, where
    Django's SearchHeadline quotes each of them anew for every query."""

    template = "ts_headline('indonesian'::regconfig, %(expressions)s)"
    output_field = TextField()


class SearchPaginator(Paginator):
    """Counts a search's matches in the query that reads the page asked for.

    For anonymous readers, a search asked again while no public article changed is answered from
    the cache: its count and the page's ids and snippets (a breaking story's readers search
    for the same words). `key` names the search (its address and filters, without the page
    number). Past the last page, it counts on its own.
    """

    def __init__(self, *args, request, key, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        self.key = key

    def page(self, number):
        found = None
        if "count" not in self.__dict__ and _PAGE_NUMBER.fullmatch(str(number)):
            digest = hashlib.sha256(self.key.encode()).hexdigest()
            found = cached_when_asked_twice(
                self.request,
                f"search:{digest}:{number}",
                lambda: self._read_counting(int(number)),
                settings.NEWSROOM_COUNT_CACHE_SECONDS,
                # Any public article may match once it changes.
                keys=[ARTICLES],
            )
        if found is not None:
            self.count, rows = found
        page = super().page(number)
        if found is not None and caches_for_readers(self.request):
            # Like a list page read from the cache (`CachedCountPaginator`): the page's ids,
            # for `{% results %}` to read only what it does not keep.
            ids = [pk for pk, _snippet in rows]
            return CachedPage(
                self.object_list.filter(pk__in=ids), page.number, self, ids=ids, snippets=dict(rows)
            )
        if found is not None:
            page.object_list = rows
        return page

    def _get_page(self, *args, **kwargs):
        return CachedPage(*args, **kwargs)

    def _read_counting(self, number):
        """The page's matches and their count, or None past the last page."""
        start = (number - 1) * self.per_page
        counted = self.object_list.annotate(matches=Window(Count("pk")))[
            start : start + self.per_page
        ]
        if caches_for_readers(self.request):
            found = list(counted.values_list("pk", "snippet_raw", "matches"))
            rows = [(pk, snippet_raw) for pk, snippet_raw, _count in found]
            count = found[0][2] if found else 0
        else:
            rows = list(counted)
            count = rows[0].matches if rows else 0
        if rows or start == 0:
            return count, rows
        return None


def snippet_for(snippet_raw, text):
    """A short, escaped excerpt of a result of `search()` (from its `snippet_raw`), the
    query's words in `<mark>`; a sentence it shows once is not shown again."""
    plain = _without_repeats(html.strip_tags(snippet_raw))
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


def _without_repeats(text):
    """`text` without the sentences and fragments it already holds (compared by their words,
    whatever their case or marks); an ellipsis stands where one was left out after it."""
    kept, seen, between = [], set(), []
    for before, sentence in _sentences(text):
        between.append(before)
        key = " ".join(_WORD.findall(sentence.replace(_MARK_START, "").replace(_MARK_END, "")))
        key = key.casefold()
        if key and key in seen:
            continue
        seen.add(key)
        if kept:
            ellipses = [part for part in between if part.strip()]
            kept.append(ellipses[0] if ellipses else between[-1])
        kept.append(sentence)
        between = []
    return "".join(kept)


def _sentences(text):
    """`(separator before, sentence)` pairs of `text`, in order."""
    pieces, start, before = [], 0, ""
    for match in _SENTENCE_BREAK.finditer(text):
        sentence = text[start : match.start()]
        if not match.group().strip() and _ABBREVIATION.search(sentence):
            continue
        pieces.append((before, sentence))
        before, start = match.group(), match.end()
    pieces.append((before, text[start:]))
    return pieces
