"""“Baca Juga” links and the old addresses of renamed articles."""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from articles import html

from .article import Article


class RelatedLinkQuerySet(models.QuerySet):
    def visible(self):
        """Links readers may see: external ones and those to published articles."""
        return self.for_reading().filter(shown=True)

    def for_reading(self):
        """Every link, in reading order, each `shown` to readers or not: an external one, or
        one to a published article."""
        return (
            # Exists looks each target up by its key; `target__in` would read every published
            # article's id on PostgreSQL.
            self.annotate(
                shown=models.Exists(
                    Article.objects.published().filter(pk=models.OuterRef("target_id"))
                )
                | ~Q(url="")
            )
            .select_related("target")
            .only(
                "article_id",
                "position",
                "order",
                "title",
                "url",
                "target_id",
                "target__title",
                "target__slug",
            )
            .order_by("position", "order", "pk")
        )


class RelatedLink(models.Model):
    """A “Baca Juga” box: after paragraph `position` (empty: after the body)."""

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="related_links"
    )
    position = models.PositiveSmallIntegerField(
        _("after paragraph"),
        null=True,
        blank=True,
        help_text=_(
            "The number of the paragraph this box follows; leave empty to show it after the body."
        ),
    )
    target = models.ForeignKey(
        Article,
        verbose_name=_("linked article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="linked_from",
    )
    url = models.URLField(_("external address"), max_length=500, blank=True)
    title = models.CharField(
        _("title"),
        max_length=300,
        blank=True,
        help_text=_("Leave empty to use the linked article's headline."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = RelatedLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("“Baca Juga” link")
        verbose_name_plural = _("“Baca Juga” links")
        ordering = ["position", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(target__isnull=True) | Q(url=""),
                name="relatedlink_target_or_url",
                violation_error_message=_("Link to an article or to an address, not both."),
            ),
            models.CheckConstraint(
                condition=~Q(target=F("article")),
                name="relatedlink_not_self",
                violation_error_message=_("An article cannot link to itself."),
            ),
            models.CheckConstraint(
                condition=Q(position__isnull=True) | Q(position__gte=1),
                name="relatedlink_position_positive",
                violation_error_message=_("Paragraphs are counted from 1."),
            ),
            models.CheckConstraint(
                condition=Q(url="") | Q(url__startswith="http://") | Q(url__startswith="https://"),
                name="relatedlink_url_http",
                violation_error_message=_("Only http and https addresses are allowed."),
            ),
        ]

    def __str__(self):
        return self.display_title or str(_("(empty slot)"))

    def get_absolute_url(self):
        return self.target.get_absolute_url() if self.target_id else self.url

    def clean(self):
        errors = {}
        if self.target_id and self.target_id == self.article_id:
            errors["target"] = _("An article cannot link to itself.")
        # An inline on a new article holds the unsaved article itself, without an id yet.
        article = self.article if RelatedLink.article.is_cached(self) or self.article_id else None
        if self.position and article is not None:
            paragraphs = len(html.split_blocks(article.body))
            if self.position > paragraphs:
                errors["position"] = ValidationError(
                    ngettext_lazy(
                        "The body has %(count)d paragraph: choose a number up to %(count)d, "
                        "or leave this empty to place the link after the body.",
                        "The body has %(count)d paragraphs: choose a number up to %(count)d, "
                        "or leave this empty to place the link after the body.",
                        "count",
                    ),
                    code="position_past_end",
                    params={"count": paragraphs},
                )
        if errors:
            raise ValidationError(errors)

    @property
    def display_title(self):
        if self.title:
            return self.title
        return self.target.title if self.target_id else ""

    @property
    def is_empty(self):
        return not self.target_id and not self.url


class SlugRedirectQuerySet(models.QuerySet):
    def for_readers(self, old_slug):
        """The redirect for an old address, if its article is one readers may see."""
        return (
            self.filter(old_slug=old_slug, article__in=Article.objects.published())
            .select_related("article")
            .only("article__slug")
            .first()
        )


class SlugRedirect(models.Model):
    old_slug = models.SlugField(_("old slug"), max_length=255, unique=True)
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="slug_redirects"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = SlugRedirectQuerySet.as_manager()

    class Meta:
        verbose_name = _("old address")
        verbose_name_plural = _("old addresses")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.old_slug} → {self.article.slug}"

    def get_absolute_url(self):
        return reverse("articles:detail", args=[self.old_slug])
