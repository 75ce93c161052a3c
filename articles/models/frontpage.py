"""The home page as editors arrange it, and the breaking-news banner.

The front page is one row: its headline (Berita Utama) and an ordered set of editor's picks
(Pilihan Editor), each until an optional end time. With no headline chosen, or after it
ends, the newest news article leads. A banner (Breaking News) is shown on every public page
from when it is raised until it ends or is lowered. Neither ever shows an article readers
may not see: only published articles whose time has come and that were not taken down.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .article import Article

MAX_PICKS = 8


def _refuse_ended(ends_at, field):
    if ends_at is not None and ends_at <= timezone.now():
        raise ValidationError({field: _("This time has already passed.")}, code="ended")


def _refuse_hidden(article, field):
    """An article that is not published (or scheduled) cannot be put before readers."""
    if article is not None and (
        article.status != Article.Status.PUBLISHED or article.taken_down_at is not None
    ):
        raise ValidationError(
            {field: _("Only a published or scheduled article can be chosen.")},
            code="not_published",
        )


class FrontPage(models.Model):
    """The one arrangement of the home page (primary key 1)."""

    headline = models.ForeignKey(
        Article,
        verbose_name=pgettext_lazy("the article leading the home page", "headline"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Leads the home page. Empty: the newest news article leads."),
    )
    headline_ends_at = models.DateTimeField(
        _("headline until"),
        null=True,
        blank=True,
        help_text=_("After this time the newest news article leads again. Empty: no end."),
    )
    updated_at = models.DateTimeField(_("changed at"), auto_now=True)

    class Meta:
        verbose_name = _("front page")
        verbose_name_plural = _("front page")
        constraints = [models.CheckConstraint(condition=Q(pk=1), name="front_page_is_one_row")]

    def __str__(self):
        return str(_("Front page"))

    @classmethod
    def load(cls):
        return cls.objects.get_or_create(pk=1)[0]

    def clean(self):
        _refuse_hidden(self.headline, "headline")
        if self.headline_ends_at and not self.headline_id:
            raise ValidationError(
                {"headline_ends_at": _("Choose the headline this time ends.")}, code="no_headline"
            )
        if self.headline_ends_at != getattr(self, "_stored_ends_at", None):
            _refuse_ended(self.headline_ends_at, "headline_ends_at")

    @classmethod
    def chosen(cls, articles, *, also=None, now=None):
        """Of `articles`, those editors put on the home page now (not ended), and those whose
        id `also` gives (a queryset of ids, sliced or not), each with `is_headline` and
        `pick_position` (None unless a pick).

        One query: the articles are found by their keys among the few ids the two small
        tables and `also` give together; a condition on what each article was chosen as would
        be worked out for every article of the archive.
        """
        now = now or timezone.now()
        headline = cls.objects.filter(
            Q(headline_ends_at__isnull=True) | Q(headline_ends_at__gt=now),
            headline=models.OuterRef("pk"),
        )
        picks = EditorsPick.objects.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now), article=models.OuterRef("pk")
        )
        current = (
            cls.objects.filter(
                Q(headline_ends_at__isnull=True) | Q(headline_ends_at__gt=now),
                headline__isnull=False,
            )
            .order_by()
            .values_list("headline_id", flat=True)
            .union(
                EditorsPick.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now))
                .order_by()
                .values_list("article_id", flat=True),
                # A slice may not be a part of a compound query on SQLite; inside IN it may.
                *(
                    [Article.objects.filter(pk__in=also).order_by().values_list("pk")]
                    if also is not None
                    else []
                ),
            )
        )
        return articles.annotate(
            is_headline=models.Exists(headline),
            pick_position=models.Subquery(picks.values("position")[:1]),
        ).filter(pk__in=current)

    @classmethod
    def from_db(cls, db, field_names, values):
        front_page = super().from_db(db, field_names, values)
        front_page._stored_ends_at = front_page.__dict__.get("headline_ends_at")
        return front_page


class EditorsPickQuerySet(models.QuerySet):
    def showing(self, now=None):
        now = now or timezone.now()
        return self.filter(
            Q(ends_at__isnull=True) | Q(ends_at__gt=now),
            article__in=Article.objects.published(),
        )


class EditorsPick(models.Model):
    front_page = models.ForeignKey(FrontPage, on_delete=models.CASCADE, related_name="picks")
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="+"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    ends_at = models.DateTimeField(_("until"), null=True, blank=True)

    objects = EditorsPickQuerySet.as_manager()

    class Meta:
        verbose_name = _("editor's pick")
        verbose_name_plural = _("editor's picks")
        ordering = ["position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["front_page", "article"], name="editors_pick_once_per_article"
            )
        ]

    def __str__(self):
        return str(self.article)

    def clean(self):
        _refuse_hidden(getattr(self, "article", None), "article")
        if self._state.adding:
            _refuse_ended(self.ends_at, "ends_at")


class BreakingNewsQuerySet(models.QuerySet):
    def raised(self, now=None):
        """Banners up now: not lowered, not ended, linking to nothing readers may not see."""
        now = now or timezone.now()
        return self.filter(
            Q(article__isnull=True) | Q(article__in=Article.objects.published()),
            lowered_at__isnull=True,
            ends_at__gt=now,
        )


class BreakingNews(models.Model):
    text = models.CharField(_("text"), max_length=200)
    article = models.ForeignKey(
        Article,
        verbose_name=_("article"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Readers who click the banner read this article."),
    )
    ends_at = models.DateTimeField(_("until"))
    raised_at = models.DateTimeField(_("raised at"), default=timezone.now, editable=False)
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("raised by"),
        null=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lowered_at = models.DateTimeField(_("lowered at"), null=True, blank=True, editable=False)

    objects = BreakingNewsQuerySet.as_manager()

    class Meta:
        verbose_name = _("breaking news")
        verbose_name_plural = _("breaking news")
        ordering = ["-raised_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(text=""), name="breaking_news_has_text"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("raised_at")), name="breaking_news_ends_later"
            ),
        ]

    def __str__(self):
        return self.text

    def clean(self):
        _refuse_hidden(getattr(self, "article", None), "article")
        if self._state.adding:
            _refuse_ended(self.ends_at, "ends_at")

    @property
    def is_raised(self):
        return self.lowered_at is None and self.ends_at > timezone.now()

    def lower(self):
        """Take the banner down now (once)."""
        if self.lowered_at is None:
            self.lowered_at = timezone.now()
            self.save(update_fields=["lowered_at"])
