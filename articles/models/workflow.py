"""The editorial workflow and takedowns, mixed into Article."""

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import dates, html

# The names of the two roles' groups (`setup_roles` gives them their permissions).
WRITERS = "Penulis"
EDITORS = "Editor"


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class ArticleWorkflow:
    """Who may move an article where, and the moves: review, publish, unpublish, takedown."""

    PUBLISH_PERMISSION = "articles.publish_article"
    TAKEDOWN_PERMISSION = "articles.takedown_article"
    # The workflow: (from, to) -> whether the move is an editor's (needs PUBLISH_PERMISSION).
    # Published to published is a new publication time: rescheduling, or "publish now".
    TRANSITIONS = {
        (ArticleStatus.DRAFT, ArticleStatus.REVIEW): False,
        (ArticleStatus.REVIEW, ArticleStatus.DRAFT): False,
        (ArticleStatus.DRAFT, ArticleStatus.PUBLISHED): True,
        (ArticleStatus.REVIEW, ArticleStatus.PUBLISHED): True,
        (ArticleStatus.PUBLISHED, ArticleStatus.PUBLISHED): True,
        (ArticleStatus.PUBLISHED, ArticleStatus.DRAFT): True,
    }

    @property
    def stored_listing(self):
        """`LISTING_FIELDS` as stored (those that were read), or None for an article not read
        from the database (see `Article.from_db`)."""
        return getattr(self, "_stored_listing", None)

    @property
    def stored_status(self):
        """The status the database holds; an article not saved yet starts as a draft."""
        return (self.stored_listing or {}).get("status") or self.Status.DRAFT

    def is_owned_by(self, user):
        """Whether `user` created the article or is one of its authors."""
        if self.pk is None or self.created_by_id == user.pk:
            return True
        return self.authors.filter(user=user).exists()

    def can_be_edited_by(self, user):
        """Editors edit everything; writers their own articles until they are published."""
        if user.has_perm(self.PUBLISH_PERMISSION):
            return True
        return (
            user.has_perm("articles.change_article")
            and self.stored_status != self.Status.PUBLISHED
            and self.is_owned_by(user)
        )

    def check_transition(self, status, *, by, at=None):
        """Raise ValidationError unless `by` may move the article from its stored status.

        The workflow's one gate: admin forms, admin actions and the methods below ask here.
        `at` is the publication time a move to published asks for (now when not given).
        """
        current = self.stored_status
        needs_editor = self.TRANSITIONS.get((current, status))
        if needs_editor is None:
            raise ValidationError(
                _("An article that is “%(current)s” cannot become “%(status)s”."),
                code="invalid_transition",
                params={
                    "current": self.Status(current).label,
                    "status": self.Status(status).label,
                },
            )
        if needs_editor and not by.has_perm(self.PUBLISH_PERMISSION):
            raise ValidationError(
                _("Only editors can publish, schedule or unpublish articles."),
                code="editors_only",
            )
        if not self.can_be_edited_by(by):
            raise ValidationError(
                _("You can only move your own articles, and only until they are published."),
                code="not_owner",
            )
        if status != self.Status.PUBLISHED:
            return
        if self.taken_down_at:
            raise ValidationError(
                _("This article was taken down: put it back on the site before publishing it."),
                code="taken_down",
            )
        if self.embargo_until and (at or timezone.now()) < self.embargo_until:
            raise ValidationError(
                _(
                    "This article is under embargo until %(time)s: nobody can publish it "
                    "before then. Schedule it for that time or later."
                ),
                code="embargoed",
                params={"time": dates.long_datetime(self.embargo_until)},
            )

    def submit_for_review(self, *, by):
        """Hand a draft to the editors."""
        self._move(self.Status.REVIEW, by=by)

    def publish(self, *, by, at=None):
        """Publish now, or at `at`: a time in the future schedules the article."""
        if self.is_public:
            raise ValidationError(_("The article is already published."), code="published")
        self._move(self.Status.PUBLISHED, by=by, published_at=at or timezone.now())

    def unpublish(self, *, by):
        """Take a published or scheduled article (or a review copy) back to draft."""
        self._move(self.Status.DRAFT, by=by)

    def _move(self, status, *, by, published_at=None):
        self.check_transition(status, by=by, at=published_at)
        self.status = status
        if published_at is not None:
            self.published_at = published_at
        self.clean()
        self.save()

    def take_down(self, reason, *, by):
        """Remove a published article from every page, list, feed, sitemap and search.

        Its address then answers 410 Gone with the public `reason`; the text and its
        history stay at the desk.
        """
        self._check_takedown_permission(by)
        if self.taken_down_at:
            raise ValidationError(_("The article is already taken down."), code="taken_down")
        if self.stored_status != self.Status.PUBLISHED:
            raise ValidationError(
                _("Only published articles can be taken down."), code="not_published"
            )
        reason = html.plain_text(reason).strip()
        if not reason:
            raise ValidationError(_("A takedown needs a public reason."), code="no_reason")
        self.taken_down_at = timezone.now()
        self.takedown_reason = reason
        with transaction.atomic():
            self.save()
            # A share link would otherwise keep showing the whole text.
            self.preview_links.active().update(revoked_at=self.taken_down_at)

    def put_back(self, *, by):
        """Undo a takedown: the article is on the site again as it was."""
        self._check_takedown_permission(by)
        if not self.taken_down_at:
            raise ValidationError(_("The article is not taken down."), code="not_taken_down")
        self.taken_down_at = None
        self.takedown_reason = ""
        self.save()

    def _check_takedown_permission(self, user):
        if not user.has_perm(self.TAKEDOWN_PERMISSION):
            raise ValidationError(
                _("Only editors with the takedown permission can take articles down."),
                code="takedown_not_allowed",
            )
