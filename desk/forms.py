"""Forms of the editors' desk: the article form (its widgets in `desk/widgets.py`), its
“Baca Juga” rows, the schedule and takedown steps, shared preview links and static pages."""

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from reversion.models import Version

from articles import dates, html, renditions
from articles.models import Article, Image, PreviewLink, StaticPage
from articles.models.notes import MAX_NOTE_CHARACTERS
from articles.models.working_copies import check_form_save
from desk.widgets import BODY_EXTENSIONS, BodyEditorWidget

# Lengths past which search results and shares cut a headline or a lead short.
TITLE_ADVICE = 90
LEAD_ADVICE = 200


class ArticleAdminForm(forms.ModelForm):
    body = ProseEditorFormField(
        label=_("Body"),
        required=False,
        extensions=BODY_EXTENSIONS,
        sanitize=html.sanitize,
        widget=BodyEditorWidget,
        help_text=_("Formatting the site does not use is removed when you save."),
    )
    note = forms.CharField(
        label=_("New note"),
        required=False,
        max_length=MAX_NOTE_CHARACTERS,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "For the desk only: what to fix, a source to call. Saved with the article; "
            "“Return to the writer with a note” sends it to the writer."
        ),
    )
    # The `updated_at` of the version the form was opened on; a save over a newer one is
    # refused. Forms posted without it (restoring an old version) are not checked.
    loaded_version = forms.CharField(widget=forms.HiddenInput, required=False)
    # The same for the unpublished change shown (empty: there was none).
    loaded_copy = forms.CharField(widget=forms.HiddenInput, required=False)

    # ArticleAdmin.get_form() builds the form class for each request and sets these.
    user = None
    submit_for_review = False
    return_with_note = False
    # desk.admin.working_copies: the published article's unpublished change, and what the
    # posted form asks of it ("keep", "review", "publish" or None).
    working_copy = None
    working_copy_action = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, advice in [("title", TITLE_ADVICE), ("lead", LEAD_ADVICE)]:
            if name in self.fields:
                self.fields[name].widget.attrs["data-desk-counter"] = advice
        if self.instance.pk:
            self.fields["loaded_version"].initial = self.instance.updated_at.isoformat()
        if self.working_copy is not None:
            self.fields["loaded_copy"].initial = self.working_copy.updated_at.isoformat()
            if not self.is_bound:
                restored = getattr(self.instance, "restored_fields", set())
                self.initial.update(
                    {k: v for k, v in self.working_copy.fields.items() if k not in restored}
                )

    def _save_m2m(self):
        # ModelForm would set() the authors, which keeps no order: the byline is saved apart.
        byline = self.cleaned_data.pop("authors", None)
        try:
            super()._save_m2m()
        finally:
            if byline is not None:
                self.cleaned_data["authors"] = byline
        if byline is not None:
            self.instance.set_byline(byline)

    def clean_loaded_version(self):
        return self._version_stamp("loaded_version")

    def clean_note(self):
        return html.plain_text(self.cleaned_data["note"]).strip()

    def clean_loaded_copy(self):
        return self._version_stamp("loaded_copy")

    def _version_stamp(self, name):
        value = self.cleaned_data[name]
        if not value:
            return None
        try:
            loaded = datetime.fromisoformat(value)
        except ValueError:
            loaded = None
        if loaded is None or loaded.tzinfo is None:
            raise ValidationError(
                _("This form is damaged: open the article again."), code="bad_version"
            )
        return loaded

    def clean(self):
        cleaned_data = super().clean()
        loaded = cleaned_data.get("loaded_version")
        if loaded and self.instance.pk and self.instance.changed_since(loaded):
            self.add_error(None, edit_conflict(self.instance))
        if self.working_copy_action is not None:
            try:
                check_form_save(
                    self.instance.pk,
                    cleaned_data.get("loaded_copy"),
                    self.working_copy_action,
                    self.changed_data,
                )
            except ValidationError as error:
                self.add_error(None, error)
        status = cleaned_data.get("status", self.instance.status)
        if self.submit_for_review:
            status = Article.Status.REVIEW
        if self.return_with_note:
            status = Article.Status.DRAFT
            if not cleaned_data.get("note", "").strip():
                self.add_error(
                    "note", _("Write what the writer should do before returning the article.")
                )
        moved = status != self.instance.stored_status or (
            status == Article.Status.PUBLISHED and "published_at" in self.changed_data
        )
        if "embargo_until" in cleaned_data:
            # A move to published must respect the embargo being saved with it.
            self.instance.embargo_until = cleaned_data["embargo_until"]
        if moved:
            try:
                self.instance.check_transition(
                    status, by=self.user, at=cleaned_data.get("published_at")
                )
            except ValidationError as error:
                self.add_error(None, error)
        # Writers have no status field: the instance carries their “submit”.
        if "status" in self.fields:
            cleaned_data["status"] = status
        else:
            self.instance.status = status
        return cleaned_data


def edit_conflict(article):
    """The refusal of a save made over a newer version, saying who saved it and when."""
    latest = Version.objects.get_for_object(article).select_related("revision__user").first()
    user = latest.revision.user if latest else None
    stored = Article.objects.values_list("updated_at", flat=True).get(pk=article.pk)
    return ValidationError(
        _(
            "%(name)s saved this article at %(time)s, after you opened it, so your changes "
            "were not saved. They are still in this form: open the article in a new tab to "
            "see the newer version, then bring your changes over."
        ),
        code="edit_conflict",
        params={
            "name": (user.get_full_name() or user.get_username()) if user else _("Someone"),
            "time": dates.long_datetime(stored),
        },
    )


class HttpURLField(forms.URLField):
    """A web address readers can follow: http or https, never javascript:, data: or ftp:."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Enter an address that starts with http:// or https://."),
    }


class RelatedLinkForm(forms.ModelForm):
    url = HttpURLField(
        label=_("external address"),
        required=False,
        max_length=500,
        assume_scheme="https",
        help_text=_("Or link an article above, not both."),
    )


class RelatedLinkFormSet(forms.BaseInlineFormSet):
    def clean(self):
        super().clean()
        seen = set()
        for form in self.forms:
            if not form.has_changed() and not form.instance.pk:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = getattr(form, "cleaned_data", {})
            target, url = data.get("target"), data.get("url")
            key = ("article", target.pk) if target else ("url", url) if url else None
            if key is None:
                continue
            if key in seen:
                form.add_error(
                    "target" if target else "url",
                    _("This article or address is already linked above."),
                )
            seen.add(key)


class ScheduleForm(forms.Form):
    published_at = forms.DateTimeField(
        label=_("Publication time"),
        input_formats=["%Y-%m-%dT%H:%M"],
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )

    def clean_published_at(self):
        published_at = self.cleaned_data["published_at"]
        if published_at <= timezone.now():
            raise ValidationError(
                _("Choose a time in the future; to publish at once, use “Publish now”.")
            )
        return published_at


class ImageForm(forms.ModelForm):
    """An upload form whose file check says exactly what is wrong with a bad picture."""

    file = forms.FileField(label=_("file"), help_text=_("JPEG, PNG, WebP or GIF, at most 20 MB."))

    class Meta:
        model = Image
        fields = ["file", "alt_text", "caption", "credit", "focal_x", "focal_y"]
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
            "focal_y": forms.NumberInput(attrs={"step": "0.01", "min": "0", "max": "1"}),
        }

    def clean_file(self):
        # Checked before the model sees it: reading the size of a decompression bomb is
        # already dangerous, and ImageField reads it as soon as the file is assigned.
        upload = self.cleaned_data["file"]
        if getattr(upload, "_committed", False):
            return upload  # the stored file, kept: no new upload (a caption or focal point)
        checked, _extension = renditions.clean_upload(upload)
        return checked


class TakedownForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Readers see this at the article's address instead of the article, for example "
            "“Removed at the request of the Press Council.”"
        ),
    )


class PreviewLinkForm(forms.ModelForm):
    valid_for = forms.IntegerField(
        label=_("Valid for (days)"),
        min_value=1,
        max_value=PreviewLink.MAX_LIFETIME.days,
        initial=3,
    )

    class Meta:
        model = PreviewLink
        fields = ["recipient"]

    def clean(self):
        cleaned_data = super().clean()
        if days := cleaned_data.get("valid_for"):
            self.instance.expires_at = timezone.now() + timedelta(days=days)
        return cleaned_data


class StaticPageForm(forms.ModelForm):
    body = ProseEditorFormField(
        label=_("Body"),
        required=False,
        extensions=BODY_EXTENSIONS,
        sanitize=html.sanitize,
        widget=BodyEditorWidget,
    )

    class Meta:
        model = StaticPage
        fields = ["title", "slug", "body", "position", "is_published"]
