"""Background tasks of the content model (Django's Tasks API, run by `manage.py db_worker`).

Each tasks module of ours imports `task` from the django-tasks backport; on Django 6 the
same code runs with `from django.tasks import task`, nothing else changes.
"""

from django_tasks import task

from articles.models import Image


@task()
def make_renditions(image_id, file_name):
    """The renditions of picture `image_id`'s file `file_name` (enqueued when it is saved).

    Nothing happens when the picture is gone, has another file by now, or has its renditions
    already: running it twice gives the same renditions and leaves no file behind.
    """
    image = Image.objects.filter(pk=image_id).first()
    made = image is not None and image.make_renditions(file_name)
    return {"made": made}
