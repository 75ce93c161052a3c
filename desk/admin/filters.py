"""The desk's filters by section, source, tag and author, made for an archive of a million
articles, their choices read in one query.

Django's `RelatedOnlyFieldListFilter` finds its choices by reading the tags of every article
on the desk, and filtering by a many-to-many field makes the whole list DISTINCT: its page,
its count and its date hierarchy then read every row of the tag before the first is shown.
These filters keep Django's parameters (`section__id__exact`, `tags__id__exact`…) and
choices (every section and source; the tags and authors the person's articles have), but
ask for them differently: the four lists of choices are one UNION, the tags and authors one
index probe each (an editor's desk holds every article), and the list by a tag or author as
the articles whose id is among its, which repeats no article and needs no DISTINCT.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db import models
from django.db.models import Exists, OuterRef, Value

from articles.models import Section, Source


def _used(model, through, article_field, other_field, articles):
    """`model`'s rows that the relation `through` links to one of `articles` (None: any)."""
    used = through.objects.order_by().filter(**{other_field: OuterRef("pk")})
    if articles is not None:
        used = used.filter(**{f"{article_field}__in": articles.order_by().values("pk")})
    return model.objects.filter(Exists(used))


def filter_choices(request, model_admin):
    """`{relation: [(id, name)]}` for the four filters, read once per request (one query)."""
    cached = getattr(request, "_desk_filter_choices", None)
    if cached is not None:
        return cached
    articles = model_admin.get_queryset(request)
    # A writer's own articles: only what they have; an editor's desk holds every article.
    mine = articles if articles.query.has_filters() else None
    model = model_admin.model
    parts = [Section.objects.all(), Source.objects.all()]
    for relation in ("tags", "authors"):
        field = model._meta.get_field(relation)
        through = field.remote_field.through
        parts.append(
            _used(
                field.related_model,
                through,
                field.m2m_field_name(),
                field.m2m_reverse_field_name(),
                mine,
            )
        )
    names = ["section", "source", "tags", "authors"]
    rows = [
        part.order_by().values_list(
            Value(name, output_field=models.CharField()),
            "pk",
            "name",
            Value(0, output_field=models.IntegerField())
            if name != "section"
            else models.F("position"),
        )
        for name, part in zip(names, parts, strict=True)
    ]
    choices = {name: [] for name in names}
    for name, pk, label, position in rows[0].union(*rows[1:], all=True):
        choices[name].append((position, label, pk))
    request._desk_filter_choices = {
        name: [(str(pk), label) for _position, label, pk in sorted(found)]
        for name, found in choices.items()
    }
    return request._desk_filter_choices


class ChoicesFilter(admin.SimpleListFilter):
    """A filter by one of the article's relations, with Django's parameter name."""

    relation = None

    def __init__(self, request, params, model, model_admin):
        self.field = model._meta.get_field(self.relation)
        self.title = self.field.verbose_name
        self.parameter_name = f"{self.relation}__id__exact"
        super().__init__(request, params, model, model_admin)

    def lookups(self, request, model_admin):
        return filter_choices(request, model_admin)[self.relation]

    def chosen(self):
        try:
            return int(self.value())
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error


class SectionFilter(ChoicesFilter):
    relation = "section"

    def queryset(self, request, queryset):
        return queryset if self.value() is None else queryset.filter(section=self.chosen())


class SourceFilter(ChoicesFilter):
    relation = "source"

    def queryset(self, request, queryset):
        return queryset if self.value() is None else queryset.filter(source=self.chosen())


class UsedRelationFilter(ChoicesFilter):
    """Articles with one of the tags (authors) that the person's articles have."""

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        pk = self.chosen()
        through = self.field.remote_field.through
        rows = through.objects.order_by().filter(**{self.field.m2m_reverse_field_name(): pk})
        return queryset.filter(pk__in=rows.values(self.field.m2m_field_name()))


class TagFilter(UsedRelationFilter):
    relation = "tags"


class AuthorFilter(UsedRelationFilter):
    relation = "authors"
