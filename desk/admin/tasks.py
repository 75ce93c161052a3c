"""The desk's background tasks (renditions, imports, purges, webhooks); the feeds pulled
in are in `desk.admin.feeds`.

Editors see every task with its state; a failed one shows its error and traceback and can
be run again, and so can one left "running" by a worker that stopped. A queue that grows
because no worker runs is said on the list.
"""

import dataclasses
from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Q
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from django_tasks import TaskResultStatus
from django_tasks_db.admin import DBTaskResultAdmin
from django_tasks_db.models import DBTaskResult, get_date_max

from articles import retries

# What each task of ours is called in the desk (by its dotted path; the desk imports none).
TASK_NAMES = {
    "articles.tasks.make_renditions": _("Picture sizes"),
    "caching.tasks.send_purge": _("Purge of the cache in front"),
    "transfer.tasks.import_from_url": _("Import from an address"),
    "transfer.tasks.import_subscription": _("Feed import"),
    "distribution.tasks.deliver_webhook": _("Webhook delivery"),
}
# A task ready this long and still not taken means no worker runs.
WAITING_TOO_LONG = timedelta(minutes=5)
# A task "running" this long lost its worker (stopped, killed, its machine gone): nothing
# else ever ends it, so it may be run again like a failed one (our tasks are idempotent).
RUNNING_TOO_LONG = timedelta(minutes=30)


class WorkerLost(Exception):  # noqa: N818 -- what the desk shows as the task's error
    """The worker running a task stopped before the task ended."""


def may_run_again(queryset):
    """The failed tasks of `queryset`, and those still "running" long after they started."""
    lost = Q(status=TaskResultStatus.RUNNING, started_at__lt=timezone.now() - RUNNING_TOO_LONG)
    return queryset.filter(Q(status=TaskResultStatus.FAILED) | lost)


class StatusFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return TaskResultStatus.choices

    def queryset(self, request, queryset):
        return queryset.filter(status=self.value()) if self.value() else queryset


class QueueFilter(admin.SimpleListFilter):
    title = _("queue")
    parameter_name = "queue"

    def lookups(self, request, model_admin):
        return [("default", _("default")), ("purges", _("purges"))]

    def queryset(self, request, queryset):
        return queryset.filter(queue_name=self.value()) if self.value() else queryset


admin.site.unregister(DBTaskResult)


@admin.register(DBTaskResult)
class TaskAdmin(DBTaskResultAdmin):
    list_display = ["name", "state", "enqueued_at", "waits_until", "finished_at", "error"]
    list_display_links = ["name"]
    list_filter = [StatusFilter, QueueFilter]
    list_per_page = 50
    actions = ["run_again"]
    fields = readonly_fields = [
        "name",
        "state",
        "arguments",
        "queue",
        "enqueued_at",
        "waits_until",
        "started_at",
        "finished_at",
        "attempts",
        "result",
        "error",
        "traceback_shown",
    ]

    def get_readonly_fields(self, request, obj=None):
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        return self.fields

    def has_retry_permission(self, request):
        return request.user.has_perm("django_tasks_database.change_dbtaskresult")

    @admin.display(description=_("task"), ordering="task_path")
    def name(self, result):
        return TASK_NAMES.get(result.task_path, result.task_path)

    @admin.display(description=_("status"), ordering="status")
    def state(self, result):
        return result.get_status_display()

    @admin.display(description=_("arguments"))
    def arguments(self, result):
        args, kwargs = result.args_kwargs["args"], result.args_kwargs["kwargs"]
        return ", ".join([*map(repr, args), *(f"{k}={v!r}" for k, v in kwargs.items())])

    @admin.display(description=_("queue"))
    def queue(self, result):
        return result.queue_name

    @admin.display(description=_("enqueued at"), ordering="enqueued_at")
    def enqueued_at(self, result):
        return result.enqueued_at

    @admin.display(description=_("started at"))
    def started_at(self, result):
        return result.started_at

    @admin.display(description=_("finished at"), ordering="finished_at")
    def finished_at(self, result):
        return result.finished_at

    @admin.display(description=_("not before"), ordering="run_after")
    def waits_until(self, result):
        if result.run_after == get_date_max():
            return self.get_empty_value_display()
        return result.run_after

    @admin.display(description=_("attempt"))
    def attempts(self, result):
        return result.args_kwargs["kwargs"].get(retries.ATTEMPT, 0) + 1

    @admin.display(description=_("result"))
    def result(self, result):
        return (
            self.get_empty_value_display() if result.return_value is None else result.return_value
        )

    @admin.display(description=_("error"))
    def error(self, result):
        if result.status != TaskResultStatus.FAILED:
            return self.get_empty_value_display()
        last_line = (result.traceback.strip().splitlines() or [result.exception_class_path])[-1]
        return last_line[:200]

    @admin.display(description=_("traceback"))
    def traceback_shown(self, result):
        if not result.traceback:
            return self.get_empty_value_display()
        return format_html("<pre>{}</pre>", result.traceback)

    @admin.action(
        description=_("Run the selected failed or stuck tasks again"), permissions=["retry"]
    )
    def run_again(self, request, queryset):
        again = 0
        for result in may_run_again(queryset):
            if result.status == TaskResultStatus.RUNNING:
                result.set_failed(WorkerLost(_("The worker stopped while this task ran.")))
            task = dataclasses.replace(result.task, run_after=None)
            kwargs = retries.first_attempt(result.args_kwargs["kwargs"])
            task.enqueue(*result.args_kwargs["args"], **kwargs)
            again += 1
        self.message_user(
            request,
            ngettext("%(count)d task enqueued again.", "%(count)d tasks enqueued again.", again)
            % {"count": again},
            messages.SUCCESS if again else messages.WARNING,
        )

    def changelist_view(self, request, extra_context=None):
        waiting = DBTaskResult.objects.ready().filter(
            enqueued_at__lt=timezone.now() - WAITING_TOO_LONG
        )
        count = waiting.count()
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)d task has waited more than %(minutes)d minutes: is the worker "
                    "(manage.py db_worker) running?",
                    "%(count)d tasks have waited more than %(minutes)d minutes: is the worker "
                    "(manage.py db_worker) running?",
                    count,
                )
                % {"count": count, "minutes": WAITING_TOO_LONG.seconds // 60},
                messages.WARNING,
            )
        return super().changelist_view(request, extra_context)
