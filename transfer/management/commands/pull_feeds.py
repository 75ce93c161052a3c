"""`manage.py pull_feeds`: enqueue the imports of the subscribed feeds whose time has come.

Run it every minute (deploy/systemd/newsroom-feeds.timer, or cron); the task worker
(`manage.py db_worker`) imports them. Running it twice at once enqueues each import once.
"""

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from transfer.tasks import enqueue_due_imports


class Command(BaseCommand):
    help = _(
        "Enqueue the import of every active feed subscription whose time has come (run it "
        "every minute; manage.py db_worker imports them)."
    )

    def handle(self, *args, **options):
        enqueued = enqueue_due_imports()
        if not options["verbosity"]:
            return
        for subscription in enqueued:
            self.stdout.write(_("enqueued %(url)s") % {"url": subscription.url})
        self.stdout.write(
            ngettext("%(count)d feed enqueued.", "%(count)d feeds enqueued.", len(enqueued))
            % {"count": len(enqueued)}
        )
