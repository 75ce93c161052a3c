"""Forms of the editors' desk: the article form and its byline, its “Baca Juga” rows, the
schedule and takedown steps, shared preview links and static pages."""

import json
from datetime import datetime, timedelta

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from django_prose_editor.widgets import AdminProseEditorWidget
from reversion.models import Version

from articles import dates, html, renditions
from articles.models import Article, Image, PreviewLink, StaticPage
from articles.models.notes import MAX_NOTE_CHARACTERS
from articles.models.working_copies import check_form_save

# What the body editor offers: only what `html.sanitize()` keeps (a test holds them together).
BODY_EXTENSIONS = {
    "Heading": {"levels": [2, 3, 4]},
    "Blockquote": True,
    "BulletList": True,
    "OrderedList": {"enableListAttributes": False},
    "ListItem": True,
    "HorizontalRule": True,
    "HardBreak": True,
    "Bold": True,
    "Italic": True,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Link": {"enableTarget": False, "protocols": ["http", "https", "mailto"]},
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "HTML": True,
    # Ours (admin-desk/embed-node.js): <figure data-embed="ID"></figure>.
    "NewsroomEmbed": True,
}
# Lengths past which search results and shares cut a headline or a lead short.
TITLE_ADVICE = 90
LEAD_ADVICE = 200


class BodyEditorWidget(AdminProseEditorWidget):
    """django-prose-editor, started by our own module.

    The package's loader needs an inline import map, which our CSP (script-src 'self')
    refuses; `admin-desk/body-editor.js` imports the editor by its address instead.
    """

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # What "Insert embed" needs (admin-desk/embed-node.js).
        context["widget"]["attrs"] |= {
            "data-embed-paste-url": reverse("admin:articles_embed_paste"),
            "data-embed-name": _("Embed"),
            "data-embed-label": _("Insert embed"),
            "data-embed-prompt": _(
                "Address of a YouTube, Instagram, X, TikTok, Facebook, Spotify or SoundCloud "
                "post or clip:"
            ),
            "data-embed-failed": _("The embed could not be added. Try again."),
        }
        # The picture dialog's addresses and words, in the language of the page.
        from desk.pictures import picture_dialog  # its upload view uses this module's form

        context["widget"]["attrs"]["data-desk-pictures"] = json.dumps(picture_dialog())
        return context

    @property
    def media(self):
        return forms.Media(
            css={
                "all": [
                    "django_prose_editor/material-icons.css",
                    "django_prose_editor/editor.css",
                    "django_prose_editor/overrides.css",
                ]
            },
            # The labels first: a classic script, run before the editor's module.
            js=[
                reverse("desk-editor-labels"),
                forms.Script("admin-desk/body-editor.js", type="module"),
            ],
        )


class BylineWidget(AutocompleteSelectMultiple):
    """The authors' autocomplete, the chosen names in byline order (Django's lists them by
    name). `admin-desk/byline.js` moves a name picked to the end, where the byline takes it."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.attrs["data-desk-byline"] = True

    def optgroups(self, name, value, attr=None):
        groups = super().optgroups(name, value, attr)
        place = {str(pk): index for index, pk in enumerate(value)}
        for _group, options, _index in groups:
            options.sort(key=lambda option: place.get(str(option["value"]), len(place)))
            for index, option in enumerate(options):
                option["index"] = str(index)
        return groups

    @property
    def media(self):
        return super().media + forms.Media(js=["admin-desk/byline.js"])


class BylineField(forms.ModelMultipleChoiceField):
    """Authors in the order given, the first one first in the byline."""

    def __init__(self, *args, **kwargs):
        # The model field gives its help text, empty: the desk's is this one.
        kwargs["help_text"] = kwargs.get("help_text") or _(
            "The byline follows the order of the names here: the first one chosen comes "
            "first. To move a name to the end, remove it and choose it again."
        )
        super().__init__(*args, **kwargs)

    def clean(self, value):
        by_pk = {str(author.pk): author for author in super().clean(value)}
        return [by_pk[pk] for pk in dict.fromkeys(map(str, value or [])) if pk in by_pk]

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        before = [str(pk) for pk in self.prepare_value(initial or [])]
        return before != list(dict.fromkeys(map(str, data or [])))


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
