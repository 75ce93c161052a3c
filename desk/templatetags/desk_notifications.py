"""The desk header's link to the notifications, with how many are unread (one COUNT)."""

from django import template

from desk.notifications import unread_count

register = template.Library()


@register.simple_tag(takes_context=True)
def unread_notifications(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_active or not user.is_staff:
        return None
    return unread_count(user)
