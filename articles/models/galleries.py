"""An article's gallery (“Foto”): pictures of the library in the order the editor gave."""

from django.db import models
from django.db.models import Count, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.utils.translation import gettext_lazy as _

from .article import Article
from .images import Image


class GalleryItemQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("position", "pk")

    def for_readers(self):
        """The pictures as the gallery page shows them, with their images, in one query."""
        return self.select_related("image").in_order()


class GalleryItem(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("article"), on_delete=models.CASCADE, related_name="gallery_items"
    )
    image = models.ForeignKey(
        Image, verbose_name=_("image"), on_delete=models.CASCADE, related_name="gallery_items"
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    caption = models.CharField(
        _("caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the picture's own caption."),
    )
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the picture's own credit."),
    )

    objects = GalleryItemQuerySet.as_manager()

    class Meta:
        verbose_name = _("gallery picture")
        verbose_name_plural = _("gallery")
        ordering = ["position", "pk"]
        indexes = [models.Index(fields=["article", "position"], name="gallery_article_order")]

    def __str__(self):
        return self.shown_caption or str(self.image)

    @property
    def shown_caption(self):
        return self.caption or self.image.caption

    @property
    def shown_credit(self):
        return self.credit or self.image.credit


def photo_count():
    """How many pictures an article's gallery holds, as an annotation: one subquery in the
    list's own query, so a card's “12 foto” costs nothing more."""
    counted = (
        GalleryItem.objects.filter(article=OuterRef("pk"))
        .order_by()
        .values("article")
        .annotate(count=Count("pk"))
        .values("count")
    )
    return Coalesce(Subquery(counted), Value(0))
