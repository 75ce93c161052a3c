"""Imports in the background: from an address (`import_articles --background`) and from the
feeds the newsroom subscribes to (`FeedSubscription`, enqueued by `manage.py pull_feeds`).

Imports are idempotent as every import is: articles are upserted on their import key (the
source and the feed's guid or the export's id), so a feed imported twice adds nothing.
A subscription's feed is asked for with the validators of its last import (ETag,
If-Modified-Since): a 304, or the same bytes again, ends the task with no write at all.
A subscription that imports drafts is wire copy: its new entries wait in the incoming queue
(Masuk) and those an editor has taken are never overwritten (`import_records(incoming=…)`).
A download that fails (the feed's server down, a timeout) is tried again after 1, 5 and 30
minutes (`articles.retries`); a feed that cannot be read, or items that fail, fail the task
with the problems in its error, shown in the desk.

From django-tasks (the backport); on Django 6, `from django.tasks import task`.
"""

import hashlib
import io
import logging

from django.utils import timezone
from django_tasks import task

from articles import retries
from articles.models import FeedSubscription
from transfer.importers import ImportOptions, fetch, read_stream
from transfer.importers.save import import_records

logger = logging.getLogger(__name__)

DOWNLOAD_RETRY_SECONDS = (60, 300, 1800)
PROBLEMS_SHOWN = 10


class ImportFailed(Exception):
    """Items of the input (or the whole input) could not be imported: the problems."""


def import_url(url, *, source="", status=None):
    """Download `url` and import it; the report. Raises `fetch.InputError` when the download
    fails, `ImportFailed` (after saving what could be) when items fail."""
    return import_data(fetch.fetch(url), url, source=source, status=status)


def import_data(data, url, *, source="", status=None, incoming=None):
    """Import the downloaded `data` of `url`; the report, or `ImportFailed`."""
    report = import_records(
        read_stream(io.BytesIO(data), url, options=ImportOptions(source=source)),
        status=status,
        incoming=incoming,
    )
    failures = [problem for problem in report.problems if problem.failed]
    if report.failed or failures:
        lines = [f"{problem.location}: {problem.message}" for problem in failures]
        raise ImportFailed("\n".join([report.summary(), *lines[:PROBLEMS_SHOWN]]))
    return report


@task()
def import_from_url(url, source="", status=None, attempt=0):
    """Import the feed or export at `url` (`import_articles --background`)."""
    try:
        report = import_url(url, source=source, status=status)
    except fetch.InputError as error:
        later = retries.again_later(
            import_from_url,
            error,
            url,
            source=source,
            status=status,
            attempt=attempt,
            delays=DOWNLOAD_RETRY_SECONDS,
        )
        if later is None:
            raise
        return later
    return {"summary": report.summary(), "imported": report.imported, "updated": report.updated}


@task()
def import_subscription(subscription_id, attempt=0):
    """Import a subscribed feed if it changed, and record how it went on the subscription."""
    subscription = FeedSubscription.objects.filter(pk=subscription_id).first()
    if subscription is None or not subscription.active:
        return None  # deleted or switched off since it was enqueued
    try:
        fetched = fetch.fetch_if_changed(
            subscription.url, etag=subscription.etag, last_modified=subscription.last_modified
        )
    except fetch.InputError as error:
        later = retries.again_later(
            import_subscription,
            error,
            subscription_id,
            attempt=attempt,
            delays=DOWNLOAD_RETRY_SECONDS,
        )
        subscription.record(str(error), failed=True)
        if later is None:
            raise
        return later
    digest = "" if fetched.not_modified else hashlib.sha256(fetched.body).hexdigest()
    if fetched.not_modified or (digest == subscription.digest and not subscription.last_failed):
        return {"unchanged": True}  # one request, and nothing written
    try:
        report = import_data(
            fetched.body,
            subscription.url,
            source=subscription.source,
            status=subscription.status,
            incoming=subscription if subscription.imports_drafts else None,
        )
    except ImportFailed as error:
        # The validators are not kept: the next pull downloads and imports it all again.
        subscription.record(str(error), failed=True)
        raise
    subscription.record(
        report.summary(),
        failed=False,
        etag=fetched.etag,
        last_modified=fetched.last_modified,
        digest=digest,
    )
    return {"summary": report.summary(), "imported": report.imported, "updated": report.updated}


def enqueue_due_imports(now=None):
    """Enqueue the import of every active subscription whose time has come; those enqueued."""
    now = now or timezone.now()
    enqueued = []
    for subscription in FeedSubscription.objects.filter(active=True):
        if subscription.is_due(now) and subscription.claim(now):
            import_subscription.enqueue(subscription.pk)
            enqueued.append(subscription)
    return enqueued
