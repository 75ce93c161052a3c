"""Enqueue the renditions and crops of every picture that lacks them (pictures stored before
crops existed, or whose task was lost); the worker makes them. Running it again enqueues
only what is still missing."""

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Image
from articles.tasks import make_renditions


class Command(BaseCommand):
    help = _("Enqueue the renditions and crops of every picture that lacks them.")

    def handle(self, *args, **options):
        missing = Image.objects.filter(Q(crops={}) | Q(renditions=[])).exclude(file="")
        count = 0
        for pk, name in missing.values_list("pk", "file").iterator():
            make_renditions.enqueue(pk, name)
            count += 1
        self.stdout.write(
            ngettext(
                "%(count)d picture queued for its crops.",
                "%(count)d pictures queued for their crops.",
                count,
            )
            % {"count": count}
        )
