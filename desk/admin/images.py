"""The desk's picture library."""

from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from articles.models import (
    GalleryItem,
    Image,
)
from desk.forms import ImageForm


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    form = ImageForm
    list_display = ["thumbnail", "alt_text", "credit", "width", "height", "created_at"]
    list_display_links = ["thumbnail", "alt_text"]
    search_fields = ["alt_text", "caption", "credit"]
    fields = ["file", "preview", "focal_x", "focal_y", "alt_text", "caption", "credit"]
    readonly_fields = ["preview"]
    # The picture is on its change page; a draft's photo has no public address to show.
    view_on_site = False

    class Media:
        js = ["admin-desk/focal-point.js"]
        css = {"all": ["admin-desk/desk.css"]}

    @admin.display(description=_("picture"))
    def thumbnail(self, image):
        return image_thumbnail(image, width=120)

    @admin.display(description=_("preview"))
    def preview(self, image):
        """The picture to click on where the crops should centre (a point marks it); the two
        focal point fields below say the same in numbers, for the keyboard."""
        if not image.pk:
            return "–"
        return format_html(
            '<div class="desk-focal" data-desk-focal><p class="help" id="focal-help">{}</p>'
            '<button type="button" class="desk-focal__picture" aria-describedby="focal-help">'
            "{}</button></div>",
            _(
                "Click the face or subject the crops must keep; or type the point in the "
                "two fields below."
            ),
            image_thumbnail(image, width=480),
        )


class GalleryItemInline(admin.TabularInline):
    """The article's gallery (“Foto”), in the order of the position numbers."""

    model = GalleryItem
    fk_name = "article"
    extra = 0
    autocomplete_fields = ["image"]
    fields = ["position", "image", "thumbnail", "caption", "credit"]
    readonly_fields = ["thumbnail"]
    ordering = ["position", "pk"]
    verbose_name = _("gallery picture")
    verbose_name_plural = _("gallery (Foto)")

    @admin.display(description=_("picture"))
    def thumbnail(self, item):
        return image_thumbnail(item.image, width=96) if item.pk else "–"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("image")

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and _editable(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and _editable(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and _editable(request, obj)


def _editable(request, article):
    return article is None or article.can_be_edited_by(request.user)


def image_thumbnail(image, *, width):
    """A small rendition for the desk, or the original until the renditions are made; no
    file is opened to show it."""
    if image is None:
        return "–"
    height = image.height_at(width)
    return format_html(
        '<img class="desk-thumbnail" src="{}" alt="{}" width="{}"{}>',
        image.smallest_url,
        image.alt_text,
        width,
        format_html(' height="{}"', height) if height else "",
    )
