"""Background tasks of distribution: webhook deliveries (`distribution.webhooks`).

From django-tasks (the backport); on Django 6, `from django.tasks import task`.
"""

import logging
from datetime import datetime

from django.utils import timezone
from django_tasks import task

from articles import retries
from articles.models import Article, WebhookDelivery, WebhookEndpoint

from . import webhooks

logger = logging.getLogger(__name__)


class DeliveryFailed(Exception):
    """A webhook the endpoint did not accept, every attempt of it used."""


@task(queue_name="webhooks")
def deliver_webhook(
    endpoint_id, event, event_id, article_id=None, payload=None, scheduled_at=None, attempt=0
):
    """POST one event to one endpoint and log the attempt; tried again with backoff for
    about a day (`webhooks.RETRY_SECONDS`) while the endpoint fails or does not answer.

    Without `payload` (a scheduled publication), the body is made now, and only if the
    article is public with the publication time it was scheduled for.
    """
    endpoint = WebhookEndpoint.objects.filter(pk=endpoint_id, active=True).first()
    if endpoint is None:
        return None  # deleted or switched off since
    if payload is None:
        article = Article.objects.select_related("section").filter(pk=article_id).first()
        due = datetime.fromisoformat(scheduled_at) if scheduled_at else None
        if article is None or not article.is_public or (due and article.published_at != due):
            return {"skipped": "not published as scheduled"}
        payload = webhooks.payload(event, article, event_id=event_id, occurred_at=due)
    delivery = WebhookDelivery(
        endpoint=endpoint,
        event=event,
        event_id=event_id,
        article_id=article_id,
        payload=payload,
        attempt=attempt + 1,
    )
    try:
        status, delivery.response_ms, delivery.error = webhooks.post(endpoint, payload)
    except webhooks.Refused as refused:
        delivery.error = str(refused)
        delivery.save()
        logger.warning("webhook to %s refused: %s", endpoint.url, refused)
        return {"refused": str(refused)}
    delivery.status_code = status
    if not delivery.error:
        delivery.delivered_at = timezone.now()
        delivery.save()
        return {"status": status, "ms": delivery.response_ms}
    delivery.save()
    if not webhooks.worth_trying_again(status):
        return {"status": status, "error": delivery.error}
    error = DeliveryFailed(f"{endpoint.url}: {delivery.error}")
    later = retries.again_later(
        deliver_webhook,
        error,
        endpoint_id,
        event,
        event_id,
        article_id,
        payload=payload,
        scheduled_at=scheduled_at,
        attempt=attempt,
        delays=webhooks.RETRY_SECONDS,
    )
    if later is None:
        raise error
    return later
