from axes.apps import AppConfig as AxesConfig
from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django_tasks_db.apps import TasksAppConfig as TasksDatabaseConfig


class DeskConfig(AppConfig):
    """The editors' desk in the Django admin."""

    default = True
    name = "desk"


class LoginLockoutsConfig(AxesConfig):
    """django-axes, under a heading the desk's users read in their language."""

    default = False
    verbose_name = _("Login lockouts")


class BackgroundTasksConfig(TasksDatabaseConfig):
    """django-tasks-db (the tasks' database backend), under a heading in the desk's language."""

    default = False
    verbose_name = _("Background tasks")
