"""The desk's editorial-integrity tools: corrections and replies, takedowns, shared preview
links, who else has an article open, and the static pages.

`ArticleAdmin` takes them in through `IntegrityAdminMixin`; the rules live on the models.
Restoring an old version leaves a takedown as it is (`desk.admin.versions`).
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from django.views.decorators.http import require_POST

from articles.models import Article, Correction, PreviewLink, StaticPage
from desk import presence
from desk.admin.actions import ask_then_move_each, move_each
from desk.forms import PreviewLinkForm, StaticPageForm, TakedownForm

SHARE_PERMISSION = "articles.add_previewlink"


class CorrectionInline(admin.StackedInline):
    model = Correction
    fk_name = "article"
    extra = 0
    fields = ["kind", "text", "reply", "created_at"]
    readonly_fields = ["created_at"]
    autocomplete_fields = ["reply"]


def presence_message(others):
    """The warning for an editor who is not alone on an article; "" when they are."""
    if not others:
        return ""
    return ngettext(
        "%(names)s also has this article open. If you both save, the second save is refused.",
        "%(names)s also have this article open. If you both save, the second save is refused.",
        len(others),
    ) % {"names": ", ".join(others)}


class IntegrityAdminMixin:
    """Takedowns, shared preview links and presence on the article desk."""

    def has_takedown_permission(self, request):
        return request.user.has_perm(Article.TAKEDOWN_PERMISSION)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is not None and obj.taken_down_at:
            takedown = (_("Takedown"), {"fields": ["taken_down_at", "takedown_reason"]})
            fieldsets = [takedown, *fieldsets]
        return fieldsets

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            others = presence.check_in(obj.pk, request.user)
            context["presence_message"] = presence_message(others)
            context["presence_url"] = reverse("admin:articles_article_presence", args=[obj.pk])
            if not obj.is_public and request.user.has_perm(SHARE_PERMISSION):
                context["preview_links_url"] = reverse(
                    "admin:articles_article_preview_links", args=[obj.pk]
                )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "<path:object_id>/preview-links/",
                view(self.preview_links_view),
                name="articles_article_preview_links",
            ),
            path(
                "<path:object_id>/presence/",
                view(self.presence_view),
                name="articles_article_presence",
            ),
            *super().get_urls(),
        ]

    # Takedown: actions that ask the model, article by article.

    @admin.action(description=_("Take down…"), permissions=["takedown"])
    def take_down(self, request, queryset):
        return ask_then_move_each(
            self,
            request,
            queryset,
            TakedownForm,
            _("Take articles down"),
            "admin/articles/article/takedown.html",
            lambda article, data: article.take_down(data["reason"], by=request.user),
            ngettext_lazy(
                "%(count)d article taken down.", "%(count)d articles taken down.", "count"
            ),
        )

    @admin.action(description=_("Put taken-down articles back"), permissions=["takedown"])
    def put_back(self, request, queryset):
        move_each(
            self,
            request,
            queryset,
            lambda article: article.put_back(by=request.user),
            ngettext_lazy(
                "%(count)d article is back on the site.",
                "%(count)d articles are back on the site.",
                "count",
            ),
        )

    # Shared previews and presence.

    def preview_links_view(self, request, object_id):
        """Make, list and revoke the read-only links to one article for people outside."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        if not request.user.has_perm(SHARE_PERMISSION):
            raise PermissionDenied
        new_link = PreviewLink(article=article, created_by=request.user)
        form = PreviewLinkForm(instance=new_link)
        if request.method == "POST" and "revoke" in request.POST:
            self._revoke(request, article, request.POST["revoke"])
            return redirect(request.path)
        if request.method == "POST":
            form = PreviewLinkForm(request.POST, instance=new_link)
            if form.is_valid():
                link = form.save()
                self.message_user(
                    request,
                    _("Link made for “%(recipient)s”: copy it below and send it.")
                    % {"recipient": link.recipient},
                    messages.SUCCESS,
                )
                return redirect(request.path)
        links = [
            (link, request.build_absolute_uri(link.share_url()) if link.is_active else "")
            for link in article.preview_links.select_related("created_by")
        ]
        context = self.admin_site.each_context(request) | {
            "title": _("Shared preview links"),
            "opts": self.opts,
            "original": article,
            "form": form,
            "links": links,
        }
        return TemplateResponse(request, "admin/articles/article/preview_links.html", context)

    def _revoke(self, request, article, link_id):
        try:
            link = article.preview_links.active().get(pk=int(link_id))
        except (ValueError, PreviewLink.DoesNotExist):
            raise Http404 from None
        link.revoke()
        self.message_user(
            request,
            _("The link for “%(recipient)s” no longer works.") % {"recipient": link.recipient},
            messages.SUCCESS,
        )

    @method_decorator(require_POST)
    def presence_view(self, request, object_id):
        """The change form's heartbeat: note the editor is still there, say who else is."""
        article = self.get_object(request, unquote(object_id))
        if article is None:
            raise Http404
        others = presence.check_in(article.pk, request.user)
        return JsonResponse({"message": presence_message(others)})


@admin.register(StaticPage)
class StaticPageAdmin(admin.ModelAdmin):
    form = StaticPageForm
    list_display = ["title", "slug", "position", "is_published", "updated_at"]
    list_editable = ["position", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    search_fields = ["title", "body"]

    class Media:
        css = {"all": ["admin-desk/desk.css"]}

    def view_on_site(self, page):
        return page.get_absolute_url() if page.is_published else None
