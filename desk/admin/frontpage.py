"""The home page's arrangement and the breaking-news banner, for editors only.

The front page is one form (its headline and the ordered picks); the list of banners shows
which one is up, and one click lowers it. Writers hold neither permission (setup_roles).
"""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from articles.models import BreakingNews, EditorsPick, FrontPage
from articles.models.frontpage import MAX_PICKS


class EditorsPickInline(admin.TabularInline):
    model = EditorsPick
    extra = 1
    max_num = MAX_PICKS
    fields = ["position", "article", "ends_at"]
    autocomplete_fields = ["article"]


@admin.register(FrontPage)
class FrontPageAdmin(admin.ModelAdmin):
    fields = ["headline", "headline_ends_at"]
    autocomplete_fields = ["headline"]
    inlines = [EditorsPickInline]
    view_on_site = False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def changelist_view(self, request, extra_context=None):
        """There is one front page: its list is its form."""
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        front_page = FrontPage.load()
        return HttpResponseRedirect(
            reverse("admin:articles_frontpage_change", args=[front_page.pk])
        )

    def response_change(self, request, obj):
        self.message_user(request, _("The home page is rearranged."), messages.SUCCESS)
        return HttpResponseRedirect(request.path)


@admin.register(BreakingNews)
class BreakingNewsAdmin(admin.ModelAdmin):
    list_display = ["text", "article", "raised_at", "ends_at", "state", "lower_button"]
    fields = ["text", "article", "ends_at"]
    autocomplete_fields = ["article"]
    actions = ["lower"]
    view_on_site = False

    @admin.display(description=_("state"))
    def state(self, banner):
        if banner.lowered_at:
            return _("lowered")
        if banner.ends_at <= timezone.now():
            return _("ended")
        return _("shown")

    @admin.display(description=_("lower"))
    def lower_button(self, banner):
        """One click: the button sends the list's own form (and its CSRF token) here."""
        if not banner.is_raised:
            return "–"
        return format_html(
            '<button type="submit" class="button" formaction="{}" formmethod="post">{}</button>',
            reverse("admin:articles_breakingnews_lower", args=[banner.pk]),
            _("Lower now"),
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.raised_by = request.user
        super().save_model(request, obj, form, change)

    def get_urls(self):
        lower = self.admin_site.admin_view(require_POST(self.lower_view))
        return [
            path("<path:object_id>/turunkan/", lower, name="articles_breakingnews_lower"),
            *super().get_urls(),
        ]

    def lower_view(self, request, object_id):
        banner = get_object_or_404(BreakingNews, pk=object_id)
        if not self.has_change_permission(request, banner):
            raise PermissionDenied
        banner.lower()
        self.message_user(request, _("The banner is lowered."), messages.SUCCESS)
        return HttpResponseRedirect(reverse("admin:articles_breakingnews_changelist"))

    def change_view(self, request, object_id, form_url="", extra_context=None):
        banner = self.get_object(request, object_id)
        extra_context = {
            **(extra_context or {}),
            "lower_url": reverse("admin:articles_breakingnews_lower", args=[object_id])
            if banner is not None and banner.is_raised and self.has_change_permission(request)
            else "",
        }
        return super().change_view(request, object_id, form_url, extra_context)

    @admin.action(description=_("Lower the chosen banners"), permissions=["change"])
    def lower(self, request, queryset):
        lowered = 0
        for banner in queryset.filter(lowered_at__isnull=True):
            banner.lower()
            lowered += 1
        self.message_user(
            request,
            ngettext("%(count)d banner lowered.", "%(count)d banners lowered.", lowered)
            % {"count": lowered},
            messages.SUCCESS,
        )
