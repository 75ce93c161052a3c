"""What articles are filed under and credited to: sections, tags, sources, authors, and the
bylines that credit authors in order."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.addresses import address


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
    # “Publication” is also the desk's fieldset of status and times: each has its context.
    PUBLICATION = "publication", pgettext_lazy("kind of source", "Publication")
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


class AuthorQuerySet(models.QuerySet):
    def in_byline_order(self):
        """An article's authors as its byline credits them, the first one first.

        Only for the authors of articles (`article.authors`, or a Prefetch of them): the order
        is read off the byline rows that relation joins already, a join Django reuses here.
        On any other set of authors the join would repeat each author once per byline.
        """
        return self.order_by(F("bylines__position").asc(nulls_last=True), "bylines__pk")


class AuthorManager(models.Manager.from_queryset(AuthorQuerySet)):
    def get_queryset(self):
        authors = super().get_queryset()
        # Django makes `article.authors` a subclass of this manager, with `through` and
        # `source_field_name` set: an article's authors come in byline order, with or without
        # a Prefetch (a Prefetch's own queryset asks for it with in_byline_order()).
        if getattr(self, "through", None) is Byline and self.source_field_name == "article":
            return authors.in_byline_order()
        return authors


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

    objects = AuthorManager()

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


class Byline(models.Model):
    """One author credited on one article, at a place in its byline (`Article.authors`)."""

    article = models.ForeignKey(
        "Article", verbose_name=_("article"), on_delete=models.CASCADE, related_name="bylines"
    )
    author = models.ForeignKey(
        Author, verbose_name=_("author"), on_delete=models.CASCADE, related_name="bylines"
    )
    # Written by `Article.set_byline()`. Rows added without one (the relation's add() and
    # set(), an import's INSERT) come after those with one, in the order they were added.
    position = models.PositiveSmallIntegerField(_("position"), null=True, blank=True)

    class Meta:
        # The table Django made for the relation before it had an order, kept with its rows.
        db_table = "articles_article_authors"
        verbose_name = _("byline")
        verbose_name_plural = _("bylines")
        ordering = [F("position").asc(nulls_last=True), "pk"]
        unique_together = [("article", "author")]

    def __str__(self):
        return str(self.author)
