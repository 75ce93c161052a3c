"""Background tasks of the desk (Django's Tasks API, run by `manage.py db_worker`)."""

from datetime import datetime

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext as _
from django_tasks import task

from articles.models import Notification
from articles.retries import again_later


@task()
def email_notifications(*, article_id, kind, event_at, desk_url, attempt=0):
    """Email each notification of one event that was not emailed yet, then mark it.

    Run twice, it sends nothing the second time; a notification whose recipient has no
    address is marked too. A mail server that fails is tried again later.
    """
    pending = Notification.objects.filter(
        article_id=article_id,
        kind=kind,
        event_at=datetime.fromisoformat(event_at),
        emailed_at__isnull=True,
    ).select_related("recipient", "actor", "article", "note")
    sent = 0
    for notification in pending:
        with transaction.atomic():
            locked = (
                Notification.objects.select_for_update()
                .filter(pk=notification.pk, emailed_at__isnull=True)
                .update(emailed_at=timezone.now())
            )
            if not locked or not notification.recipient.email:
                continue
            try:
                send_notification(notification, desk_url)
            except OSError as error:
                transaction.set_rollback(True)
                later = again_later(
                    email_notifications,
                    error,
                    attempt=attempt,
                    article_id=article_id,
                    kind=kind,
                    event_at=event_at,
                    desk_url=desk_url,
                )
                if later is None:
                    raise
                return later
            sent += 1
    return {"sent": sent}


def send_notification(notification, desk_url):
    """The email of one notification: plain text, built here (a template would escape it)."""
    with translation.override(settings.LANGUAGE_CODE):
        title = Truncator(notification.article.title).chars(60)
        subject = f"[{title}] {capfirst(notification.get_kind_display())}"
        parts = [notification.message]
        if notification.note:
            label = _("Note:")
            parts.append(f"{label}\n{notification.note.text}")
        parts.append(_("Open the article in the desk: %(url)s") % {"url": desk_url})
    send_mail(
        " ".join(subject.split()), "\n\n".join(parts) + "\n", None, [notification.recipient.email]
    )
