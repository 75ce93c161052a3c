"""The desk's sections, tags, sources, authors and old addresses."""

from django.contrib import admin

from articles.models import (
    Author,
    Section,
    SlugRedirect,
    Source,
    Tag,
)


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]

    def view_on_site(self, section):
        return section.get_absolute_url()


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def view_on_site(self, tag):
        return tag.get_absolute_url()


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]

    def view_on_site(self, source):
        return source.get_absolute_url()


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "initials", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "initials"]
    autocomplete_fields = ["user"]

    def view_on_site(self, author):
        return author.get_absolute_url()


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    autocomplete_fields = ["article"]
    list_select_related = ["article"]

    def view_on_site(self, redirect):
        return redirect.get_absolute_url() if redirect.article.is_public else None
