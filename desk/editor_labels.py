"""The body editor in the desk's language: django-prose-editor 0.28 ships no Indonesian.

Its dialogs ask `window.gettext`, Django's JavaScript catalog (the admin's change form loads
it): `labels_script` adds their strings to that catalog. Its toolbar's titles and
aria-labels and its block styles' names are English in its code, with no option to name
them: `static/admin-desk/body-editor.js` replaces each one it finds in the same list
(`window.deskEditorLabels`). A string the editor shows that is not here stays English; the
browser test of the editor (tests/browser/test_desk_editor_labels.py) finds it.
"""

import json

from django.http import HttpResponse
from django.utils.translation import pgettext_lazy
from django.views.decorators.cache import never_cache

# makemessages reads the literal calls below; the context keeps the editor's “Cancel” or
# “Title” apart from the desk's own.
SCHEMA_NOTE = (
    "The HTML contents of the editor. Note that the allowed HTML is restricted by the "
    "editor schema."
)
LABELS = {
    # Dialogs (the editor's gettext).
    "Add caption": pgettext_lazy("body editor", "Add caption"),
    "Alternative Text": pgettext_lazy("body editor", "Alternative Text"),
    "Browse...": pgettext_lazy("body editor", "Browse..."),
    "Bullets": pgettext_lazy("body editor", "Bullets"),
    "Cancel": pgettext_lazy("body editor", "Cancel"),
    "Caption": pgettext_lazy("body editor", "Caption"),
    "Columns": pgettext_lazy("body editor", "Columns"),
    "Decimal numbers": pgettext_lazy("body editor", "Decimal numbers"),
    "Edit Figure": pgettext_lazy("body editor", "Edit Figure"),
    "Edit HTML": pgettext_lazy("body editor", "Edit HTML"),
    "Edit Image": pgettext_lazy("body editor", "Edit Image"),
    "Edit Link": pgettext_lazy("body editor", "Edit Link"),
    "Image URL": pgettext_lazy("body editor", "Image URL"),
    "Include header row": pgettext_lazy("body editor", "Include header row"),
    "Insert Figure": pgettext_lazy("body editor", "Insert Figure"),
    "Insert Table": pgettext_lazy("body editor", "Insert Table"),
    "Insert": pgettext_lazy("body editor", "Insert"),
    "List properties": pgettext_lazy("body editor", "List properties"),
    "List type": pgettext_lazy("body editor", "List type"),
    "Lowercase Roman numerals": pgettext_lazy("body editor", "Lowercase Roman numerals"),
    "Lowercase letters": pgettext_lazy("body editor", "Lowercase letters"),
    "Open in new window": pgettext_lazy("body editor", "Open in new window"),
    "Prettify": pgettext_lazy("body editor", "Prettify"),
    "Remove caption": pgettext_lazy("body editor", "Remove caption"),
    "Rows": pgettext_lazy("body editor", "Rows"),
    "Start at": pgettext_lazy("body editor", "Start at"),
    "Table Properties": pgettext_lazy("body editor", "Table Properties"),
    SCHEMA_NOTE: pgettext_lazy(
        "body editor",
        "The HTML contents of the editor. Note that the allowed HTML is restricted by the "
        "editor schema.",
    ),
    "Title": pgettext_lazy("body editor", "Title"),
    "Toggle fullscreen": pgettext_lazy("body editor", "Toggle fullscreen"),
    "URL": pgettext_lazy("body editor", "URL"),
    "Update": pgettext_lazy("body editor", "Update"),
    "Uppercase Roman numerals": pgettext_lazy("body editor", "Uppercase Roman numerals"),
    "Uppercase letters": pgettext_lazy("body editor", "Uppercase letters"),
    # The choices of a dialog's list (the value sent stays the English one).
    "Yes": pgettext_lazy("body editor", "Yes"),
    "No": pgettext_lazy("body editor", "No"),
    # The toolbar's buttons (titles and aria-labels) and block styles.
    "paragraph": pgettext_lazy("body editor", "paragraph"),
    "Paragraph": pgettext_lazy("body editor", "Paragraph"),
    "Heading 2": pgettext_lazy("body editor", "Heading 2"),
    "Heading 3": pgettext_lazy("body editor", "Heading 3"),
    "Heading 4": pgettext_lazy("body editor", "Heading 4"),
    "unordered list": pgettext_lazy("body editor", "unordered list"),
    "ordered list": pgettext_lazy("body editor", "ordered list"),
    "blockquote": pgettext_lazy("body editor", "blockquote"),
    "horizontal rule": pgettext_lazy("body editor", "horizontal rule"),
    "bold": pgettext_lazy("body editor", "bold"),
    "italic": pgettext_lazy("body editor", "italic"),
    "underline": pgettext_lazy("body editor", "underline"),
    "strike": pgettext_lazy("body editor", "strike"),
    "subscript": pgettext_lazy("body editor", "subscript"),
    "superscript": pgettext_lazy("body editor", "superscript"),
    "insert link": pgettext_lazy("body editor", "insert link"),
    "remove link": pgettext_lazy("body editor", "remove link"),
    "edit HTML": pgettext_lazy("body editor", "edit HTML"),
    "undo": pgettext_lazy("body editor", "undo"),
    "redo": pgettext_lazy("body editor", "redo"),
    "Insert table": pgettext_lazy("body editor", "Insert table"),
    "Add column": pgettext_lazy("body editor", "Add column"),
    "Add row": pgettext_lazy("body editor", "Add row"),
    "Delete column": pgettext_lazy("body editor", "Delete column"),
    "Delete row": pgettext_lazy("body editor", "Delete row"),
    "Delete table": pgettext_lazy("body editor", "Delete table"),
    "Merge cells": pgettext_lazy("body editor", "Merge cells"),
    "Split cell": pgettext_lazy("body editor", "Split cell"),
    "Toggle header cell": pgettext_lazy("body editor", "Toggle header cell"),
}


def labels():
    """`{English label: the label in the current language}`."""
    return {english: str(label) for english, label in LABELS.items()}


@never_cache
def labels_script(request):
    """`/admin/editor-labels.js`: the labels, for the editor's catalog and body-editor.js."""
    data = json.dumps(labels(), ensure_ascii=False)
    script = (
        "(function () {\n"
        f"  var labels = {data};\n"
        "  window.django = window.django || {};\n"
        "  django.catalog = django.catalog || {};\n"
        "  Object.assign(django.catalog, labels);\n"
        "  window.deskEditorLabels = labels;\n"
        "})();\n"
    )
    return HttpResponse(script, content_type="text/javascript; charset=utf-8")
