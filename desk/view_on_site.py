"""The desk's "view on site" shortcut (`/admin/r/<content type>/<id>/`), made safe.

Django's own shortcut checks only that the user is staff, then follows any object's
`get_absolute_url()`, whatever the object and whoever asks. This one answers only for
objects the user may view in the desk, and only with the address the object's model admin
gives for readers (its `view_on_site(obj)`), which is None for anything readers cannot open.
Everything else is a 404, so counting ids teaches nothing.
"""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.contenttypes.models import ContentType
from django.http import Http404, HttpResponseRedirect


def view_on_site(request, content_type_id, object_id):
    try:
        model = ContentType.objects.get_for_id(int(content_type_id)).model_class()
    except (ValueError, OverflowError, ContentType.DoesNotExist):
        raise Http404 from None
    if model is None or not admin.site.is_registered(model):
        raise Http404
    model_admin = admin.site.get_model_admin(model)
    # Only a model admin that says, object by object, which address readers may open.
    if not callable(model_admin.view_on_site):
        raise Http404
    obj = model_admin.get_object(request, unquote(object_id))
    if obj is None or not model_admin.has_view_permission(request, obj):
        raise Http404
    address = model_admin.view_on_site(obj)
    if not address:
        raise Http404
    return HttpResponseRedirect(request.build_absolute_uri(address))
