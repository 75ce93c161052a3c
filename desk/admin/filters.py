"""The desk's filters by tag and by author, made for an archive of a million articles.

Django's `RelatedOnlyFieldListFilter` finds its choices by reading the tags of every article
on the desk, and filtering by a many-to-many field makes the whole list DISTINCT: its page,
its count and its date hierarchy then read every row of the tag before the first is shown.
These filters keep Django's parameters (`tags__id__exact`, `authors__id__exact`) and
choices (what the person's articles have), but ask for them differently: the choices one
index probe per tag or author (an editor's desk holds every article), and the list as the
articles whose id is among the tag's, which repeats no article and needs no DISTINCT.
"""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Exists, OuterRef


class UsedRelationFilter(admin.SimpleListFilter):
    """Articles with one of the tags (authors) that the person's articles have."""

    relation = None

    def __init__(self, request, params, model, model_admin):
        self.field = model._meta.get_field(self.relation)
        self.title = self.field.verbose_name
        self.parameter_name = f"{self.relation}__id__exact"
        super().__init__(request, params, model, model_admin)

    def links(self):
        """The rows of the relation's table, and the names of their two columns."""
        through = self.field.remote_field.through
        return (
            through.objects.order_by(),
            self.field.m2m_field_name(),
            self.field.m2m_reverse_field_name(),
        )

    def lookups(self, request, model_admin):
        rows, article, other = self.links()
        used = rows.filter(**{other: OuterRef("pk")})
        articles = model_admin.get_queryset(request)
        if articles.query.has_filters():
            # A writer's own articles: only what they have.
            used = used.filter(**{f"{article}__in": articles.order_by().values("pk")})
        choices = self.field.related_model.objects.filter(Exists(used))
        return [(str(choice.pk), str(choice)) for choice in choices]

    def queryset(self, request, queryset):
        if self.value() is None:
            return queryset
        try:
            pk = int(self.value())
        except ValueError as error:
            raise IncorrectLookupParameters(error) from error
        rows, article, other = self.links()
        return queryset.filter(pk__in=rows.filter(**{other: pk}).values(article))


class TagFilter(UsedRelationFilter):
    relation = "tags"


class AuthorFilter(UsedRelationFilter):
    relation = "authors"
