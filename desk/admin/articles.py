"""The editors' desk: the Django admin, made for a newsroom's writers and editors.

Who may do what lives on the Article model (`can_be_edited_by`, `check_transition`);
this module only asks it, and shows each person the actions they may use. An article's
versions (history, comparing, restoring) are in `desk.admin.versions`.
"""

from django.contrib import admin
from django.contrib.admin.checks import ModelAdminChecks
from django.contrib.humanize.templatetags.humanize import intcomma
from django.db.models import Prefetch
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy, pgettext_lazy

from articles import html
from articles.models import Article, Author, IncomingEntry, RelatedLink
from articles.models.readership import views_of
from desk.admin.actions import ask_then_move_each, move_each
from desk.admin.autosave import AutosaveAdminMixin
from desk.admin.columns import ArticleColumnsMixin
from desk.admin.counts import EstimatingPaginator, search_archive
from desk.admin.filters import AuthorFilter, SectionFilter, SourceFilter, TagFilter
from desk.admin.images import GalleryItemInline, image_thumbnail
from desk.admin.integrity import CorrectionInline, IntegrityAdminMixin
from desk.admin.notes import NotesAdminMixin, moving
from desk.admin.versions import ArticleVersionAdmin
from desk.admin.working_copies import WorkingCopyAdminMixin
from desk.forms import ArticleAdminForm, RelatedLinkForm, RelatedLinkFormSet, ScheduleForm
from desk.widgets import BylineField, BylineWidget


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


class ArticleAdminChecks(ModelAdminChecks):
    def _check_field_spec_item(self, obj, field_name, label):
        # Django's admin refuses a relation with a model of its own (the byline's, with its
        # order) in fieldsets (admin.E013), as it makes no field for one: the desk makes it.
        if field_name == "authors":
            return []
        return super()._check_field_spec_item(obj, field_name, label)


@admin.register(Article)
class ArticleAdmin(
    ArticleColumnsMixin,
    NotesAdminMixin,
    AutosaveAdminMixin,
    WorkingCopyAdminMixin,
    IntegrityAdminMixin,
    ArticleVersionAdmin,
):
    checks_class = ArticleAdminChecks
    form = ArticleAdminForm
    list_filter = [
        WorkflowFilter,
        "kind",
        "unverified",
        SectionFilter,
        SourceFilter,
        TagFilter,
        AuthorFilter,
    ]
    # A million articles are not counted on every page (`desk.admin.counts`): the list is
    # counted up to 10,000, then estimated, and the whole archive is never counted beside it.
    paginator = EstimatingPaginator
    show_full_result_count = False
    date_hierarchy = "published_at"
    # On PostgreSQL the search vector (title, lead, body: `search_archive`); elsewhere, a
    # small site, the title and lead.
    search_fields = ["title", "lead"]
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
            # Not the kind of source of the same name: each has its context.
            pgettext_lazy("article fieldset", "Publication"),
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
    inlines = [RelatedLinkInline, GalleryItemInline, CorrectionInline]
    actions = ["submit_for_review", "publish_now", "schedule", "unpublish", "take_down", "put_back"]

    class Media:
        css = {"all": ["admin-desk/desk.css"]}
        js = ["admin-desk/desk.js", "admin-desk/presence.js", "admin-desk/autosave.js"]

    def get_search_results(self, request, queryset, search_term):
        found = search_archive(queryset, search_term)
        if found is None:
            return super().get_search_results(request, queryset, search_term)
        return found, False

    # Who sees and may do what.

    def get_queryset(self, request):
        articles = (
            super()
            .get_queryset(request)
            .without_search_columns()
            .prefetch_related(
                Prefetch("authors", queryset=Author.objects.only("name").in_byline_order())
            )
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

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.published_at is not None:
            fieldsets = [*fieldsets, (_("Readers"), {"fields": ["readership"]})]
        return fieldsets

    @admin.display(description=pgettext_lazy("how often an article was read", "read"))
    def readership(self, article):
        views = views_of(article)
        return _("%(day)s in the last 24 hours, %(week)s in 7 days, %(all)s in all") % {
            key: intcomma(views[key]) for key in ("day", "week", "all")
        }

    def get_readonly_fields(self, request, obj=None):
        readonly = [
            "paragraph_guide",
            "featured_preview",
            "taken_down_at",
            "takedown_reason",
            "readership",
            "notes_so_far",
        ]
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

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "authors":
            # The byline's own field, in the order the editor picks (Django's admin offers
            # none for a relation with a model of its own); the admin adds its “+” around it.
            kwargs.setdefault(
                "widget", BylineWidget(db_field, self.admin_site, using=kwargs.get("using"))
            )
            return db_field.formfield(form_class=BylineField, **kwargs)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

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
        if change:
            IncomingEntry.mark_taken(obj, by=request.user)  # wire copy: theirs now
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
        move_each(
            self,
            request,
            queryset,
            moving(request, lambda article: article.submit_for_review(by=request.user)),
            ngettext_lazy(
                "%(count)d article submitted for review.",
                "%(count)d articles submitted for review.",
                "count",
            ),
        )

    @admin.action(description=_("Publish now"), permissions=["publish"])
    def publish_now(self, request, queryset):
        move_each(
            self,
            request,
            queryset,
            moving(request, lambda article: article.publish(by=request.user)),
            ngettext_lazy("%(count)d article published.", "%(count)d articles published.", "count"),
        )

    @admin.action(description=_("Schedule…"), permissions=["publish"])
    def schedule(self, request, queryset):
        return ask_then_move_each(
            self,
            request,
            queryset,
            ScheduleForm,
            _("Schedule articles"),
            "admin/articles/article/schedule.html",
            lambda article, data: moving(
                request, lambda a: a.publish(by=request.user, at=data["published_at"])
            )(article),
            ngettext_lazy("%(count)d article scheduled.", "%(count)d articles scheduled.", "count"),
        )

    @admin.action(description=_("Unpublish (back to draft)"), permissions=["publish"])
    def unpublish(self, request, queryset):
        move_each(
            self,
            request,
            queryset,
            moving(request, lambda article: article.unpublish(by=request.user)),
            ngettext_lazy(
                "%(count)d article moved back to draft.",
                "%(count)d articles moved back to draft.",
                "count",
            ),
        )
