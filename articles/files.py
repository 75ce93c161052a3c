"""An image's stored files go with it: its file and renditions when it is deleted, the old
file and its renditions when the file is replaced.

Always after the transaction commits (a delete rolled back keeps every file), and through the
storage API, so the same on the local folder and on object storage. Wired in
`ArticlesConfig.ready()`; a queryset's delete (the desk's bulk delete) sends `post_delete`
for each image too.
"""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save

from articles.crops import crop_renditions
from articles.models import Image

logger = logging.getLogger(__name__)


def stored_names(file_name, image_renditions, image_crops=None):
    """Every name an image keeps in storage: its file, then each rendition's and each
    crop's two files."""
    names = [file_name] if file_name else []
    for rendition in [*(image_renditions or ()), *crop_renditions(image_crops)]:
        names += [rendition[kind] for kind in ("webp", "fallback") if rendition.get(kind)]
    return names


def delete_after_commit(storage, names, using):
    """Delete `names` from `storage` once the transaction in progress commits."""
    if names:
        transaction.on_commit(lambda: _delete(storage, names), using=using)


def _delete(storage, names):
    for name in names:
        try:
            storage.delete(name)
        except Exception:
            # A file left behind is wasted space, never a failed delete for the editor.
            logger.exception("Could not delete the stored file %s", name)


def _remember_replaced_file(sender, instance, raw=False, using=None, **kwargs):
    """Before an image's new file, or its crops around a new focal point, are stored: which
    names the old ones had."""
    instance._replaced_names = []
    if raw or instance.pk is None or not instance.file:
        return
    if instance.file._committed and instance.crops:
        return  # neither a new file nor crops to be made again
    old = (
        Image.objects.using(using)
        .filter(pk=instance.pk)
        .values("file", "renditions", "crops")
        .first()
    )
    if old is None:
        return
    if old["file"] != instance.file.name:
        instance._replaced_names = stored_names(old["file"], old["renditions"], old["crops"])
    elif old["crops"] != instance.crops:
        instance._replaced_names = stored_names(None, None, old["crops"])


def _delete_replaced_file(sender, instance, using=None, **kwargs):
    names = getattr(instance, "_replaced_names", [])
    instance._replaced_names = []
    delete_after_commit(instance.file.storage, names, using)


def _delete_files(sender, instance, using=None, **kwargs):
    delete_after_commit(
        instance.file.storage,
        stored_names(instance.file.name, instance.renditions, instance.crops),
        using,
    )


def connect():
    pre_save.connect(_remember_replaced_file, sender=Image, dispatch_uid="image-replaced-file")
    post_save.connect(_delete_replaced_file, sender=Image, dispatch_uid="image-replaced-delete")
    post_delete.connect(_delete_files, sender=Image, dispatch_uid="image-files-delete")
