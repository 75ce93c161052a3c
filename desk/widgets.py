"""The article form's own widgets and fields: the body editor (django-prose-editor, with our
pictures and embeds) and the byline, its authors in the order they are credited."""

import json

from django import forms
from django.contrib.admin.widgets import AutocompleteSelectMultiple
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_prose_editor.widgets import AdminProseEditorWidget

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
