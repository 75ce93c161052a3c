"""The article: its content, its labels and its own rules."""

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles import embed_markup, html
from articles.addresses import address

from .images import Image
from .querysets import ArticleQuerySet
from .slugs import unique_slug
from .taxonomy import Author, Byline, Section, Source, Tag
from .workflow import ArticleStatus, ArticleWorkflow


class ArticleKind(models.TextChoices):
    """What readers are told an article is (the press council asks for the labels)."""

    NEWS = "news", _("News")
    OPINION = "opinion", _("Opinion")
    ANALYSIS = "analysis", _("Analysis")
    SPONSORED = "sponsored", _("Sponsored content")
    PRESS_RELEASE = "press_release", _("Press release")


# What decides which lists readers find an article in, and where: compared before and after a
# save, so the readers' caches know which lists it changed (caching.changes).
LISTING_FIELDS = ("status", "published_at", "taken_down_at", "section_id", "source_id")


class Article(ArticleWorkflow, models.Model):
    Status = ArticleStatus
    Kind = ArticleKind

    title = models.CharField(_("headline"), max_length=250)
    slug = models.SlugField(
        _("slug"),
        max_length=255,
        unique=True,
        help_text=_(
            "The article's address. Renaming a published article keeps the old address working."
        ),
    )
    lead = models.TextField(
        _("lead"), blank=True, help_text=_("One or two sentences shown in lists, feeds and shares.")
    )
    body = models.TextField(_("body"), blank=True)
    dateline = models.CharField(
        _("dateline"),
        max_length=200,
        blank=True,
        help_text=_("For example “JAKARTA (SALAM-ONLINE.COM)”."),
    )
    section = models.ForeignKey(
        Section,
        verbose_name=_("section"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="articles",
    )
    tags = models.ManyToManyField(Tag, verbose_name=_("tags"), blank=True, related_name="articles")
    # In byline order (`Byline.position`): `article.authors.all()` and Prefetches asking
    # for Author.objects.in_byline_order() give the first author first; set_byline() writes it.
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), blank=True, related_name="articles", through=Byline
    )
    source = models.ForeignKey(
        Source,
        verbose_name=_("origin source"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        help_text=_("The publication this article comes from."),
    )
    credited_sources = models.ManyToManyField(
        Source,
        verbose_name=_("credited sources"),
        blank=True,
        related_name="credited_articles",
        help_text=_("Wire agencies and publications the text quotes or credits."),
    )
    featured_image = models.ForeignKey(
        Image,
        verbose_name=_("featured image"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="featured_in",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ArticleStatus, default=ArticleStatus.DRAFT
    )
    published_at = models.DateTimeField(
        _("publication time"),
        null=True,
        blank=True,
        help_text=_(
            "A published article with a time in the future is scheduled: it appears by itself then."
        ),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    language = models.CharField(
        _("language"), max_length=10, choices=settings.LANGUAGES, default="id"
    )
    kind = models.CharField(
        _("type"),
        max_length=20,
        choices=ArticleKind,
        default=ArticleKind.NEWS,
        help_text=_(
            "Every type but news is shown to readers as a label: on cards, on the article "
            "page and in feeds. Sponsored content is also marked so for search engines."
        ),
    )
    unverified = models.BooleanField(
        _("unverified"),
        default=False,
        help_text=_("Shows readers a prominent “unverified” label while the facts are checked."),
    )
    embargo_until = models.DateTimeField(
        _("embargo until"),
        null=True,
        blank=True,
        help_text=_(
            "Nobody, editors included, can publish the article before this time; "
            "it can be scheduled for this time or later."
        ),
    )
    taken_down_at = models.DateTimeField(_("taken down at"), null=True, blank=True, editable=False)
    takedown_reason = models.TextField(
        _("public reason for the takedown"), blank=True, editable=False
    )
    import_source = models.CharField(_("imported from"), max_length=150, blank=True, editable=False)
    import_id = models.CharField(_("external id"), max_length=255, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="created_articles",
    )
    # Maintained by a PostgreSQL trigger (see migrations); both stay empty on SQLite. Search
    # matches every word through `search_vector` and ranks by the small `rank_vector`
    # (title and lead only), which is read without unpacking each match's whole text.
    search_vector = SearchVectorField(null=True, editable=False)
    rank_vector = SearchVectorField(null=True, editable=False)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-pk"]
        permissions = [
            ("publish_article", _("Can publish, schedule and unpublish articles")),
            ("takedown_article", _("Can take articles down and put them back")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ArticleStatus.values), name="article_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(status="published") | Q(published_at__isnull=False),
                name="article_published_has_time",
                violation_error_message=_("A published article needs a publication time."),
            ),
            models.UniqueConstraint(
                fields=["import_source", "import_id"],
                condition=~Q(import_id=""),
                name="article_import_key_unique",
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ArticleKind.values), name="article_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(embargo_until__isnull=True)
                | ~Q(status="published")
                | Q(published_at__gte=F("embargo_until")),
                name="article_embargo_respected",
                violation_error_message=_(
                    "The article is under embargo: it cannot be published or scheduled "
                    "before the embargo ends."
                ),
            ),
            models.CheckConstraint(
                condition=Q(taken_down_at__isnull=True) | ~Q(takedown_reason=""),
                name="article_takedown_has_reason",
                violation_error_message=_("A takedown needs a public reason."),
            ),
        ]
        # In the lists' exact order (newest first, then by id), so a page is read off the
        # index without sorting, and a deep page skips index entries only.
        indexes = [
            # Only what readers can see (taken-down articles never are), so counting a list
            # is read off the index alone.
            models.Index(
                fields=["status", "-published_at", "-id"],
                condition=Q(taken_down_at__isnull=True),
                name="article_list_idx",
            ),
            models.Index(
                fields=["section", "status", "-published_at", "-id"],
                name="article_section_list_idx",
            ),
            models.Index(
                fields=["source", "status", "-published_at", "-id"], name="article_source_list_idx"
            ),
            # The desk's list of every article, in any state, and its date hierarchy's
            # first and last dates (`desk.admin.counts`).
            models.Index(fields=["-published_at", "-id"], name="article_desk_order_idx"),
            # The latest change of the public articles (sitemaps, feeds: `seo.last_change`)
            # read off the index's end rather than by reading every row.
            models.Index(fields=["-updated_at"], name="article_updated_idx"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.normalize()
        old_slug = getattr(self, "_stored_slug", None)
        with transaction.atomic():
            super().save(*args, **kwargs)
            if old_slug and old_slug != self.slug:
                self.slug_renamed(old_slug)
        self._stored_slug = self.slug
        self._stored_listing = {field: getattr(self, field) for field in LISTING_FIELDS}

    def get_absolute_url(self):
        return address("articles:detail", self.slug)

    def normalize(self):
        """Bring the fields into their stored form: plain text, a sanitized body, a slug.

        save() does it; code that writes articles with bulk_create() calls it first.
        """
        self.title = html.plain_text(self.title)
        self.lead = html.plain_text(self.lead)
        self.dateline = html.plain_text(self.dateline)
        body = html.sanitize(self.body, sponsored=self.is_sponsored)
        self.body = embed_markup.existing_only(body)
        if not self.slug:
            self.slug = unique_slug(
                Article,
                self.title,
                exclude_pk=self.pk,
                redirects=self.old_addresses_of_others(),
            )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_slug = instance.__dict__.get("slug")
        loaded = instance.__dict__
        instance._stored_listing = {
            field: loaded[field] for field in LISTING_FIELDS if field in loaded
        }
        return instance

    def concerns_readers(self, *, created):
        """Whether saving or deleting this article can change what readers see or will see.

        It can when the article is published or scheduled, or was until this save; a draft
        or review copy that stays one never does.
        """
        if self.status == self.Status.PUBLISHED:
            return True
        if created:
            return False
        before = (self.stored_listing or {}).get("status")
        return before is None or before == self.Status.PUBLISHED

    @property
    def is_public(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
            and self.taken_down_at is None
        )

    @property
    def is_scheduled(self):
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def state_label(self):
        """The status as the desk names it: “Scheduled” for a published article still waiting."""
        if self.taken_down_at:
            return _("Taken down")
        return _("Scheduled") if self.is_scheduled else self.get_status_display()

    @property
    def is_sponsored(self):
        """Sponsored articles' outbound links carry rel="sponsored" for search engines."""
        return self.kind == ArticleKind.SPONSORED

    @property
    def reader_labels(self):
        """`(key, label)` of each label readers see: the type (news has none), “unverified”."""
        labels = [] if self.kind == ArticleKind.NEWS else [(self.kind, self.get_kind_display())]
        if self.unverified:
            labels.append(("unverified", str(_("Unverified"))))
        return labels

    @property
    def replied_article(self):
        """The published article this one answers as a right of reply, if any."""
        entry = getattr(self, "reply_entry", None)
        return entry.article if entry is not None and entry.article.is_public else None

    def clean(self):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        leaving_draft = self.status != self.stored_status and self.status != self.Status.DRAFT
        if leaving_draft and not html.strip_tags(self.body):
            raise ValidationError(
                {"body": _("Write the body before sending the article on.")}, code="no_body"
            )
        if self.slug and self.slug != getattr(self, "_stored_slug", None):
            other = self.old_addresses_of_others().filter(old_slug=self.slug)
            if other.exists():
                raise ValidationError(
                    {
                        "slug": _(
                            "This is the old address of another article, which still leads "
                            "readers there. Choose another slug."
                        )
                    },
                    code="slug_is_old_address",
                )

    def changed_since(self, loaded_at):
        """Whether someone saved the article after the version stamped `loaded_at` was opened.

        Optimistic concurrency, with `updated_at` as the version stamp. The row stays locked
        until the surrounding transaction ends (the desk saves in one), so no other save can
        slip in between this check and the save that follows it.
        """
        with transaction.atomic():
            stored = (
                Article.objects.select_for_update()
                .filter(pk=self.pk)
                .values_list("updated_at", flat=True)
                .first()
            )
        return stored is not None and stored != loaded_at

    def corrections_changed(self):
        """A correction or reply was added, edited or removed: the article was updated now.

        Feeds, sitemaps and JSON-LD report `updated_at`, so they all follow the corrections.
        """
        self.updated_at = timezone.now()
        Article.objects.filter(pk=self.pk).update(updated_at=self.updated_at)

    def set_byline(self, authors):
        """Credit `authors` (or their ids) in this order, the first one first in the byline.

        Through the relation, so its signals (the readers' caches, the desk's versions) follow;
        nothing is written when the byline is already so.
        """
        wanted = list(dict.fromkeys(getattr(author, "pk", author) for author in authors))
        if list(self.bylines.values_list("author_id", flat=True)) == wanted:
            return
        with transaction.atomic():
            self.authors.clear()
            for position, author_id in enumerate(wanted, start=1):
                self.authors.add(author_id, through_defaults={"position": position})

    def old_addresses_of_others(self):
        """The old slugs of other articles, which still lead readers there."""
        from .links import SlugRedirect  # links point at Article: imported once both exist

        return SlugRedirect.objects.exclude(article_id=self.pk)

    def slug_renamed(self, old_slug):
        """Keep the old address answering; a slug taken back is no longer a redirect.

        Only this article's own redirects change: another article's old address is never
        removed nor taken over (`clean()` refuses it as a new slug).
        """
        self.slug_redirects.filter(old_slug=self.slug).delete()
        from .links import SlugRedirect

        SlugRedirect.objects.get_or_create(old_slug=old_slug, defaults={"article": self})
