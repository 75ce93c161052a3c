"""How often each article was read, by the hour: rolled up from the counts readers' visits
leave in Redis (or counted here directly without Redis), never one row per visit."""

from datetime import timedelta

from django.db import models
from django.db.models import F, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .article import Article


class ViewCountQuerySet(models.QuerySet):
    def since(self, moment):
        return self.filter(hour__gte=moment.replace(minute=0, second=0, microsecond=0))


class ViewCount(models.Model):
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="view_counts")
    # The start of the hour (UTC) the views were counted in.
    hour = models.DateTimeField(_("hour"))
    views = models.PositiveIntegerField(_("views"), default=0)

    objects = ViewCountQuerySet.as_manager()

    class Meta:
        verbose_name = _("view count")
        verbose_name_plural = _("view counts")
        constraints = [
            models.UniqueConstraint(fields=["article", "hour"], name="view_count_per_hour"),
        ]
        indexes = [models.Index(fields=["hour", "article"], name="view_count_recent")]

    def __str__(self):
        return f"{self.article_id} @ {self.hour:%Y-%m-%d %H}: {self.views}"

    @classmethod
    def set_hour(cls, counts, hour):
        """Make `counts` (`{article_id: views}`) the views of the hour `hour`, for articles that
        still exist: the same counts written twice leave the same rows."""
        existing = set(Article.objects.filter(pk__in=list(counts)).values_list("pk", flat=True))
        rows = [
            cls(article_id=pk, hour=hour, views=views)
            for pk, views in counts.items()
            if pk in existing and views > 0
        ]
        cls.objects.bulk_create(
            rows,
            batch_size=1000,
            update_conflicts=True,
            unique_fields=["article", "hour"],
            update_fields=["views"],
        )

    @classmethod
    def add_one(cls, article_id, hour):
        """One more view of an article (counting without Redis: a write per reader a day)."""
        added = cls.objects.filter(article_id=article_id, hour=hour).update(views=F("views") + 1)
        if not added and Article.objects.filter(pk=article_id).exists():
            cls.objects.get_or_create(article_id=article_id, hour=hour, defaults={"views": 1})


def most_read(articles, since, *, section=None, limit=10):
    """Of `articles`, the `limit` most read since `since`, most read first, each with
    `recent_views` (one query).

    Read from the hours' counts (the `view_count_recent` index) towards the articles they
    count, so the cost follows the articles read lately, not the size of the archive.
    """
    if section is not None:
        articles = articles.filter(section=section)
    # Filtered before it is summed: one inner join, its hour condition in WHERE.
    return (
        articles.filter(view_counts__hour__gte=since.replace(minute=0, second=0, microsecond=0))
        .annotate(recent_views=Sum("view_counts__views"))
        .filter(recent_views__gt=0)
        .order_by("-recent_views", "-published_at", "-pk")[:limit]
    )


def views_of(article, now=None):
    """`{"day", "week", "all"}`: how often `article` was read in 24 hours, 7 days, ever."""
    now = now or timezone.now()
    totals = ViewCount.objects.filter(article=article).aggregate(
        day=Sum("views", filter=Q(hour__gte=_hour(now - timedelta(hours=24)))),
        week=Sum("views", filter=Q(hour__gte=_hour(now - timedelta(days=7)))),
        all=Sum("views"),
    )
    return {key: value or 0 for key, value in totals.items()}


def _hour(moment):
    return moment.replace(minute=0, second=0, microsecond=0)
