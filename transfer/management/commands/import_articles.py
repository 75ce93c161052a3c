"""`manage.py import_articles`: text files, WordPress exports, feeds and JSON Lines in."""

import argparse
import codecs
import sys
from datetime import date, datetime
from functools import partial
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from articles import oembed
from articles.models import Embed
from transfer.importers import FORMATS, WIB, ImportOptions, is_url, read
from transfer.importers.save import import_records


def moment(value):
    """`2020-10-03` or `2020-10-03T08:15[+07:00]`; without an offset the time is WIB."""
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(value)s is not a date or an ISO 8601 date and time") % {"value": value}
        ) from None
    if len(value) == 10:
        parsed = datetime.combine(date.fromisoformat(value), datetime.min.time())
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=WIB)


def encoding(value):
    """An encoding Python knows, as the operator wrote it (`windows-1252`, `latin-1`)."""
    try:
        codecs.lookup(value)
    except LookupError:
        raise argparse.ArgumentTypeError(
            _("%(value)s is not an encoding") % {"value": value}
        ) from None
    return value


class Command(BaseCommand):
    help = _(
        "Import articles from plain-text files, WordPress exports (WXR), RSS or Atom feeds "
        "and JSON Lines. A second run of the same input creates nothing new."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "locations",
            nargs="+",
            metavar="PATH_OR_URL",
            help=_("Files, folders (every file inside) or http(s) addresses."),
        )
        parser.add_argument(
            "--format",
            choices=["auto", *sorted(FORMATS)],
            default="auto",
            help=_("The input format; by default detected from the content."),
        )
        parser.add_argument(
            "--source",
            default="",
            metavar="NAME",
            help=_(
                "The publication the input comes from: the origin source of articles that "
                "name none, and part of the key that recognises them on the next run."
            ),
        )
        parser.add_argument(
            "--status",
            choices=["draft", "published"],
            help=_(
                "Give every imported article this status (by default the input's, else "
                "published). Private posts and articles without a time stay drafts."
            ),
        )
        parser.add_argument(
            "--published-at",
            type=moment,
            metavar="WHEN",
            help=_(
                "Text files: the publication time (ISO 8601; WIB without an offset) instead "
                "of the first weekday and date in the text."
            ),
        )
        parser.add_argument(
            "--media-dir",
            type=Path,
            metavar="FOLDER",
            help=_(
                "Where featured images are read from, never downloaded: the WordPress "
                "uploads folder (wxr) or a copy of the exporting site's media (jsonl)."
            ),
        )
        parser.add_argument(
            "--encoding",
            type=encoding,
            metavar="NAME",
            help=_(
                "The encoding the input is really in (e.g. windows-1252, latin-1), over what "
                "it declares. By default the one an XML file declares, else UTF-8; a file "
                "with bytes not valid in it is refused."
            ),
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=_("Read and check everything, write nothing, report what would happen."),
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help=_(
                "Addresses only: enqueue each import for the task worker (manage.py "
                "db_worker) and print its task id, instead of importing now."
            ),
        )
        parser.add_argument(
            "--fetch-embeds",
            action="store_true",
            help=_(
                "After the import, ask the providers of the embeds not fetched yet for their "
                "title and thumbnail (by default nothing is fetched from the internet)."
            ),
        )
        parser.add_argument(
            "--quiet",
            action="store_true",
            help=_("No progress bar and no warnings; failures and the summary remain."),
        )

    def handle(self, *args, locations, format, dry_run, quiet, **options):
        if options["background"]:
            return self.enqueue(locations, format=format, dry_run=dry_run, **options)
        if options["media_dir"] and not options["media_dir"].is_dir():
            raise CommandError(_("%(path)s is not a folder") % {"path": options["media_dir"]})
        quiet = quiet or options["verbosity"] == 0
        items = read(
            locations,
            format=format,
            options=ImportOptions(
                source=options["source"].strip(),
                published_at=options["published_at"],
                media_dir=options["media_dir"],
                encoding=options["encoding"] or "",
            ),
        )
        # tqdm draws on stderr: only for a person watching a terminal.
        with tqdm(
            items,
            desc=_("Importing"),
            unit=_("item"),
            file=sys.stderr,
            disable=quiet or not sys.stderr.isatty(),
        ) as progress:
            report = import_records(
                progress,
                status=options["status"],
                dry_run=dry_run,
                on_problem=partial(self.show_problem, quiet=quiet, progress=progress),
            )
        self.show_summary(report, dry_run)
        if options["fetch_embeds"] and not dry_run:
            self.fetch_embeds()
        if report.failed:
            raise CommandError(
                ngettext(
                    "%(count)d item could not be imported.",
                    "%(count)d items could not be imported.",
                    report.failed,
                )
                % {"count": report.failed}
            )

    def fetch_embeds(self):
        """Resolve every embed not fetched yet, telling which could not be."""
        fetched = 0
        for embed in Embed.objects.filter(fetched_at=None).order_by("pk"):
            try:
                oembed.resolve(embed)
                fetched += 1
            except ValidationError as error:
                self.stderr.write(f"{embed.url}: {' '.join(error.messages)}")
        self.stdout.write(
            ngettext("%(count)d embed fetched.", "%(count)d embeds fetched.", fetched)
            % {"count": fetched}
        )

    def enqueue(self, locations, *, format, dry_run, **options):
        from transfer.tasks import import_from_url

        refused = [location for location in locations if not is_url(location)]
        if refused:
            raise CommandError(
                _("--background imports http(s) addresses only, not %(paths)s")
                % {"paths": ", ".join(refused)}
            )
        unsupported = [
            f"--{name.replace('_', '-')}"
            for name in ("published_at", "media_dir", "encoding")
            if options[name]
        ] + (["--format", "--dry-run"] if format != "auto" or dry_run else [])
        if unsupported:
            raise CommandError(
                _("--background cannot be used with %(options)s")
                % {"options": ", ".join(unsupported)}
            )
        for url in locations:
            result = import_from_url.enqueue(
                url, source=options["source"].strip(), status=options["status"]
            )
            self.stdout.write(_("%(url)s: enqueued as task %(id)s") % {"url": url, "id": result.id})

    def show_problem(self, problem, *, quiet, progress):
        if problem.failed:
            line = self.style.ERROR(
                _("%(where)s: failed: %(reason)s")
                % {"where": problem.location, "reason": problem.message}
            )
        elif quiet:
            return
        else:
            line = self.style.WARNING(
                _("%(where)s: warning: %(message)s")
                % {"where": problem.location, "message": problem.message}
            )
        with progress.external_write_mode(file=sys.stderr):
            self.stderr.write(line)

    def show_summary(self, report, dry_run):
        summary = report.summary()
        if dry_run:
            summary = _("Dry run, nothing was written: %(summary)s") % {"summary": summary}
        style = self.style.ERROR if report.failed else self.style.SUCCESS
        self.stdout.write(style(summary))
