"""The readers' background tasks (Django's Tasks API: `django.tasks` from Django 6)."""

from django_tasks import task

from readers import popular


@task()
def roll_up_views():
    """Write the visits counted in Redis to the database (see readers.popular)."""
    return popular.roll_up()
