"""User accounts in the desk: only superusers hand out power.

Django's stock user admin lets anyone who may change users also tick "superuser", add
groups and permissions, including to themselves. Here those fields are read-only for
everyone below superuser, so a staff member who manages accounts can fix names and
passwords but cannot raise anyone's rights, their own included.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

User = get_user_model()
POWER_FIELDS = ("is_superuser", "is_staff", "groups", "user_permissions")

admin.site.unregister(User)


@admin.register(User)
class NewsroomUserAdmin(UserAdmin):
    def get_readonly_fields(self, request, obj=None):
        readonly = super().get_readonly_fields(request, obj)
        if request.user.is_superuser:
            return readonly
        return (*readonly, *POWER_FIELDS)
