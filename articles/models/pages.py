"""Static pages: about, editorial policy, contact."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from articles import html
from articles.addresses import address


class StaticPageQuerySet(models.QuerySet):
    def published(self):
        return self.filter(is_published=True)


# What the footer's link to a static page shows (caching.changes compares it on save).
FOOTER_FIELDS = ("title", "slug", "is_published")


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
        self._stored_footer = self.footer_entry

    def get_absolute_url(self):
        return address("articles:page", self.slug)

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._stored_is_published = instance.__dict__.get("is_published")
        instance._stored_footer = tuple(instance.__dict__.get(field) for field in FOOTER_FIELDS)
        return instance

    @property
    def footer_entry(self):
        """What the footer shows of this page: its title, its address, whether it is there."""
        return tuple(getattr(self, field) for field in FOOTER_FIELDS)

    @property
    def stored_footer(self):
        return getattr(self, "_stored_footer", None)

    def concerns_readers(self, *, created):
        """Whether saving the page changes what readers see: it is published, or was."""
        if self.is_published:
            return True
        return not created and getattr(self, "_stored_is_published", None) is not False
