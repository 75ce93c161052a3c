"""The body editor's picture dialog: the library searched (a short list of the newest that
match) and a new picture uploaded, both as JSON for `admin-desk/picture-dialog.js`."""

from django.contrib.auth.decorators import permission_required
from django.db.models import Q
from django.http import JsonResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from articles.models import Image
from desk.forms import ImageForm

PICKER_SIZE = 24
SHOWN_FIELDS = ("file", "alt_text", "caption", "credit", "width", "height", "renditions")


def described(image):
    """What the dialog shows of a picture and puts in the body."""
    return {
        "id": image.pk,
        "alt": image.alt_text,
        "caption": image.caption,
        "credit": image.credit,
        "src": image.fallback_url,
        "thumbnail": image.smallest_url,
        "width": image.width,
        "height": image.height,
    }


@require_GET
@permission_required("articles.view_image", raise_exception=True)
def picker(request):
    """`?q=` words of the alt text, caption or credit: the newest pictures that match."""
    images = Image.objects.only(
        "file", "alt_text", "caption", "credit", "width", "height", "renditions"
    )
    for word in request.GET.get("q", "").split()[:5]:
        images = images.filter(
            Q(alt_text__icontains=word) | Q(caption__icontains=word) | Q(credit__icontains=word)
        )
    found = images.order_by("-created_at", "-pk")[:PICKER_SIZE]
    return JsonResponse({"results": [described(image) for image in found]})


@require_POST
@permission_required("articles.add_image", raise_exception=True)
def upload(request):
    """A new picture for the library, checked like any upload; its errors by field."""
    form = ImageForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    return JsonResponse(described(form.save()), status=201)


def picture_dialog():
    """What `admin-desk/picture-dialog.js` needs: where to search and upload, its words."""
    return {
        "picker": reverse("desk-pictures"),
        "upload": reverse("desk-picture-upload"),
        "strings": {
            "button": gettext("Insert picture"),
            "title": gettext("Insert a picture"),
            "search": gettext("Search the library"),
            "searchButton": gettext("Search"),
            "none": gettext("No picture found."),
            "orUpload": gettext("Or upload a new picture"),
            "file": gettext("Picture file"),
            "alt": gettext("Alt text (required)"),
            "altHelp": gettext("What the picture shows, for readers who cannot see it."),
            "altMissing": gettext("Write the alt text: what the picture shows."),
            "chooseMissing": gettext("Choose a picture from the library or upload one."),
            "caption": gettext("Caption"),
            "credit": gettext("Credit"),
            "insert": gettext("Insert"),
            "cancel": gettext("Cancel"),
            "chosen": gettext("Chosen:"),
            "uploading": gettext("Uploading…"),
            "failed": gettext("The picture could not be uploaded:"),
        },
    }
