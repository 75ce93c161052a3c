"""Internal notes and the workflow's notifications on the article desk.

A note is written in the change form (never shown to readers); “Return to the writer with a
note” moves an article in review back to draft with it. Every move the desk makes, in the
form or by an action, goes through `desk.notifications.workflow_moved`, which tells whom it
concerns once.
"""

from django.contrib import admin
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleWorkingCopy, Note
from desk import notifications

RETURN = "_return_with_note"


def moving(request, move):
    """`move(article)` made by `request.user`, telling whom it concerns (the actions')."""

    def moved(article):
        before = article.stored_status
        move(article)
        notifications.workflow_moved(request, article, before)

    return moved


class NotesAdminMixin:
    def get_fieldsets(self, request, obj=None):
        fields = ["note", "notes_so_far"] if obj is not None else ["note"]
        notes = (
            _("Internal notes"),
            {
                "fields": fields,
                "description": _("Only the desk reads these notes; readers never see them."),
            },
        )
        return [*super().get_fieldsets(request, obj), notes]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "notes_so_far"]

    @admin.display(description=_("notes so far"))
    def notes_so_far(self, article):
        notes = article.notes.select_related("author") if article and article.pk else []
        rows = format_html_join(
            "",
            '<li><span class="desk-queue__meta">{} · {}</span><br>{}</li>',
            (
                (
                    note.author.get_username() if note.author else "—",
                    f"{note.created_at:%d-%m-%Y %H.%M}",
                    note.text,
                )
                for note in notes
            ),
        )
        return format_html('<ul class="desk-notes">{}</ul>', rows) if rows else "—"

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        form.return_with_note = RETURN in request.POST
        return form

    def save_model(self, request, obj, form, change):
        before = obj.stored_status
        super().save_model(request, obj, form, change)
        text = form.cleaned_data.get("note")
        note = Note.objects.create(article=obj, author=request.user, text=text) if text else None
        request._desk_moved = (before, note if form.return_with_note else None)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # Told once the byline is saved too: its authors are among those told.
        before, note = request._desk_moved
        copy = getattr(request, "_kept_working_copy", None)
        if copy is None:
            notifications.workflow_moved(request, form.instance, before, note=note)
        elif copy.status == ArticleWorkingCopy.Status.REVIEW and (
            form.working_copy_action == "review"
        ):
            notifications.change_submitted(request, copy)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        context["show_return_with_note"] = (
            obj is not None
            and obj.stored_status == Article.Status.REVIEW
            and self.has_change_permission(request, obj)
        )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def history_view(self, request, object_id, extra_context=None):
        notes = Note.objects.filter(article_id=object_id).select_related("author")
        context = {"notes": notes}
        return super().history_view(request, object_id, context | (extra_context or {}))
