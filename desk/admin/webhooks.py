"""Webhooks, for administrators: the endpoints told of what happens to articles, and the
log of every delivery attempt (read only). No role of `setup_roles` holds these
permissions: superusers manage endpoints, or whoever they give the permissions to."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models import WebhookDelivery, WebhookEndpoint
from articles.models.webhooks import SUBSCRIBABLE_EVENTS


class WebhookEndpointForm(forms.ModelForm):
    url = WebhookEndpoint._meta.get_field("url").formfield(assume_scheme="https")
    events = forms.MultipleChoiceField(
        label=_("events"), choices=SUBSCRIBABLE_EVENTS, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["url", "description", "events", "secret", "active"]


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["__str__", "url", "event_names", "active"]
    list_filter = ["active"]
    search_fields = ["url", "description"]
    actions = ["send_test"]

    @admin.display(description=_("events"))
    def event_names(self, endpoint):
        labels = dict(SUBSCRIBABLE_EVENTS)
        return ", ".join(str(labels.get(event, event)) for event in endpoint.events)

    @admin.action(description=_("Send a test event"), permissions=["change"])
    def send_test(self, request, queryset):
        endpoints = list(queryset)
        for endpoint in endpoints:
            endpoint.send_test()
        self.message_user(
            request,
            ngettext(
                "A test event is on its way to %(count)d endpoint: see the delivery log.",
                "A test event is on its way to %(count)d endpoints: see the delivery log.",
                len(endpoints),
            )
            % {"count": len(endpoints)},
            messages.SUCCESS,
        )


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(admin.ModelAdmin):
    """The delivery log: every attempt, with its answer, as it happened."""

    list_display = [
        "created_at",
        "endpoint",
        "event",
        "article",
        "attempt",
        "status_code",
        "response_ms",
        "outcome",
    ]
    list_filter = ["event", "endpoint"]
    list_select_related = ["endpoint", "article"]
    search_fields = ["event_id", "endpoint__url"]
    date_hierarchy = None

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("outcome"))
    def outcome(self, delivery):
        return _("delivered") if delivery.succeeded else delivery.error[:200]
