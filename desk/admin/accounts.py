"""User accounts in the desk: only superusers hand out power, or touch those who hold it.

Django's stock user admin lets anyone who may change users also tick "superuser", add
groups and permissions, including to themselves, and set anyone's password. Here those
fields are read-only for everyone below superuser, and below superuser nobody may change,
set the password of, deactivate or delete a superuser or an account holding a permission
they do not hold themselves: an account manager cannot log in as someone mightier.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

User = get_user_model()
POWER_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

admin.site.unregister(User)


def may_manage(actor, account):
    """Whether `actor` may change, reset the password of or delete `account`."""
    if actor.is_superuser:
        return True
    if account.is_superuser:
        return False
    return account.get_all_permissions() <= actor.get_all_permissions()


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *POWER_FIELDS)

    # The password form and the delete confirmation ask these too.
    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or may_manage(request.user, obj))
