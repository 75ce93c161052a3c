"""Webhooks in the desk, for administrators only: endpoints with their events, a test event
sent from the list, and the delivery log, which nobody can edit."""

import json

import pytest
from django.contrib.auth import get_user_model

from articles.models import WebhookDelivery, WebhookEndpoint
from tests.desk_helpers import make_editor
from tests.distribution.receivers import Receiver, verify
from tests.tasks import run_tasks

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]

ENDPOINTS_URL = "/admin/articles/webhookendpoint/"
LOG_URL = "/admin/articles/webhookdelivery/"


@pytest.fixture
def administrator(client):
    user = get_user_model().objects.create_superuser("admin", password="rahasia-uji-123")
    client.force_login(user)
    return user


def test_editors_cannot_see_nor_manage_webhooks(client):
    client.force_login(make_editor())
    assert client.get(ENDPOINTS_URL).status_code == 403
    assert client.get(f"{ENDPOINTS_URL}add/").status_code == 403
    assert client.get(LOG_URL).status_code == 403


@pytest.mark.usefixtures("administrator")
def test_an_administrator_registers_an_endpoint_with_its_events(client):
    response = client.post(
        f"{ENDPOINTS_URL}add/",
        {
            "url": "https://partner.example/hooks",
            "description": "Aplikasi mitra",
            "events": ["published", "taken_down"],
            "secret": "rahasia-bersama",
            "active": "on",
        },
    )
    assert response.status_code == 302
    endpoint = WebhookEndpoint.objects.get()
    assert endpoint.events == ["published", "taken_down"]
    assert endpoint.secret == "rahasia-bersama"


@pytest.mark.usefixtures("administrator")
@pytest.mark.parametrize(
    ("url", "events", "error"),
    [
        ("http://10.0.0.5/hooks", ["published"], "private, loopback or link-local"),
        ("ftp://partner.example/hooks", ["published"], "Enter a valid URL"),
        ("https://partner.example/hooks", [], "This field is required"),
    ],
)
def test_a_bad_endpoint_is_refused_naming_the_field(client, url, events, error):
    response = client.post(
        f"{ENDPOINTS_URL}add/", {"url": url, "events": events, "secret": "s", "active": "on"}
    )
    assert response.status_code == 200
    assert error in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_a_test_event_is_sent_from_the_list_and_shows_in_the_log(
    client, administrator, settings, django_capture_on_commit_callbacks
):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS = True
    receiver = Receiver(200)
    try:
        endpoint = WebhookEndpoint.objects.create(url=receiver.url, events=["published"])
        with django_capture_on_commit_callbacks(execute=True):
            response = client.post(
                ENDPOINTS_URL, {"action": "send_test", "_selected_action": [endpoint.pk]}
            )
        assert response.status_code == 302
        assert receiver.requests == []  # on its way: the worker sends it
        assert run_tasks(queue="webhooks") == 1
    finally:
        receiver.close()
    [(headers, body)] = receiver.requests
    assert verify(endpoint.secret, headers, body)
    assert json.loads(body)["event"] == "test"

    delivery = WebhookDelivery.objects.get()
    listing = client.get(LOG_URL).content.decode()
    assert "delivered" in listing and str(endpoint) in listing
    page = client.get(f"{LOG_URL}{delivery.pk}/change/")
    assert page.status_code == 200 and 'name="_save"' not in page.content.decode()
    assert client.post(f"{LOG_URL}{delivery.pk}/delete/", {"post": "yes"}).status_code == 403
    assert WebhookDelivery.objects.exists()
