"""Working copies of published articles: the change an editor prepares to a live story.

Readers read the `Article` row only; a working copy is a row of its own, one per article,
holding the edited fields as the desk's form gives them. Saving it touches nothing readers
see (no content key moves); publishing it copies the fields into the article in one
transaction, a save like any other (its keys move, a version is kept).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

from articles import dates

from .article import Article

# The fields a working copy holds, by the name the article's form gives them. The
# publication (status, time, embargo) is the live article's and stays with it.
WORKING_COPY_FIELDS = (
    "title",
    "slug",
    "lead",
    "dateline",
    "body",
    "section",
    "language",
    "kind",
    "unverified",
    "source",
    "credited_sources",
    "tags",
    "authors",
    "featured_image",
)
MANY_TO_MANY = ("credited_sources", "tags", "authors")


class WorkingCopyStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")


def form_values(cleaned_data):
    """The working copy's fields from a form's cleaned data: ids for objects, lists of ids
    (in their order: the byline's) for many, plain values for the rest."""
    values = {}
    for name in WORKING_COPY_FIELDS:
        if name not in cleaned_data:
            continue
        value = cleaned_data[name]
        if name in MANY_TO_MANY:
            value = [item.pk for item in value or []]
        elif isinstance(value, models.Model):
            value = value.pk
        values[name] = value
    return values


class ArticleWorkingCopy(models.Model):
    """The unpublished change (“perubahan belum terbit”) to a published article.

    Its primary key is the article's: one per article, and the versions kept of its saves
    (django-reversion) are found by the article's id after it was published.
    """

    Status = WorkingCopyStatus

    article = models.OneToOneField(
        Article,
        verbose_name=_("article"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="working_copy",
    )
    fields = models.JSONField(_("fields"), default=dict)
    status = models.CharField(
        _("status"), max_length=20, choices=WorkingCopyStatus, default=WorkingCopyStatus.DRAFT
    )
    # The live article's `updated_at` this change was last saved against: publishing over a
    # later save of the live article would undo it, and is refused.
    based_on = models.DateTimeField(_("based on the version of"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("started by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last saved by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("unpublished change")
        verbose_name_plural = _("unpublished changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=WorkingCopyStatus.values),
                name="working_copy_status_valid",
            ),
        ]

    def __str__(self):
        return str(self.fields.get("title") or self.article_id)

    @classmethod
    def keep(cls, article, values, *, by, status=None):
        """Save `values` (see `form_values`) as the change to `article`; readers see nothing.

        The live article must be published: a draft is edited as itself.
        """
        if article.stored_status != Article.Status.PUBLISHED:
            raise ValidationError(
                _("Only a published article has unpublished changes: edit this one directly."),
                code="not_published",
            )
        stored = Article.objects.values_list("updated_at", flat=True).get(pk=article.pk)
        copy = cls.objects.filter(article=article).first() or cls(article=article, created_by=by)
        copy.fields = {name: values[name] for name in WORKING_COPY_FIELDS if name in values}
        copy.based_on = stored
        copy.updated_by = by
        if status is not None:
            copy.status = status
        copy.save()
        return copy

    def check_publishable(self):
        """Refuse when the live article was saved after this change was last saved."""
        stored = Article.objects.values_list("updated_at", flat=True).get(pk=self.article_id)
        if stored != self.based_on:
            raise ValidationError(
                _(
                    "The published version was changed at %(time)s, after this unpublished "
                    "change was last saved: publishing it would undo that. Compare them in "
                    "the history, bring what is missing over, save the change again, then "
                    "publish it."
                ),
                code="live_changed",
                params={"time": dates.long_datetime(stored)},
            )

    def apply(self, article):
        """Set the copied fields on `article` (in memory) and return its many-to-many values."""
        related = {}
        for name, value in self.fields.items():
            if name in MANY_TO_MANY:
                related[name] = value
            elif isinstance(Article._meta.get_field(name), models.ForeignKey):
                setattr(article, f"{name}_id", value)
            else:
                setattr(article, name, value)
        return related

    def publish(self, *, by):
        """Copy the change into the live article and remove it, in one transaction.

        Outside the desk's form (whose save is the same, and checks the version it was
        opened on too).
        """
        if not by.has_perm(Article.PUBLISH_PERMISSION):
            raise ValidationError(
                _("Only editors can publish, schedule or unpublish articles."),
                code="editors_only",
            )
        with transaction.atomic():
            article = Article.objects.select_for_update().get(pk=self.article_id)
            self.check_publishable()
            related = self.apply(article)
            article.full_clean()
            article.save()
            for name in ("credited_sources", "tags"):
                if name in related:
                    getattr(article, name).set(related[name])
            if "authors" in related:
                article.set_byline(related["authors"])
            self.delete()
        return article


def check_form_save(article_id, loaded, action, changed):
    """Refuse a form's save of the article's working copy (`action` "keep" or "review") or
    into the article ("publish") when it would lose someone's work: a change saved after the
    form was opened (`loaded`: its `updated_at` then, None if there was none), a live
    version saved after the change; and a save of the change that moves the publication
    (`changed`: the form's changed fields)."""
    copy = ArticleWorkingCopy.objects.filter(article=article_id).first()
    stored = copy.updated_at if copy is not None else None
    if stored != loaded and (stored is not None or action != "publish"):
        raise ValidationError(
            _(
                "Someone saved the unpublished change after you opened it, so your changes "
                "were not saved. They are still in this form: open the article in a new tab "
                "to see the change as it is now."
            ),
            code="working_copy_conflict",
        )
    if action == "publish":
        if copy is not None:
            copy.check_publishable()
        return
    if {"status", "published_at", "embargo_until"} & set(changed):
        raise ValidationError(
            _(
                "The status, publication time and embargo belong to the published article, "
                "not to an unpublished change: save them on their own."
            ),
            code="publication_in_working_copy",
        )
