"""Strings of installed apps that ship no Indonesian, listed so our catalog translates them.

django-reversion's admin templates use these exact messages; `makemessages` finds them here,
and Django looks them up in our catalog like any other. Nothing imports this module.
"""

from django.utils.translation import gettext_noop, pgettext_lazy

REVERSION = [
    gettext_noop("Recover deleted %(name)s"),
    gettext_noop("Revert %(verbose_name)s"),
    gettext_noop("Press the save button below to recover this version of the object."),
    gettext_noop("Press the save button below to revert to this version of the object."),
    gettext_noop(
        "Choose a date from the list below to revert to a previous version of this object."
    ),
    gettext_noop("Choose a date from the list below to recover a deleted version of an object."),
    gettext_noop("There are no deleted objects to recover."),
    gettext_noop(
        "This object doesn't have a change history. It probably wasn't added via this admin site."
    ),
]

# django-tasks' task states (the desk's task list) and django-tasks-db's model names
# (pgettext_lazy: makemessages does not read pgettext_noop).
TASKS = [
    pgettext_lazy("Task", "Ready"),
    pgettext_lazy("Task", "Running"),
    pgettext_lazy("Task", "Failed"),
    pgettext_lazy("Task", "Successful"),
    gettext_noop("Task Result"),
    gettext_noop("Task Results"),
]
