"""The readers' filter form for every article list (`/berita/` and the taxonomy pages)."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from readers import search

# Every parameter that takes several values takes at most this many.
MAX_VALUES = 5


class SlugListField(forms.MultipleChoiceField):
    """A few slugs; one that matches nothing simply lists nothing."""

    widget = forms.MultipleHiddenInput

    def valid_value(self, value):
        # PostgreSQL refuses NUL in text, so a NUL must stop here as a visible error.
        return len(value) <= 100 and "\x00" not in value

    def validate(self, value):
        if len(value) > MAX_VALUES:
            raise ValidationError(
                _("Choose at most %(limit)d."),
                code="too_many_values",
                params={"limit": MAX_VALUES},
            )
        super().validate(value)


class AllTagsFilter(django_filters.MultipleChoiceFilter):
    """Articles carrying every tag asked for, in one subquery however many are asked."""

    field_class = SlugListField

    def filter(self, queryset, value):
        return queryset.with_all_tags(value) if value else queryset


class ArticleFilter(django_filters.FilterSet):
    """Narrows the published queryset a view hands it; never widens it."""

    q = django_filters.CharFilter(
        label=_("Words"),
        method="filter_words",
        max_length=search.MAX_QUERY_LENGTH,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Search news…")}),
    )
    rubrik = django_filters.ChoiceFilter(
        label=_("Section"), field_name="section__slug", empty_label=_("All sections")
    )
    tag = AllTagsFilter(label=_("Tags"))
    sumber = django_filters.CharFilter(
        label=_("Source"), method="filter_source", max_length=150, widget=forms.HiddenInput
    )
    penulis = django_filters.CharFilter(
        label=_("Author"), field_name="authors__slug", max_length=150, widget=forms.HiddenInput
    )
    dari = django_filters.DateFilter(
        label=_("From"),
        field_name="published_at",
        lookup_expr="date__gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    sampai = django_filters.DateFilter(
        label=_("Until"),
        field_name="published_at",
        lookup_expr="date__lte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    urut = django_filters.ChoiceFilter(
        label=_("Order"),
        choices=[("terbaru", _("Newest first")), ("terlama", _("Oldest first"))],
        empty_label=None,
        method="filter_order",
    )

    class Meta:
        model = Article
        fields = []

    # Form classes by section choices: django-filter builds one for every filterset, but
    # each form copies its class's fields, so one class can serve every request.
    _form_classes = {}

    def __init__(self, *args, sections=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.section_choices = tuple((s.slug, s.name) for s in sections)
        self.filters["rubrik"].extra["choices"] = self.section_choices

    def get_form_class(self):
        form_class = self._form_classes.get(self.section_choices)
        if form_class is None:
            if len(self._form_classes) >= 8:  # sections renamed again and again
                self._form_classes.clear()
            form_class = self._form_classes[self.section_choices] = super().get_form_class()
        return form_class

    def filter_words(self, queryset, name, value):
        return search.search(queryset, value)

    def filter_source(self, queryset, name, value):
        return queryset.from_source(value)

    def filter_order(self, queryset, name, value):
        if value == "terlama":
            return queryset.order_by("published_at", "pk")
        return queryset
