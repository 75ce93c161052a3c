from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .models import Article, Author, Image, RelatedLink, Section, SlugRedirect, Source, Tag

admin.site.site_header = _("Newsroom desk")
admin.site.site_title = _("Newsroom")
admin.site.index_title = _("Editors' desk")


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(Source)
class SourceAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "url"]
    list_filter = ["kind"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "slug"]


@admin.register(Author)
class AuthorAdmin(admin.ModelAdmin):
    list_display = ["name", "initials", "user"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "initials"]
    autocomplete_fields = ["user"]


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ["alt_text", "credit", "width", "height", "created_at"]
    search_fields = ["alt_text", "caption", "credit"]


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]
    fields = ["position", "target", "url", "title", "order"]


@admin.register(Article)
class ArticleAdmin(admin.ModelAdmin):
    list_display = ["title", "section", "status", "published_at", "updated_at"]
    list_filter = ["status", "section", "source"]
    list_select_related = ["section"]
    date_hierarchy = "published_at"
    search_fields = ["title", "lead", "body"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = [
        "section",
        "tags",
        "authors",
        "source",
        "credited_sources",
        "featured_image",
    ]
    inlines = [RelatedLinkInline]


@admin.register(SlugRedirect)
class SlugRedirectAdmin(admin.ModelAdmin):
    list_display = ["old_slug", "article", "created_at"]
    search_fields = ["old_slug", "article__title"]
    autocomplete_fields = ["article"]
