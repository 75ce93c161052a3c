"""What articles are filed under and credited to: sections, tags, sources, authors."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

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
