"""Who the desk tells of an article's moves, in the desk and by email.

A writer submits: the editors are told. An editor returns an article with a note, or
publishes it: its writers are told. Each event is told once (`Notification.tell`); its
emails go out in the background after the save commits (`desk.tasks.email_notifications`),
each notification's once.
"""

from functools import partial

from django.contrib.admin.views.decorators import staff_member_required
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from articles.models import Article, Notification, NotificationKind
from articles.models.notes import editors, writers_of
from desk.tasks import email_notifications

Status = Article.Status
LIST_LENGTH = 50
UNREAD_KEY = "desk-unread:%s"
UNREAD_SECONDS = 60


def workflow_moved(request, article, before, *, note=None):
    """Tell whom it concerns that `article` went from status `before` to its status now."""
    after = article.status
    if after == Status.REVIEW and before != Status.REVIEW:
        tell(request, editors(), article, NotificationKind.SUBMITTED)
    elif after == Status.PUBLISHED and before != Status.PUBLISHED:
        tell(request, writers_of(article), article, NotificationKind.PUBLISHED)
    elif after == Status.DRAFT and before == Status.REVIEW and note is not None:
        tell(request, writers_of(article), article, NotificationKind.RETURNED, note=note)


def change_submitted(request, working_copy):
    """An unpublished change was sent for review: the editors are told."""
    tell(
        request,
        editors(),
        working_copy.article,
        NotificationKind.CHANGE_SUBMITTED,
        event_at=working_copy.updated_at,
    )


def tell(request, recipients, article, kind, *, event_at=None, note=None):
    event_at = event_at or article.updated_at
    recipients = list(recipients)
    Notification.tell(recipients, article, kind, actor=request.user, event_at=event_at, note=note)
    forget_unread([user.pk for user in recipients])
    desk_url = request.build_absolute_uri(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    transaction.on_commit(
        partial(
            email_notifications.enqueue,
            article_id=article.pk,
            kind=kind,
            event_at=event_at.isoformat(),
            desk_url=desk_url,
        )
    )


def unread_count(user):
    """The header's figure: one COUNT (on the partial index of unread notifications), kept
    until a notification of theirs is made or read, or for a minute."""
    key = UNREAD_KEY % user.pk
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient=user).unread().count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def forget_unread(user_ids):
    """The unread counts of these people changed: now, and again once it commits."""
    keys = [UNREAD_KEY % pk for pk in user_ids]
    cache.delete_many(keys)
    transaction.on_commit(partial(cache.delete_many, keys))


class NotificationListView(ListView):
    """`/admin/notifikasi/`: the latest notifications of the person logged in."""

    template_name = "admin/notifications.html"
    context_object_name = "notifications"

    def get_queryset(self):
        return Notification.objects.filter(recipient=self.request.user).select_related(
            "article", "actor", "note"
        )[:LIST_LENGTH]

    def get_context_data(self, **kwargs):
        from django.contrib import admin

        return super().get_context_data(
            **admin.site.each_context(self.request), title=_("Notifications"), **kwargs
        )


notification_list = staff_member_required(NotificationListView.as_view())


@staff_member_required
def open_notification(request, pk):
    """A notification followed: marked read, and its article opened."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    Notification.objects.filter(pk=notification.pk).mark_read()
    forget_unread([request.user.pk])
    return HttpResponseRedirect(
        reverse("admin:articles_article_change", args=[notification.article_id])
    )


@staff_member_required
@require_POST
def mark_all_read(request):
    Notification.objects.filter(recipient=request.user).mark_read()
    forget_unread([request.user.pk])
    return HttpResponseRedirect(reverse("desk-notifications"))
