"""Topics (Topik Pilihan, Liputan Khusus): editors make them and put articles in them."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from articles.models import Topic, TopicArticle


class TopicArticleInline(admin.TabularInline):
    model = TopicArticle
    extra = 1
    fields = ["position", "article"]
    autocomplete_fields = ["article"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "is_open", "on_home_page", "position", "article_count"]
    list_editable = ["is_open", "on_home_page", "position"]
    list_filter = ["is_open", "on_home_page"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["image"]
    fields = [
        "title",
        "slug",
        "introduction",
        "image",
        "order",
        "is_open",
        "on_home_page",
        "position",
    ]
    inlines = [TopicArticleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(article_count=Count("entries"))

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, topic):
        return topic.article_count
