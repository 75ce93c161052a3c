"""Working copies at the desk: reworking a published story without readers seeing the work.

In the change form of a published article an editor may save the form as the article's
unpublished change (`articles.ArticleWorkingCopy`) instead of the article: readers keep the
live version, no content key moves. While a change exists the form shows it, and its buttons
save it again, send it for review, or publish it: publishing is the form's ordinary save
(the check against a newer save, a version kept, the keys moved), after which the change is
removed, in the same transaction.
"""

from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from articles.models import Article, ArticleWorkingCopy
from articles.models.working_copies import form_values

# The buttons of the change form, by the name they post.
KEEP = "_working_copy"
KEEP_FOR_REVIEW = "_working_copy_review"
PUBLISH = "_publish_change"
DISCARD = "_discard_working_copy"


def working_copy_action(request, working_copy):
    """What the posted form asks of the working copy: "keep", "review", "publish" or None
    (an ordinary save, which publishes the change too when there is one)."""
    if request.method != "POST":
        return None
    if KEEP_FOR_REVIEW in request.POST:
        return "review"
    if KEEP in request.POST:
        return "keep"
    if PUBLISH in request.POST or working_copy is not None:
        return "publish"
    return None


class WorkingCopyAdminMixin:
    def working_copy_of(self, request, obj):
        """The article's working copy, read once per request."""
        if obj is None or obj.pk is None:
            return None
        cached = getattr(request, "_working_copy", None)
        if cached is None or cached[0] != obj.pk:
            copy = ArticleWorkingCopy.objects.select_related("updated_by").filter(article=obj)
            request._working_copy = (obj.pk, copy.first())
        return request._working_copy[1]

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if obj is not None and obj.stored_status == Article.Status.PUBLISHED:
            form.working_copy = self.working_copy_of(request, obj)
            form.working_copy_action = working_copy_action(request, form.working_copy)
        return form

    def get_inline_instances(self, request, obj=None):
        # “Baca Juga” links and corrections are saved with the live article only.
        if obj is not None and obj.stored_status == Article.Status.PUBLISHED:
            # While a change exists its form has none, and a save into it has none either.
            copy = self.working_copy_of(request, obj)
            if copy is not None or working_copy_action(request, copy) in ("keep", "review"):
                return []
        return super().get_inline_instances(request, obj)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if object_id is not None and request.method == "POST" and DISCARD in request.POST:
            return self.discard_working_copy(request, object_id)
        return super().changeform_view(request, object_id, form_url, extra_context)

    def discard_working_copy(self, request, object_id):
        article = self.get_object(request, unquote(object_id))
        if article is None or not self.has_change_permission(request, article):
            raise PermissionDenied
        ArticleWorkingCopy.objects.filter(article=article).delete()
        self.message_user(request, _("The unpublished change is discarded."), messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        action = getattr(form, "working_copy_action", None)
        if action in ("keep", "review"):
            status = ArticleWorkingCopy.Status.REVIEW if action == "review" else None
            copy = ArticleWorkingCopy.keep(
                obj, form_values(form.cleaned_data), by=request.user, status=status
            )
            request._kept_working_copy = copy
            return
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        if hasattr(request, "_kept_working_copy"):
            return  # the article and its relations stay as readers know them
        super().save_related(request, form, formsets, change)
        if getattr(form, "working_copy", None) is not None:
            ArticleWorkingCopy.objects.filter(article=form.instance).delete()
            request._published_working_copy = True

    def log_change(self, request, obj, message):
        copy = getattr(request, "_kept_working_copy", None)
        if copy is not None:
            message = (
                _("Unpublished change sent for review")
                if copy.status == ArticleWorkingCopy.Status.REVIEW
                else _("Unpublished change saved")
            )
        elif getattr(request, "_published_working_copy", False):
            message = _("Unpublished change published")
        return super().log_change(request, obj, message)

    def response_change(self, request, obj):
        copy = getattr(request, "_kept_working_copy", None)
        if copy is None:
            if getattr(request, "_published_working_copy", False):
                self.message_user(
                    request,
                    _("The change is published: readers see it now."),
                    messages.SUCCESS,
                )
                return HttpResponseRedirect(request.path)
            return super().response_change(request, obj)
        if copy.status == ArticleWorkingCopy.Status.REVIEW:
            message = _("The unpublished change is saved and waits for review.")
        else:
            message = _("The unpublished change is saved: readers still see the published version.")
        self.message_user(request, message, messages.SUCCESS)
        return HttpResponseRedirect(request.path)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None and obj.stored_status == Article.Status.PUBLISHED:
            copy = self.working_copy_of(request, obj)
            editable = self.has_change_permission(request, obj)
            context["offer_working_copy"] = editable
            context["working_copy"] = copy
            if copy is not None:
                context["working_copy_preview_url"] = reverse(
                    "articles:preview-change", args=[obj.pk]
                )
                context["can_publish_change"] = editable and request.user.has_perm(
                    Article.PUBLISH_PERMISSION
                )
                # The change's own buttons replace the ordinary ones.
                context["show_save"] = False
                context["show_save_and_continue"] = False
                context["show_save_and_add_another"] = False
        return super().render_change_form(request, context, add, change, form_url, obj)
