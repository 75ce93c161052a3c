"""Webhooks: other systems told of what happens to articles, by a signed JSON POST.

An article's save, takedown or correction is turned into an event here (`event_of`, from
the model signals wired by `connect()`); once its transaction commits, one delivery task
per endpoint that asked for the event is enqueued (`distribution.tasks.deliver_webhook`),
so publishing never waits for the network. A scheduled article's “published” is enqueued
to run at its publication time and sent only if it is public then.

Each delivery is a POST of the event as JSON, with these headers:

    X-Newsroom-Event: published
    X-Newsroom-Delivery: <the event's id, the same on every attempt>
    X-Newsroom-Timestamp: <Unix time of this attempt, in seconds>
    X-Newsroom-Signature: sha256=<hex HMAC-SHA256 of "<timestamp>.<body>" with the secret>

A receiver recomputes the signature over the timestamp, a dot and the raw body, compares in
constant time, and refuses a timestamp more than five minutes old (a replay). Addresses
are checked by the site's one rule (`articles.network`): only public http(s) addresses,
on the address connected to, never a redirect followed.
"""

import hashlib
import hmac
import json
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models.signals import post_save
from django.utils import timezone
from django.utils.translation import gettext as _

from articles.models import Article, Correction, WebhookEndpoint, WebhookEvent
from articles.models.webhooks import allow_private_addresses, test_requested
from articles.network import AddressRefused, connection_for
from caching.changes import was_public

TIMEOUT = 5
# Tried again after 1 and 5 minutes, half an hour, 2, 6 and 15 hours: about a day in all.
RETRY_SECONDS = (60, 300, 1800, 7200, 21600, 54000)
USER_AGENT = "Newsroom-webhooks/1.0"
# What the response may say in the log, at most.
ERROR_CHARS = 500
# Statuses worth trying again: the receiver is down, overloaded or asks us to slow down.
TRY_AGAIN_STATUSES = {408, 425, 429}


class Refused(Exception):
    """A delivery that must not be sent, nor tried again (an address outside the internet)."""


def event_of(article, created):
    """The event a save of `article` is, as (event, scheduled time or None), or None."""
    stored = {} if created else (article.stored_listing or {})
    public = article.is_public
    if "taken_down_at" in stored and stored["taken_down_at"] is None and article.taken_down_at:
        return WebhookEvent.TAKEN_DOWN, None
    before = False if created else was_public(article)
    if public:
        return (WebhookEvent.UPDATED if before else WebhookEvent.PUBLISHED), None
    if before:
        return WebhookEvent.UNPUBLISHED, None
    if article.is_scheduled and (
        stored.get("status") != article.status or stored.get("published_at") != article.published_at
    ):
        return WebhookEvent.PUBLISHED, article.published_at
    return None


def article_data(article, event):
    """What the body says of the article. An article no longer public is named only."""
    data = {"id": article.pk, "url": settings.NEWSROOM_SITE_URL + article.get_absolute_url()}
    if event in (WebhookEvent.UNPUBLISHED, WebhookEvent.TAKEN_DOWN):
        if event == WebhookEvent.TAKEN_DOWN:
            data["takedown_reason"] = article.takedown_reason
        return data
    section = article.section
    return data | {
        "title": article.title,
        "lead": article.lead,
        "section": {"id": section.pk, "name": section.name} if section else None,
        "published_at": article.published_at.isoformat() if article.published_at else None,
        "updated_at": article.updated_at.isoformat() if article.updated_at else None,
        "language": article.language,
    }


def payload(event, article, *, event_id=None, occurred_at=None):
    """The body of an event, as data."""
    return {
        "id": event_id or uuid.uuid4().hex,
        "event": str(event),
        "occurred_at": (occurred_at or timezone.now()).isoformat(),
        "article": article_data(article, event) if article is not None else None,
    }


def body_of(data):
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode()


def signature(secret, timestamp, body):
    """`sha256=<hex>`: HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret."""
    signed = str(timestamp).encode() + b"." + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def post(endpoint, data, *, timeout=None):
    """POST the event `data` to `endpoint`, signed: (status, milliseconds, error text).

    Raises `Refused` for an address outside the internet (nothing is sent); the status is
    None when no answer came.
    """
    timeout = timeout or TIMEOUT
    parts = urlsplit(endpoint.url)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise Refused(_("only http and https addresses can receive webhooks"))
    body = body_of(data)
    timestamp = int(time.time())
    headers = {
        "Content-Type": "application/json",
        "User-Agent": USER_AGENT,
        "X-Newsroom-Event": data["event"],
        "X-Newsroom-Delivery": data["id"],
        "X-Newsroom-Timestamp": str(timestamp),
        "X-Newsroom-Signature": signature(endpoint.secret, timestamp, body),
    }
    connection = connection_for(parts, timeout=timeout, allow_private=allow_private_addresses())
    started = time.monotonic()
    try:
        connection.request(
            "POST",
            (parts.path or "/") + (f"?{parts.query}" if parts.query else ""),
            body=body,
            headers=headers,
        )
        response = connection.getresponse()
        answer = response.read(ERROR_CHARS).decode("utf-8", "replace")
        status = response.status
        error = "" if 200 <= status < 300 else f"{status} {response.reason}: {answer}".strip()
        return status, _ms(started), error[:ERROR_CHARS]
    except AddressRefused as refused:
        raise Refused(str(refused)) from refused
    except TimeoutError:
        error = _("no answer within %(seconds)s seconds") % {"seconds": timeout}
        return None, _ms(started), error
    except OSError as failure:
        error = _("cannot connect: %(reason)s") % {"reason": failure}
        return None, _ms(started), error[:ERROR_CHARS]
    finally:
        connection.close()


def _ms(started):
    return round((time.monotonic() - started) * 1000)


def worth_trying_again(status):
    return status is None or status >= 500 or status in TRY_AGAIN_STATUSES


def send_later(event, article_id, *, scheduled_at=None):
    """After the commit: one delivery task for each endpoint listening to `event`."""
    from distribution.tasks import deliver_webhook

    endpoints = WebhookEndpoint.objects.listening_to(event)
    if not endpoints:
        return
    occurred_at = scheduled_at or timezone.now()
    data = None
    if scheduled_at is None:
        article = Article.objects.select_related("section").filter(pk=article_id).first()
        if article is None:
            return
        data = payload(event, article, occurred_at=occurred_at)
    event_id = data["id"] if data else uuid.uuid4().hex
    for endpoint in endpoints:
        task = deliver_webhook.using(run_after=scheduled_at) if scheduled_at else deliver_webhook
        task.enqueue(
            endpoint.pk,
            str(event),
            event_id,
            article_id,
            payload=data,
            scheduled_at=scheduled_at.isoformat() if scheduled_at else None,
        )


def _on_commit(event, article_id, scheduled_at=None):
    transaction.on_commit(
        lambda: send_later(event, article_id, scheduled_at=scheduled_at), robust=True
    )


def _article_saved(sender, instance, created, raw=False, **kwargs):
    found = None if raw else event_of(instance, created)
    if found is not None:
        _on_commit(found[0], instance.pk, found[1])


def _correction_saved(sender, instance, created, raw=False, **kwargs):
    if created and not raw and instance.article.is_public:
        _on_commit(WebhookEvent.CORRECTED, instance.article_id)


def _test_requested(sender, endpoint, **kwargs):
    from distribution.tasks import deliver_webhook

    data = payload(WebhookEvent.TEST, None)
    transaction.on_commit(
        lambda: deliver_webhook.enqueue(endpoint.pk, WebhookEvent.TEST, data["id"], payload=data)
    )


def connect():
    post_save.connect(_article_saved, sender=Article, dispatch_uid="webhooks-article")
    post_save.connect(_correction_saved, sender=Correction, dispatch_uid="webhooks-correction")
    test_requested.connect(_test_requested, dispatch_uid="webhooks-test")
