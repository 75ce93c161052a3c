"""The editors' desk: the Django admin, made for a newsroom's writers and editors.


Who may do what lives on the Article model (`can_be_edited_by`, `check_transition`);
this module only asks it, and shows each person the actions they may use.
"""

import reversion
from django.contrib import admin, messages
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from reversion.admin import VersionAdmin
from reversion.models import Version

from articles import html
from articles.models import (
    SEARCH_COLUMNS,
    Article,
    Author,
    RelatedLink,
)
from desk.admin.history import compare_versions
from desk.admin.images import image_thumbnail
from desk.admin.integrity import CorrectionInline, IntegrityAdminMixin
from desk.forms import ArticleAdminForm, RelatedLinkForm, RelatedLinkFormSet, ScheduleForm


class WorkflowFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            (Article.Status.DRAFT, Article.Status.DRAFT.label),
            (Article.Status.REVIEW, Article.Status.REVIEW.label),
            ("scheduled", _("Scheduled")),
            (Article.Status.PUBLISHED, Article.Status.PUBLISHED.label),
            ("taken_down", _("Taken down")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "scheduled":
                return queryset.scheduled()
            case "taken_down":
                return queryset.taken_down()
            case Article.Status.PUBLISHED:
                return queryset.published()
            case Article.Status.DRAFT | Article.Status.REVIEW:
                return queryset.filter(status=self.value())
        return queryset


class RelatedLinkInline(admin.TabularInline):
    model = RelatedLink
    form = RelatedLinkForm
    formset = RelatedLinkFormSet
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["target"]
    fields = ["position", "target", "url", "title", "order"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "target":
            kwargs["queryset"] = Article.objects.linkable_by(request.user)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(request, obj)


def _editable(request, article):
    return article is None or article.can_be_edited_by(request.user)


# Revisions keep the article with its “Baca Juga” links; the search columns are derived data.
reversion.register(RelatedLink)
reversion.register(Article, follow=["related_links"], exclude=SEARCH_COLUMNS)


@admin.register(Article)
class ArticleAdmin(IntegrityAdminMixin, VersionAdmin):
    form = ArticleAdminForm
    list_display = [
        "title",
        "section",
        "workflow_state",
        "kind",
        "published_at",
        "embargo_until",
        "author_names",
        "updated_at",
    ]
    list_filter = [
        WorkflowFilter,
        "kind",
        "unverified",
        "section",
        "source",
        ("tags", admin.RelatedOnlyFieldListFilter),
        ("authors", admin.RelatedOnlyFieldListFilter),
    ]
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
    fieldsets = [
        (None, {"fields": ["title", "slug", "lead", "dateline", "body"]}),
        (
            _("Publication"),
            {"fields": ["status", "published_at", "embargo_until", "section", "language"]},
        ),
        (_("Labels for readers"), {"fields": ["kind", "unverified"]}),
        (
            _("People, sources and tags"),
            {
                "fields": [
                    "authors",
                    "source",
                    "credited_sources",
                    "tags",
                    "featured_image",
                    "featured_preview",
                ]
            },
        ),
        (
            _("Paragraphs"),
            {
                "fields": ["paragraph_guide"],
                "description": _(
                    "A “Baca Juga” link goes after the paragraph whose number you give "
                    "below. The list follows the body as you type."
                ),
            },
        ),
    ]
    inlines = [RelatedLinkInline, CorrectionInline]
    actions = ["submit_for_review", "publish_now", "schedule", "unpublish", "take_down", "put_back"]
    change_list_template = "admin/articles/article/change_list.html"
    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        css = {"all": ["admin-desk/desk.css"]}
        js = ["admin-desk/desk.js", "admin-desk/presence.js"]

    # Who sees and may do what.

    def get_queryset(self, request):
        articles = (
            super()
            .get_queryset(request)
            .without_search_columns()
            .prefetch_related(Prefetch("authors", queryset=Author.objects.only("name")))
        )
        if request.resolver_match and request.resolver_match.url_name == "autocomplete":
            # Choosing a “Baca Juga” target: any published article, not only one's own.
            return articles.linkable_by(request.user)
        return articles.on_desk_of(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(request, obj)

    def has_publish_permission(self, request):
        return request.user.has_perm(Article.PUBLISH_PERMISSION)

    def has_restore_permission(self, request):
        """Restoring old versions and deleted articles is an editor's job."""
        return self.has_publish_permission(request)

    def get_readonly_fields(self, request, obj=None):
        readonly = ["paragraph_guide", "featured_preview", "taken_down_at", "takedown_reason"]
        if self.has_publish_permission(request):
            return readonly
        return ["status", "published_at", *readonly]

    @admin.display(description=_("featured image preview"))
    def featured_preview(self, article):
        return image_thumbnail(article.featured_image, width=320)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.user = request.user
        form.submit_for_review = "_submit_review" in request.POST
        return form

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        author = Author.objects.filter(user=request.user).first()
        if author is not None:
            initial.setdefault("authors", [author.pk])
        return initial

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        if form.submit_for_review:
            self.message_user(request, _("Submitted for review: the editors can see it now."))

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["show_submit_review"] = _editable(request, obj) and (
            obj is None or obj.stored_status == Article.Status.DRAFT
        )
        if obj is not None and not obj.is_public:
            context["preview_url"] = reverse("articles:preview", args=[obj.pk])
        return super().render_change_form(request, context, add, change, form_url, obj)

    def view_on_site(self, obj):
        return obj.get_absolute_url() if obj.is_public else None

    # Columns and read-only fields.

    @admin.display(description=_("status"), ordering="status")
    def workflow_state(self, article):
        return article.state_label

    @admin.display(description=_("authors"))
    def author_names(self, article):
        return ", ".join(author.name for author in article.authors.all())

    @admin.display(description=_("paragraphs"))
    def paragraph_guide(self, article):
        blocks = html.split_blocks(article.body) if article else []
        items = format_html_join(
            "", "<li>{}</li>", ((Truncator(html.strip_tags(b)).words(12),) for b in blocks)
        )
        return format_html('<ol class="desk-paragraphs" data-desk-paragraphs>{}</ol>', items)

    # Workflow actions: each asks the model, and reports article by article.

    @admin.action(description=_("Submit for review"), permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._move_each(
            request,
            queryset,
            lambda article: article.submit_for_review(by=request.user),
            ngettext_lazy(
                "%(count)d article submitted for review.",
                "%(count)d articles submitted for review.",
                "count",
            ),
        )

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        self._move_each(
            request,
            queryset,
            lambda article: article.publish(by=request.user),
            ngettext_lazy("%(count)d article published.", "%(count)d articles published.", "count"),
        )

    @admin.action(description=_("Schedule…"), permissions=["publish"])
    def schedule(self, request, queryset):
        return self._ask_then_move_each(
            request,
            queryset,
            ScheduleForm,
            _("Schedule articles"),
            "admin/articles/article/schedule.html",
            lambda article, data: article.publish(by=request.user, at=data["published_at"]),
            ngettext_lazy("%(count)d article scheduled.", "%(count)d articles scheduled.", "count"),
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._move_each(
            request,
            queryset,
            lambda article: article.unpublish(by=request.user),
            ngettext_lazy(
                "%(count)d article moved back to draft.",
                "%(count)d articles moved back to draft.",
                "count",
            ),
        )

    def _ask_then_move_each(self, request, queryset, form_class, title, template, move, done):
        """An action that first asks for a value (a time, a reason) on a page of its own."""
        form = form_class(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            self._move_each(
                request, queryset, lambda article: move(article, form.cleaned_data), done
            )
            return None
        context = self.admin_site.each_context(request) | {
            "title": title,
            "opts": self.opts,
            "form": form,
            "articles": queryset,
            "action_checkbox_name": ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, template, context)

    def _move_each(self, request, queryset, move, done_message):
        done = 0
        for article in queryset:
            try:
                move(article)
            except ValidationError as error:
                self.message_user(
                    request,
                    _("“%(title)s”: %(reason)s")
                    % {"title": article.title, "reason": " ".join(error.messages)},
                    messages.ERROR,
                )
            else:
                done += 1
                self.log_change(request, article, str(article.state_label))
        if done:
            self.message_user(request, done_message % {"count": done}, messages.SUCCESS)

    # History: versions, comparing two of them, restoring.

    def get_urls(self):
        compare = self.admin_site.admin_view(self.compare_view)
        return [
            path("<path:object_id>/history/compare/", compare, name="articles_article_compare"),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        context = {"has_restore_permission": self.has_restore_permission(request)}
        return super().changelist_view(request, context | (extra_context or {}))

    def history_view(self, request, object_id, extra_context=None):
        versions = (
            Version.objects.get_for_object_reference(Article, unquote(object_id))
            .select_related("revision__user")
            .order_by("-pk")
        )
        context = {
            "versions": versions,
            "has_restore_permission": self.has_restore_permission(request),
        }
        # Our template lists versions itself; reversion's own list would be a second query.
        return admin.ModelAdmin.history_view(
            self, request, object_id, context | (extra_context or {})
        )

    def compare_view(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not self.has_view_or_change_permission(request, article):
            raise PermissionDenied
        versions = Version.objects.get_for_object(article)
        try:
            older = versions.get(pk=int(request.GET.get("older", "")))
            newer = versions.get(pk=int(request.GET.get("newer", "")))
        except (ValueError, Version.DoesNotExist):
            raise Http404 from None
        if older.pk > newer.pk:
            older, newer = newer, older
        context = self.admin_site.each_context(request) | {
            "title": _("Compare versions"),
            "opts": self.opts,
            "original": article,
            "older": older,
            "newer": newer,
            "rows": compare_versions(older, newer),
        }
        return TemplateResponse(request, "admin/articles/article/compare.html", context)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        with transaction.atomic():
            article = self.get_object(request, unquote(object_id))
            response = super().revision_view(request, object_id, version_id, extra_context)
            if article is not None and request.method == "POST" and response.status_code == 302:
                # Reversion writes the old row directly; keep the address it had answering.
                restored = Article.objects.get(pk=article.pk)
                if restored.slug != article.slug:
                    restored.slug_renamed(article.slug)
        return response

    def recoverlist_view(self, request, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recoverlist_view(request, extra_context)

    def recover_view(self, request, version_id, extra_context=None):
        if not self.has_restore_permission(request):
            raise PermissionDenied
        return super().recover_view(request, version_id, extra_context)
