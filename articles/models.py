import os
import uuid
from datetime import timedelta

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.db import connection, models, transaction
from django.db.models import F, Q, Window
from django.db.models.functions import Lower, RowNumber
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator, slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from . import dates, html, images
from .addresses import address


def unique_slug(model, text, *, exclude_pk=None, max_length=None, reserved=(), redirects=None):
    """A slug for `text` that no other row of `model` uses yet (`-2`, `-3`... appended).

    `reserved` slugs count as used too: rows about to be written together (bulk_create);
    so do the old slugs of `redirects`, a queryset of other articles' old addresses.
    """
    max_length = max_length or model._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 8].strip("-") or "artikel"
    others = model._default_manager.exclude(pk=exclude_pk) if exclude_pk else model._default_manager
    taken = set(others.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.update(reserved)
    if redirects is not None:
        taken.update(redirects.filter(old_slug__startswith=base).values_list("old_slug", flat=True))
    slug, number = base, 1
    while slug in taken:
        number += 1
        slug = f"{base}-{number}"
    return slug


class Section(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    description = models.TextField(_("description"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Sections with a lower number come first in menus.")
    )

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["position", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:section", self.slug)


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:tag", self.slug)


class SourceKind(models.TextChoices):
    PUBLICATION = "publication", _("Publication")
    AGENCY = "agency", _("Wire agency")
    OTHER = "other", _("Other")


class Source(models.Model):
    Kind = SourceKind

    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    url = models.URLField(_("homepage"), blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=SourceKind, default=SourceKind.PUBLICATION
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=SourceKind.values), name="source_kind_valid"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return address("articles:source", self.slug)


class Author(models.Model):
    name = models.CharField(_("display name"), max_length=150)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    initials = models.CharField(
        _("initials"),
        max_length=20,
        blank=True,
        help_text=_("The editor's mark at the end of an article, such as “mus”. Unique."),
    )
    bio = models.TextField(_("short bio"), blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("login"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="author",
    )

    class Meta:
        verbose_name = _("author")
        verbose_name_plural = _("authors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                Lower("initials"),
                condition=~Q(initials=""),
                name="author_initials_unique",
                violation_error_message=_("Another author already uses these initials."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.initials = self.initials.strip().lower()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return address("articles:author", self.slug)


def image_upload_to(instance, filename):
    """Stored names are generated; the uploaded path and name are never used."""
    extension = os.path.splitext(filename)[1].lower()[:5]
    return f"images/{timezone.now():%Y/%m}/{uuid.uuid4().hex}{extension}"


class Image(models.Model):
    file = models.ImageField(
        _("file"), upload_to=image_upload_to, width_field="width", height_field="height"
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        help_text=_("What the picture shows, for readers who cannot see it."),
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(_("credit"), max_length=200, blank=True)
    width = models.PositiveIntegerField(_("width"), null=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, editable=False)
    # [{"width", "height", "webp", "fallback"}], smallest first; made once when the file is saved.
    renditions = models.JSONField(_("renditions"), default=list, editable=False)
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("image")
        verbose_name_plural = _("images")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(alt_text=""), name="image_alt_text_required"),
        ]

    def __str__(self):
        return self.alt_text

    def save(self, *args, **kwargs):
        self._check_new_upload()
        new_file = self.file and not self.file._committed
        super().save(*args, **kwargs)
        if new_file:
            images.delete_renditions(self.renditions)
            self.renditions = images.make_renditions(self.file)
            Image.objects.filter(pk=self.pk).update(renditions=self.renditions)

    def get_absolute_url(self):
        return self.file.url

    def clean(self):
        self._check_new_upload()

    def _check_new_upload(self):
        """Replace a new upload by its checked, metadata-free copy (once)."""
        if not self.file or self.file._committed or isinstance(self.file.file, images.CheckedImage):
            return
        try:
            self.file, _extension = images.clean_upload(self.file)
        except ValidationError as error:
            raise ValidationError({"file": error.messages}) from error

    def srcset(self, kind):
        """`url 320w, url 640w…` for the rendition `kind` ("webp" or "fallback")."""
        return ", ".join(f"{default_storage.url(r[kind])} {r['width']}w" for r in self.renditions)

    @property
    def webp_srcset(self):
        return self.srcset("webp")

    @property
    def fallback_srcset(self):
        return self.srcset("fallback")

    @property
    def fallback_url(self):
        """The `src` for browsers without srcset: a medium width, or the original."""
        medium = [r for r in self.renditions if r["width"] >= 640] or self.renditions
        return default_storage.url(medium[0]["fallback"]) if medium else self.file.url

    def rendition_urls(self):
        return [default_storage.url(r["fallback"]) for r in self.renditions]


# An article's search columns: derived by the database from its text, never shown, edited,
# validated or kept in revisions.
SEARCH_COLUMNS = ("search_vector", "rank_vector")


class ArticleQuerySet(models.QuerySet):
    def with_all_tags(self, slugs):
        """Articles carrying every one of the tags named by `slugs`.

        One grouped subquery however many tags, where a join per tag would make the query
        planner's work grow exponentially with their number.
        """
        slugs = set(slugs)
        carrying_all = (
            Article.tags.through.objects.filter(tag__slug__in=slugs)
            .values("article_id")
            .annotate(found=models.Count("tag_id", distinct=True))
            .filter(found=len(slugs))
            .values("article_id")
        )
        return self.filter(pk__in=carrying_all)

    def without_search_columns(self):
        return self.defer(*SEARCH_COLUMNS)

    def published(self):
        """The one gate for readers: published, its time has come, and not taken down."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__lte=timezone.now(),
            taken_down_at__isnull=True,
        )

    def concerning_readers(self):
        """Articles whose changes readers see or will see: published, scheduled or taken
        down (its address says so). Drafts and review copies are the desk's alone."""
        return self.filter(status=Article.Status.PUBLISHED)

    def scheduled(self):
        """Published articles whose time has not come yet (and that were not taken down)."""
        return self.filter(
            status=Article.Status.PUBLISHED,
            published_at__gt=timezone.now(),
            taken_down_at__isnull=True,
        )

    def taken_down(self):
        """Articles an editor took down: gone for readers, kept for the newsroom."""
        return self.filter(taken_down_at__isnull=False)

    def at_address(self, slug):
        """Articles whose address is `slug`, or was before a rename."""
        return self.filter(Q(slug=slug) | Q(slug_redirects__old_slug=slug))

    def for_reading(self):
        """What the article page shows, in as few queries as the page has parts."""
        return (
            # A right of reply links back to the article it answers through its entry there.
            self.select_related("section", "featured_image", "source", "reply_entry__article")
            .prefetch_related(
                models.Prefetch("authors", queryset=Author.objects.only("name", "slug")),
                models.Prefetch(
                    "credited_sources", queryset=Source.objects.only("name", "slug", "url")
                ),
                models.Prefetch("corrections", queryset=Correction.objects.for_reading()),
            )
            .defer(
                *SEARCH_COLUMNS,
                "reply_entry__article__body",
                *(f"reply_entry__article__{column}" for column in SEARCH_COLUMNS),
            )
        )

    def section_fronts(self, sections, per_section=4):
        """The newest `per_section` articles of each section.

        Returns `(section, articles)` pairs in the order of `sections`, skipping empty ones.
        """
        if connection.features.supports_slicing_ordering_in_compound:
            # PostgreSQL reads each section's newest few straight off its list index, so the
            # cost does not grow with the archive; a window over every article would.
            newest = [
                self.filter(section=section)
                .latest_first()
                .values_list("pk", flat=True)[:per_section]
                for section in sections
            ]
            ids = list(newest[0].union(*newest[1:], all=True)) if newest else []
            ranked = self.filter(pk__in=ids).order_by("section_id", "-published_at", "-pk")
        else:
            ranked = (
                self.filter(section__in=sections)
                .annotate(
                    section_rank=Window(
                        RowNumber(),
                        partition_by=F("section_id"),
                        order_by=(F("published_at").desc(), F("pk").desc()),
                    )
                )
                .filter(section_rank__lte=per_section)
                .order_by("section_id", "section_rank")
            )
        ranked = ranked.select_related("featured_image").only(
            *self.HEADLINE_FIELDS, "section_id", *self.PICTURE_FIELDS
        )
        sections_by_id = {section.pk: section for section in sections}
        by_section = {}
        for article in ranked:
            article.section = sections_by_id[article.section_id]
            by_section.setdefault(article.section_id, []).append(article)
        return [(s, by_section[s.pk]) for s in sections if s.pk in by_section]

    def from_source(self, slug):
        """Articles that come from a source or credit it."""
        credited = Article.credited_sources.through.objects.filter(source__slug=slug)
        return self.filter(Q(source__slug=slug) | Q(pk__in=credited.values("article_id")))

    def latest_first(self):
        return self.order_by("-published_at", "-pk")

    def owned_by(self, user):
        """Articles `user` created or is credited on as an author."""
        credited = Article.authors.through.objects.filter(author__user=user)
        return self.filter(Q(created_by=user) | Q(pk__in=credited.values("article_id")))

    def on_desk_of(self, user):
        """What a member of staff works on: everything for editors, their own for writers."""
        if user.has_perm(Article.PUBLISH_PERMISSION):
            return self
        return self.owned_by(user)

    def linkable_by(self, user):
        """Articles `user` may point a “Baca Juga” link at: published ones and their own."""
        return self.published() | self.on_desk_of(user)

    # What every list of articles shows: the headline, its address, lead, time and labels;
    # cards add the picture.
    HEADLINE_FIELDS = ("title", "slug", "lead", "published_at", "kind", "unverified")
    RESULT_FIELDS = (*HEADLINE_FIELDS, "section__name", "section__slug")
    PICTURE_FIELDS = (
        "featured_image__file",
        "featured_image__alt_text",
        "featured_image__width",
        "featured_image__height",
        "featured_image__renditions",
    )

    def for_results(self):
        """What a search result shows: no picture, no byline, so no joins or queries for them."""
        return self.select_related("section").only(*self.RESULT_FIELDS)

    def for_listing(self):
        """Everything a card shows, fetched up front so a list costs the same at any length."""
        return (
            self.select_related("section", "featured_image")
            .prefetch_related(
                models.Prefetch("authors", queryset=Author.objects.only("name", "slug"))
            )
            .only(*self.RESULT_FIELDS, *self.PICTURE_FIELDS)
        )


class ArticleStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    REVIEW = "review", _("In review")
    PUBLISHED = "published", _("Published")


class ArticleKind(models.TextChoices):
    """What readers are told an article is (the press council asks for the labels)."""

    NEWS = "news", _("News")
    OPINION = "opinion", _("Opinion")
    ANALYSIS = "analysis", _("Analysis")
    SPONSORED = "sponsored", _("Sponsored content")
    PRESS_RELEASE = "press_release", _("Press release")


class Article(models.Model):
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
    authors = models.ManyToManyField(
        Author, verbose_name=_("authors"), blank=True, related_name="articles"
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
        self._stored_status = self.status

    def get_absolute_url(self):
        return address("articles:detail", self.slug)

    def normalize(self):
        """Bring the fields into their stored form: plain text, a sanitized body, a slug.

        save() does it; code that writes articles with bulk_create() calls it first.
        """
        self.title = html.plain_text(self.title)
        self.lead = html.plain_text(self.lead)
        self.dateline = html.plain_text(self.dateline)
        self.body = html.sanitize(self.body, sponsored=self.is_sponsored)
        if not self.slug:
            self.slug = unique_slug(
                Article,
                self.title,
                exclude_pk=self.pk,
                redirects=SlugRedirect.objects.exclude(article_id=self.pk),
            )

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_slug = instance.__dict__.get("slug")
        instance._stored_status = instance.__dict__.get("status")
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
        before = getattr(self, "_stored_status", None)
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

    @property
    def stored_status(self):
        """The status the database holds; an article not saved yet starts as a draft."""
        return getattr(self, "_stored_status", None) or self.Status.DRAFT

    def clean(self):
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        leaving_draft = self.status != self.stored_status and self.status != self.Status.DRAFT
        if leaving_draft and not html.strip_tags(self.body):
            raise ValidationError(
                {"body": _("Write the body before sending the article on.")}, code="no_body"
            )
        if self.slug and self.slug != getattr(self, "_stored_slug", None):
            other = SlugRedirect.objects.exclude(article_id=self.pk).filter(old_slug=self.slug)
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

    def slug_renamed(self, old_slug):
        """Keep the old address answering; a slug taken back is no longer a redirect.

        Only this article's own redirects change: another article's old address is never
        removed nor taken over (`clean()` refuses it as a new slug).
        """
        self.slug_redirects.filter(old_slug=self.slug).delete()
        SlugRedirect.objects.get_or_create(old_slug=old_slug, defaults={"article": self})

    def reading_blocks(self, links):
        """The body's paragraphs, each with the “Baca Juga” links that follow it.

        Returns `(blocks, closing_links)`: `blocks` is a list of `(html, links)` pairs, the
        html ready to show (sanitized as shown, so it can be kept with the page's data);
        links without a position, or past the last paragraph, close the body.
        """
        paragraphs = [
            html.reader_html(block, sponsored=self.is_sponsored)
            for block in html.split_blocks(self.body)
        ]
        following = [[] for _ in paragraphs]
        closing = []
        for link in links:
            if link.position and link.position <= len(paragraphs):
                following[link.position - 1].append(link)
            else:
                closing.append(link)
        return list(zip(paragraphs, following, strict=True)), closing

    # Related news is picked among this many of the newest articles sharing a tag, so the
    # page costs the same with a tag on 30,000 articles as on 30.
    RELATED_CANDIDATES = 100

    def automatic_related(self, tag_ids, *, exclude_ids=(), limit=4):
        """Recent published articles sharing the most tags with this one, newest first."""
        if not tag_ids or limit <= 0:
            return Article.objects.none()
        sharing_a_tag = Article.tags.through.objects.filter(
            article=models.OuterRef("pk"), tag__in=tag_ids
        )
        candidates = (
            Article.objects.published()
            .filter(models.Exists(sharing_a_tag))
            .exclude(pk__in=[self.pk, *exclude_ids])
            .order_by("-published_at")
            .values("pk")[: self.RELATED_CANDIDATES]
        )
        return (
            Article.objects.filter(pk__in=candidates)
            .annotate(shared_tags=models.Count("tags", filter=Q(tags__in=tag_ids)))
            .order_by("-shared_tags", "-published_at", "-pk")
            .only("title", "slug", "published_at")[:limit]
        )


class RelatedLinkQuerySet(models.QuerySet):
    def visible(self):
        """Links readers may see: external ones and those to published articles."""
        return (
            # Exists looks each target up by its key; `target__in` would read every published
            # article's id on PostgreSQL.
            self.filter(
                models.Exists(Article.objects.published().filter(pk=models.OuterRef("target_id")))
                | ~Q(url="")
            )
            .select_related("target")
            .only(
                "article_id", "position", "order", "title", "url", "target__title", "target__slug"
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


class CorrectionKind(models.TextChoices):
    CORRECTION = "correction", _("Correction")
    CLARIFICATION = "clarification", _("Clarification")
    REPLY = "reply", _("Right of reply")


class CorrectionQuerySet(models.QuerySet):
    def for_reading(self):
        """The entries under an article, oldest first, each with its reply article if any."""
        return (
            self.select_related("reply")
            .only(
                "article_id",
                "kind",
                "text",
                "created_at",
                "reply__title",
                "reply__slug",
                "reply__status",
                "reply__published_at",
                "reply__taken_down_at",
            )
            .order_by("created_at", "pk")
        )


class Correction(models.Model):
    """A correction, clarification or right of reply (hak jawab) under an article, time-stamped.

    The press council's guideline for online media (Pedoman Pemberitaan Media Siber) asks that
    these stay linked to the story they concern and show when they were made.
    """

    Kind = CorrectionKind

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="corrections"
    )
    kind = models.CharField(
        _("type"), max_length=20, choices=CorrectionKind, default=CorrectionKind.CORRECTION
    )
    text = models.TextField(
        _("text"),
        help_text=_(
            "Readers see it under the article with its time: what was wrong and what is right, "
            "or the reply."
        ),
    )
    created_at = models.DateTimeField(_("time"), default=timezone.now, editable=False)
    reply = models.OneToOneField(
        Article,
        verbose_name=_("reply article"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reply_entry",
        help_text=_(
            "For a right of reply published as an article of its own: that article. "
            "Each then links to the other."
        ),
    )

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        verbose_name = _("correction or reply")
        verbose_name_plural = _("corrections and replies")
        ordering = ["created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=CorrectionKind.values), name="correction_kind_valid"
            ),
            models.CheckConstraint(condition=~Q(text=""), name="correction_text_required"),
            models.CheckConstraint(
                condition=Q(reply__isnull=True) | Q(kind=CorrectionKind.REPLY),
                name="correction_reply_article_only_for_replies",
                violation_error_message=_("Only a right of reply can link a reply article."),
            ),
            models.CheckConstraint(
                condition=~Q(reply=F("article")),
                name="correction_reply_not_self",
                violation_error_message=_("An article cannot be its own reply."),
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {Truncator(self.text).words(8)}"

    def save(self, *args, **kwargs):
        self.text = html.plain_text(self.text).strip()
        with transaction.atomic():
            super().save(*args, **kwargs)
            self.article.corrections_changed()

    def get_absolute_url(self):
        return f"{self.article.get_absolute_url()}#koreksi-{self.pk}"

    def delete(self, *args, **kwargs):
        with transaction.atomic():
            deleted = super().delete(*args, **kwargs)
            self.article.corrections_changed()
        return deleted

    @property
    def is_correction(self):
        """Corrections and clarifications amend the article; a right of reply answers it."""
        return self.kind != CorrectionKind.REPLY

    @property
    def visible_reply(self):
        """The reply article, when readers may see it."""
        return self.reply if self.reply_id and self.reply.is_public else None


class PreviewLinkQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, expires_at__gt=timezone.now())

    def for_token(self, token):
        """The link a token names; DoesNotExist for a forged, altered or too old token."""
        try:
            pk = signing.loads(token, salt=PreviewLink.SALT, max_age=PreviewLink.MAX_LIFETIME)
        except signing.BadSignature:
            raise self.model.DoesNotExist from None
        return self.get(pk=pk)


class PreviewLink(models.Model):
    """A read-only link to an unpublished article for someone without an account.

    The address carries the link's id signed with the site's secret key, so it cannot be
    guessed; the row decides whether it still works (expiry, revocation).
    """

    SALT = "articles.preview-link"
    MAX_LIFETIME = timedelta(days=14)

    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="preview_links"
    )
    recipient = models.CharField(
        _("shared with"),
        max_length=200,
        help_text=_(
            "Who the link is for, such as “our lawyer” or “the source, Pak Budi”. "
            "Only the newsroom sees this."
        ),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="preview_links_made",
    )
    created_at = models.DateTimeField(_("made at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("shared preview link")
        verbose_name_plural = _("shared preview links")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(expires_at__gt=F("created_at")),
                name="previewlink_expires_after_creation",
            ),
        ]

    def __str__(self):
        return self.recipient

    # No get_absolute_url(): the address is a secret, and Django hands an object's
    # absolute URL to anyone who asks the desk for it ("view on site").
    def share_url(self):
        """The secret address to send to the person the link is for."""
        return reverse("articles:shared-preview", args=[self.token])

    @property
    def token(self):
        return signing.dumps(self.pk, salt=self.SALT)

    @property
    def is_active(self):
        return self.revoked_at is None and self.expires_at > timezone.now()

    def shows_article(self):
        """Whether the link still opens its article: active, and the article not taken down."""
        return (
            self.is_active and not Article.objects.taken_down().filter(pk=self.article_id).exists()
        )

    def revoke(self):
        self.revoked_at = timezone.now()
        self.save(update_fields=["revoked_at"])


class StaticPageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


class StaticPage(models.Model):
    """A page the editors keep, such as Pedoman Media Siber, Redaksi or Kontak."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    body = models.TextField(_("body"), blank=True)
    position = models.PositiveSmallIntegerField(
        _("position"), default=0, help_text=_("Pages with a lower number come first in the footer.")
    )
    is_published = models.BooleanField(
        _("published"),
        default=False,
        help_text=_("Only published pages can be read; every page's footer links to them."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = StaticPageQuerySet.as_manager()

    class Meta:
        verbose_name = _("static page")
        verbose_name_plural = _("static pages")
        ordering = ["position", "title"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.title = html.plain_text(self.title)
        self.body = html.sanitize(self.body)
        super().save(*args, **kwargs)
        self._stored_is_published = self.is_published

    def get_absolute_url(self):
        return address("articles:page", self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_is_published = instance.__dict__.get("is_published")
        return instance

    def concerns_readers(self, *, created):
        """Whether saving the page changes what readers see: it is published, or was."""
        if self.is_published:
            return True
        return not created and getattr(self, "_stored_is_published", None) is not False
