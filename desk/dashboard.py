"""The desk's home (Meja Redaksi): the day's work for the person logged in, above the list
of what the desk holds, and the last 30 days' output drawn as SVG with its table beside it.

Each queue is one query, whatever the number of articles; a writer's queues hold their own
articles only (`on_desk_of`), an editor's everyone's.
"""

from datetime import datetime, time, timedelta

from django.contrib import admin
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    When,
    Window,
)
from django.db.models.functions import RowNumber, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Article, ArticleWorkingCopy, Notification, most_read

QUEUE_LENGTH = 8
CHART_DAYS = 30


def day_start(day):
    return timezone.make_aware(datetime.combine(day, time.min))


def queues(user, now):
    """`[(key, title, articles)]`: the desk's queues for `user` (one query each, when read)."""
    listed = Article.objects.without_search_columns().select_related("section")
    mine = listed.on_desk_of(user)
    today = timezone.localdate(now)
    soon = now + timedelta(hours=48)
    return [
        ("drafts", _("My drafts"), my_drafts(listed, user)),
        (
            "review",
            _("Waiting for review, oldest first"),
            in_review(mine).order_by("waiting_since", "pk"),
        ),
        (
            "scheduled",
            _("Scheduled for today and tomorrow"),
            mine.scheduled()
            .filter(published_at__lt=day_start(today + timedelta(days=2)))
            .order_by("published_at"),
        ),
        (
            "embargoes",
            _("Embargoes lifting in the next 48 hours"),
            mine.filter(embargo_until__gt=now, embargo_until__lt=soon).order_by("embargo_until"),
        ),
        ("published", _("Published today"), published_and_live(mine, today)),
    ]


def in_review(articles):
    """Articles in review, and published ones whose unpublished change is, each with the
    time it has waited since (`waiting_since`) and whether it is a change (`is_change`)."""
    change = Q(working_copy__status=ArticleWorkingCopy.Status.REVIEW)
    return articles.filter(Q(status=Article.Status.REVIEW) | change).annotate(
        is_change=Case(When(change, then=True), default=False, output_field=BooleanField()),
        waiting_since=Case(
            When(change, then=F("working_copy__updated_at")), default=F("updated_at")
        ),
    )


def my_drafts(listed, user):
    """The person's drafts, newest first, with those returned to them with a note among
    them: the latest `QUEUE_LENGTH` of each in one query, each marked `returned`."""
    returned = Exists(
        Notification.objects.filter(
            article=OuterRef("pk"), recipient=user, kind=Notification.Kind.RETURNED
        )
    )
    newest = [F("updated_at").desc(), F("pk").desc()]
    return (
        listed.owned_by(user)
        .filter(status=Article.Status.DRAFT)
        .annotate(
            returned=returned,
            draft_rank=Window(RowNumber(), order_by=newest),
            returned_rank=Window(RowNumber(), partition_by=[returned], order_by=newest),
        )
        .filter(Q(draft_rank__lte=QUEUE_LENGTH) | Q(returned=True, returned_rank__lte=QUEUE_LENGTH))
        .order_by(*newest)
    )


def published_and_live(mine, today):
    """Published today, newest first, and the live reports still open among them or not:
    the latest `QUEUE_LENGTH` of each in one query, each marked `today` and `live_open`."""
    published_today = Q(published_at__gte=day_start(today))
    live_open = Q(live_report__isnull=False, live_report__closed_at__isnull=True)

    def flag(condition):
        return Case(When(condition, then=True), default=False, output_field=BooleanField())

    newest = [F("published_at").desc(), F("pk").desc()]
    return (
        mine.published()
        .filter(published_today | live_open)
        .annotate(
            today=flag(published_today),
            live_open=flag(live_open),
            today_rank=Window(RowNumber(), partition_by=[flag(published_today)], order_by=newest),
            live_rank=Window(RowNumber(), partition_by=[flag(live_open)], order_by=newest),
        )
        .filter(
            Q(today=True, today_rank__lte=QUEUE_LENGTH)
            | Q(live_open=True, live_rank__lte=QUEUE_LENGTH)
        )
        .order_by(*newest)
    )


def read_queues(user, now):
    read = []
    for key, title, articles in queues(user, now):
        if key == "drafts":
            drafts = list(articles)
            read.append((key, title, [a for a in drafts if a.draft_rank <= QUEUE_LENGTH]))
            returned = [a for a in drafts if a.returned]
            read.append(("returned", _("Returned to me with a note"), returned))
        elif key == "published":
            rows = list(articles)
            read.append((key, title, [a for a in rows if a.today and a.today_rank <= QUEUE_LENGTH]))
            live = [a for a in rows if a.live_open and a.live_rank <= QUEUE_LENGTH]
            read.append(("live", _("Live reports open"), live))
        else:
            read.append((key, title, list(articles[:QUEUE_LENGTH])))
    return read


def output(now):
    """The last `CHART_DAYS` days' published articles: by day (every day, zeros too), by
    section and by author, most first (two queries)."""
    first = timezone.localdate(now) - timedelta(days=CHART_DAYS - 1)
    published = Article.objects.published().filter(published_at__gte=day_start(first))
    # One query for both the days and the sections: at most 30 rows a section.
    rows = (
        published.annotate(day=TruncDate("published_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values_list("day", "section__name")
        .annotate(count=Count("pk"))
    )
    per_day, per_section = {}, {}
    for day, section, count in rows:
        per_day[day] = per_day.get(day, 0) + count
        per_section[section] = per_section.get(section, 0) + count
    days = [first + timedelta(days=n) for n in range(CHART_DAYS)]
    by_author = (
        published.filter(authors__isnull=False)
        .order_by()
        .values("authors__name")
        .annotate(count=Count("pk"))
        .order_by("-count", "authors__name")[:10]
    )
    return {
        "per_day": [(day, per_day.get(day, 0)) for day in days],
        "by_section": sorted(
            ((name or _("No section"), count) for name, count in per_section.items()),
            key=lambda row: (-row[1], str(row[0])),
        ),
        "by_author": [(row["authors__name"], row["count"]) for row in by_author],
    }


def bars(rows, *, length):
    """A chart's rows with the length of each bar in pixels (the largest `length`), and the
    chart's height when its bars are stacked."""
    largest = max((count for _label, count in rows), default=0) or 1
    drawn = []
    for number, (label, count) in enumerate(rows):
        size = round(count / largest * length)
        # `offset`: where the bar starts across the chart; `rest`: the room left beside it.
        drawn.append(
            {"label": label, "count": count, "length": size, "offset": number * 18,
             "rest": length - size}
        )  # fmt: skip
    return {"bars": drawn, "height": len(drawn) * 18 + 4}


def context(request):
    now = timezone.now()
    chart = output(now)
    return {
        "queues": read_queues(request.user, now),
        "most_read_today": list(
            most_read(
                Article.objects.published().only("title", "slug", "published_at"),
                now - timedelta(hours=24),
                limit=5,
            )
        ),
        "per_day": bars(chart["per_day"], length=120),
        "by_section": bars(chart["by_section"], length=360),
        "by_author": bars(chart["by_author"], length=360),
        "chart_days": CHART_DAYS,
    }


def index(request, extra_context=None):
    """The admin's index with the dashboard above its list of models."""
    return admin.site.index(request, extra_context={**context(request), **(extra_context or {})})
