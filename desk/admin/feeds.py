"""The feeds the newsroom pulls in, and the incoming queue (Masuk) of the wire copy they
bring: drafts nobody has taken yet, which an editor takes to work on."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import FeedSubscription, IncomingEntry


@admin.register(FeedSubscription)
class FeedSubscriptionAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "url",
        "every_minutes",
        "section",
        "active",
        "last_run_at",
        "failures",
        "outcome",
    ]
    list_filter = ["active", "last_failed"]
    list_select_related = ["section"]
    search_fields = ["url", "source"]
    fields = [
        "url",
        "source",
        "status",
        "section",
        "tags",
        "every_minutes",
        "active",
        "last_queued_at",
        "last_run_at",
        "failures",
        "outcome",
    ]
    autocomplete_fields = ["section", "tags"]
    readonly_fields = ["last_queued_at", "last_run_at", "failures", "outcome"]
    actions = ["pull_soon"]

    @admin.display(description=_("last result"))
    def outcome(self, subscription):
        if not subscription.last_run_at:
            return _("not imported yet")
        label = _("failed") if subscription.last_failed else _("imported")
        return format_html("{}: {}", label, subscription.last_result[:300])

    @admin.action(description=_("Import at the next pull"), permissions=["change"])
    def pull_soon(self, request, queryset):
        for subscription in queryset:
            subscription.pull_soon()
        self.message_user(request, _("They are imported within a minute, if a worker runs."))


@admin.register(IncomingEntry)
class IncomingEntryAdmin(admin.ModelAdmin):
    """Masuk: the wire copy waiting for an editor, newest first."""

    list_display = ["headline", "subscription", "section", "arrived_at"]
    list_filter = ["subscription"]
    list_select_related = ["article__section", "subscription"]
    search_fields = ["article__title"]
    actions = ["take"]
    list_display_links = None

    def get_queryset(self, request):
        return super().get_queryset(request).waiting()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        # Taking is the one change; the article itself is edited in its own page.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("headline"), ordering="article__title")
    def headline(self, entry):
        url = reverse("admin:articles_article_change", args=[entry.article_id])
        return format_html('<a href="{}">{}</a>', url, entry.article.title)

    @admin.display(description=_("section"))
    def section(self, entry):
        return entry.article.section or self.get_empty_value_display()

    @admin.action(description=_("Take the selected articles"), permissions=["change"])
    def take(self, request, queryset):
        taken = queryset.take(by=request.user)
        self.message_user(
            request,
            ngettext(
                "%(count)d article is yours now: it left the incoming queue.",
                "%(count)d articles are yours now: they left the incoming queue.",
                taken,
            )
            % {"count": taken},
            messages.SUCCESS if taken else messages.WARNING,
        )
