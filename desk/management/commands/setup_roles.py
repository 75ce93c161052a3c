"""Create the newsroom's two roles, or bring them back to what they should hold.

Run after every `migrate`; running it again changes nothing. A person gets a role by
being put in its group and marked as staff (“can log into the admin”).
"""

from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils.translation import gettext as _

from articles.models.workflow import EDITORS, WRITERS

_ARTICLE_MODELS = ["article", "relatedlink", "section", "tag", "source", "author", "image"]

# Writers' limits past these permissions (their own articles, never published ones) are
# enforced by the Article model and its admin.
ROLES = {
    WRITERS: [
        "add_article",
        "change_article",
        "delete_article",
        "view_article",
        "add_relatedlink",
        "change_relatedlink",
        "delete_relatedlink",
        "view_relatedlink",
        "add_image",
        "view_image",
        "add_embed",
        "view_embed",
        "add_tag",
        "view_tag",
        "view_section",
        "view_source",
        "view_author",
    ],
    EDITORS: [
        *(
            f"{action}_{model}"
            for model in [
                *_ARTICLE_MODELS,
                "slugredirect",
                "correction",
                "previewlink",
                "staticpage",
                "feedsubscription",
                "frontpage",
                "editorspick",
                "breakingnews",
                "topic",
                "topicarticle",
                "embed",
                "livereport",
                "liveupdate",
            ]
            for action in ["add", "change", "delete", "view"]
        ),
        # The incoming queue (Masuk): seen, and its wire copy taken.
        "view_incomingentry",
        "change_incomingentry",
        "publish_article",
        "takedown_article",
        # Background tasks: seen, and a failed one run again (desk/admin/tasks.py).
        "django_tasks_database.view_dbtaskresult",
        "django_tasks_database.change_dbtaskresult",
    ],
}


def _permissions(names):
    """The permissions named `codename` (of the articles app) or `app_label.codename`."""
    wanted = Q(pk__in=[])
    for name in names:
        app_label, codename = name.split(".") if "." in name else ("articles", name)
        wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


class Command(BaseCommand):
    help = _("Create or update the Penulis (writer) and Editor groups and their permissions.")

    def handle(self, *args, **options):
        for name, codenames in ROLES.items():
            permissions = _permissions(codenames)
            found = {
                f"{app_label}.{codename}"
                for app_label, codename in permissions.values_list(
                    "content_type__app_label", "codename"
                )
            }
            missing = {name if "." in name else f"articles.{name}" for name in codenames} - found
            if missing:
                raise CommandError(
                    _("Permissions not found: %(names)s. Run “migrate” first.")
                    % {"names": ", ".join(sorted(missing))}
                )
            group, created = Group.objects.get_or_create(name=name)
            group.permissions.set(permissions)
            message = _("Created group %(name)s.") if created else _("Updated group %(name)s.")
            self.stdout.write(self.style.SUCCESS(message % {"name": name}))
