"""`manage.py export_articles`: every article (or a selection) out as JSON Lines."""

import argparse
import os
from datetime import date
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from articles.models import Article
from transfer.exporters import articles_to_export, write_jsonl, write_ninjs


def day(value):
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            _("%(value)s is not a date such as 2020-10-03") % {"value": value}
        ) from None


class Command(BaseCommand):
    help = _(
        "Export articles as JSON Lines, the format import_articles reads back; "
        "to standard output unless --output is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--format",
            choices=["jsonl", "ninjs"],
            default="jsonl",
            help=_(
                "jsonl: the exchange format import_articles reads back (the default); "
                "ninjs: IPTC ninjs 2.1, one object a line."
            ),
        )
        parser.add_argument(
            "--base-url",
            metavar="URL",
            help=_(
                "The site's address for ninjs, such as https://warta.example/ (NEWSROOM_SITE_URL)."
            ),
        )
        parser.add_argument(
            "--output",
            "-o",
            type=Path,
            metavar="FILE",
            help=_("Write to this file (replaced only once the export is complete)."),
        )
        parser.add_argument("--status", choices=Article.Status.values, help=_("Only this status."))
        parser.add_argument("--section", metavar="SLUG", help=_("Only articles of this section."))
        parser.add_argument("--tag", metavar="SLUG", help=_("Only articles with this tag."))
        parser.add_argument(
            "--source",
            metavar="SLUG",
            help=_("Only articles that come from or credit this source."),
        )
        parser.add_argument(
            "--since",
            type=day,
            metavar="DATE",
            help=_("Only articles published on or after this day."),
        )
        parser.add_argument(
            "--until",
            type=day,
            metavar="DATE",
            help=_("Only articles published on or before this day."),
        )

    def handle(self, *args, output, format, base_url, **options):
        if format == "ninjs":
            base_url = base_url or settings.NEWSROOM_SITE_URL
            if not base_url.startswith(("http://", "https://")):
                raise CommandError(
                    _("--format ninjs needs the site's http(s) address (--base-url).")
                )
            base_url = base_url.rstrip("/") + "/"

            def write(articles, stream):
                return write_ninjs(articles, stream, base_url)
        else:
            write = write_jsonl
        articles = articles_to_export(
            **{
                key: options[key]
                for key in ("status", "section", "tag", "source", "since", "until")
            }
        )
        if output is None:
            count = write(articles, self.stdout)
            # Standard output carries the data; the summary goes beside it.
            self.stderr.write(self.summary(count), style_func=self.style.SUCCESS)
            return
        partial = output.with_name(output.name + ".part")
        try:
            with partial.open("w", encoding="utf-8") as stream:
                count = write(articles, stream)
            os.replace(partial, output)
        except OSError as error:
            partial.unlink(missing_ok=True)
            raise CommandError(
                _("cannot write %(path)s: %(reason)s") % {"path": output, "reason": error.strerror}
            ) from error
        self.stdout.write(self.style.SUCCESS(self.summary(count, output)))

    def summary(self, count, path=None):
        message = ngettext("Exported %(count)d article", "Exported %(count)d articles", count) % {
            "count": count
        }
        if path:
            message = _("%(message)s to %(path)s") % {"message": message, "path": path}
        return message + "."
