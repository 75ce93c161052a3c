"""The list's filters: the readers' own (`readers.filters.ArticleFilter`), with two changes
a cursor list needs. A section is named like a tag, source or author (a slug that matches
nothing lists nothing), without reading the menu's sections first; and words only narrow the
list, which stays in time order (a cursor cannot follow relevance: a page's place in it moves
with every new match)."""

import django_filters

from readers import search
from readers.filters import ArticleFilter


class ApiArticleFilter(ArticleFilter):
    rubrik = django_filters.CharFilter(field_name="section__slug", max_length=100)
    # Its own: the readers' form classes are kept by their section choices.
    _form_classes = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["rubrik"].extra.pop("choices", None)

    def filter_words(self, queryset, name, value):
        return queryset.filter(pk__in=search.search(queryset, value).values("pk"))

    def filter_order(self, queryset, name, value):
        return queryset  # the view orders the list (`urut`) for its cursor

    @property
    def oldest_first(self):
        return self.form.cleaned_data.get("urut") == "terlama"


# The query parameters of the list, for its documentation.
PARAMETERS = {
    "q": "Words to find (title, lead, body).",
    "rubrik": "A section's slug.",
    "tag": "A tag's slug; repeat for articles carrying every one (at most 5).",
    "sumber": "A source's slug: articles from it or crediting it.",
    "penulis": "An author's slug.",
    "dari": "Published on or after this day (YYYY-MM-DD, Jakarta time).",
    "sampai": "Published on or before this day (YYYY-MM-DD, Jakarta time).",
    "urut": "terbaru (newest first, the default) or terlama (oldest first).",
}
