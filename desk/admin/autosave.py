"""Autosave on the article desk: while a writer types, the change form posts what they typed
every few seconds (static/admin-desk/autosave.js) to a private copy of theirs
(`articles.Autosave`); the article itself is not touched. Opening the article again offers
that copy when it is newer than the article's last save; taking it fills the form, whose
save then meets the usual check against a newer save by someone else.
"""

from django.contrib.admin.utils import unquote
from django.http import JsonResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from articles.models import Autosave
from articles.models.autosaves import AUTOSAVED_FIELDS, MAX_AUTOSAVE_CHARACTERS

RESTORE_PARAMETER = "pulihkan"


class AutosaveAdminMixin:
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            # Before "<object_id>/…", which would take "add" for an id.
            path(
                "add/autosave/",
                view(require_POST(self.autosave_view)),
                {"object_id": None},
                name="articles_article_autosave_new",
            ),
            path(
                "<path:object_id>/autosave/",
                view(require_POST(self.autosave_view)),
                name="articles_article_autosave",
            ),
            *super().get_urls(),
        ]

    def autosave_view(self, request, object_id):
        article = None
        if object_id is not None:
            article = self.get_object(request, unquote(object_id))
            if article is None:
                return _refused(_("This article does not exist or is not on your desk."), 404)
            allowed = self.has_change_permission(request, article)
        else:
            allowed = self.has_add_permission(request)
        if not allowed:
            return _refused(_("You may not change this article."), 403)
        if "discard" in request.POST:
            Autosave.objects.filter(user=request.user, article=article).delete()
            return JsonResponse({"message": _("The autosaved text is discarded.")})
        fields = {name: request.POST[name] for name in AUTOSAVED_FIELDS if name in request.POST}
        if sum(len(value) for value in fields.values()) > MAX_AUTOSAVE_CHARACTERS:
            return _refused(_("Too much text to autosave: save the article instead."), 400)
        if any("\x00" in value for value in fields.values()):
            return _refused(_("The text holds a character that cannot be kept."), 400)
        autosave = Autosave.keep(request.user, article, fields)
        saved = timezone.localtime(autosave.saved_at)
        return JsonResponse(
            {
                "saved_at": saved.isoformat(),
                "message": _("Autosaved at %(time)s.") % {"time": f"{saved:%H.%M.%S}"},
            }
        )

    def get_object(self, request, object_id, from_field=None):
        article = super().get_object(request, object_id, from_field)
        if article is not None and request.method == "GET" and RESTORE_PARAMETER in request.GET:
            autosave = Autosave.offered(request.user, article)
            if autosave is not None:
                # Shown in the form, not saved: the writer reviews it and saves it.
                for name, value in autosave.fields.items():
                    setattr(article, name, value)
                # An unpublished change shown in the form leaves these to the autosave.
                article.restored_fields = set(autosave.fields)
        return article

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        initial.pop(RESTORE_PARAMETER, None)
        if RESTORE_PARAMETER in request.GET:
            autosave = Autosave.offered(request.user, None)
            if autosave is not None:
                initial.update(autosave.fields)
        return initial

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is None:
            context["autosave_url"] = reverse("admin:articles_article_autosave_new")
        elif self.has_change_permission(request, obj):
            context["autosave_url"] = reverse("admin:articles_article_autosave", args=[obj.pk])
        if "autosave_url" in context and RESTORE_PARAMETER not in request.GET:
            offered = Autosave.offered(request.user, obj)
            if offered is not None:
                context["autosave_offered"] = offered
                context["autosave_restore_url"] = f"{request.path}?{RESTORE_PARAMETER}=1"
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        # Saved: the private copy has done its work (a refused save keeps it).
        Autosave.objects.filter(user=request.user, article=obj if change else None).delete()


def _refused(message, status):
    return JsonResponse({"error": message}, status=status)
