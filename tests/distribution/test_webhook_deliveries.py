"""Webhook deliveries that go wrong: an endpoint that fails, stalls past the timeout, then
answers is tried again with backoff and every attempt is in the delivery log; an address
outside the internet is refused and logged, and nothing is sent to it."""

import json
import socket
import time

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from django_tasks_db.models import DBTaskResult

from articles.models import WebhookDelivery, WebhookEndpoint
from distribution import tasks, webhooks
from tests.distribution.receivers import Receiver, verify
from tests.distribution.test_webhooks import endpoint_for, local_allowed  # noqa: F401
from tests.helpers import make_article
from tests.tasks import run_tasks, waiting

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    """The delivery log's errors in English, the language they are written in."""
    with translation.override("en"):
        yield


def run_until_quiet(pause=0.15):
    """Run the webhook tasks, waiting out each retry's (shortened) delay."""
    while waiting("distribution.tasks.deliver_webhook").exists():
        run_tasks(queue="webhooks")
        time.sleep(pause)


def test_a_day_of_backoff_is_the_schedule():
    assert len(webhooks.RETRY_SECONDS) >= 5
    assert 20 * 3600 <= sum(webhooks.RETRY_SECONDS) <= 30 * 3600
    assert list(webhooks.RETRY_SECONDS) == sorted(webhooks.RETRY_SECONDS)


@pytest.mark.usefixtures("local_allowed")
def test_failing_then_stalling_then_answering_is_retried_and_every_attempt_logged(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(webhooks, "RETRY_SECONDS", (0.1, 0.1, 0.1))
    monkeypatch.setattr(webhooks, "TIMEOUT", 0.5)
    receiver = Receiver(500, "stall", 200, stall=2)
    try:
        endpoint = endpoint_for(receiver.url, events=["published"])
        with django_capture_on_commit_callbacks(execute=True):
            story = make_article()
        run_until_quiet()
    finally:
        receiver.close()

    log = list(WebhookDelivery.objects.order_by("attempt"))
    assert [entry.attempt for entry in log] == [1, 2, 3]
    assert [entry.status_code for entry in log] == [500, None, 200]
    assert log[0].error.startswith("500") and not log[0].succeeded
    assert "no answer within 0.5 seconds" in log[1].error
    assert 400 <= log[1].response_ms < 1500  # given up at the timeout, not at the answer
    assert log[2].succeeded and not log[2].error
    assert {entry.article_id for entry in log} == {story.pk}
    # The same event each time (the receiver can tell a repeat), each attempt signed anew.
    sent = [json.loads(body) for _headers, body in receiver.requests]
    assert len({data["id"] for data in sent}) == 1
    assert all(verify(endpoint.secret, headers, body) for headers, body in receiver.requests)
    assert not DBTaskResult.objects.failed().exists()


@pytest.mark.usefixtures("local_allowed")
def test_an_endpoint_that_never_answers_fails_the_task_after_the_last_attempt(
    monkeypatch, django_capture_on_commit_callbacks
):
    monkeypatch.setattr(webhooks, "RETRY_SECONDS", (0.1, 0.1))
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    endpoint_for(f"http://127.0.0.1:{port}/", events=["published"])
    with django_capture_on_commit_callbacks(execute=True):
        make_article()
    run_until_quiet()

    assert WebhookDelivery.objects.count() == 3
    assert all("cannot connect" in entry.error for entry in WebhookDelivery.objects.all())
    failed = DBTaskResult.objects.failed().get()
    assert failed.task_path == "distribution.tasks.deliver_webhook"
    assert "DeliveryFailed" in failed.traceback


def test_a_client_error_is_logged_and_not_tried_again(settings):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS = True
    receiver = Receiver(410)
    try:
        endpoint = endpoint_for(receiver.url)
        data = webhooks.payload("test", None)
        tasks.deliver_webhook.call(endpoint.pk, "test", data["id"], payload=data)
    finally:
        receiver.close()
    assert WebhookDelivery.objects.get().status_code == 410
    assert not waiting().exists()


@pytest.mark.parametrize(
    "url",
    [
        "http://10.1.2.3/hook",
        "http://127.0.0.1:{port}/hook",
        "http://[::1]:{port}/hook",
        "http://localhost:{port}/hook",  # a name that resolves to a loopback address
        "http://[::ffff:127.0.0.1]:{port}/hook",
    ],
)
def test_a_private_address_is_refused_logged_and_never_sent(url, settings):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS = False
    receiver = Receiver(200)
    try:
        port = receiver.server.server_port
        endpoint = WebhookEndpoint(url=url.format(port=port), events=["published"])
        with pytest.raises(ValidationError):
            endpoint.full_clean()  # the desk refuses it
        endpoint.save()  # stored anyway (or a name that resolved elsewhere when saved)
        data = webhooks.payload("test", None)
        result = tasks.deliver_webhook.call(endpoint.pk, "test", data["id"], payload=data)
    finally:
        receiver.close()
    assert receiver.requests == []
    assert "refused" in result["refused"]
    delivery = WebhookDelivery.objects.get()
    assert "private, loopback or link-local" in delivery.error
    assert delivery.status_code is None and not delivery.succeeded
    assert not waiting().exists()  # refused for good: not tried again


def test_a_name_that_resolves_to_a_private_address_is_refused_when_sent(settings, monkeypatch):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS = False
    real = socket.getaddrinfo

    def resolving_to_private(host, *args, **kwargs):
        if host == "hooks.partner.example":
            return real("10.0.0.7", *args, **kwargs)
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", resolving_to_private)
    endpoint = WebhookEndpoint(url="https://hooks.partner.example/in", events=["published"])
    endpoint.full_clean()  # a name is checked on the address it resolves to, when sent
    endpoint.save()
    data = webhooks.payload("test", None)
    tasks.deliver_webhook.call(endpoint.pk, "test", data["id"], payload=data)
    assert "10.0.0.7" in WebhookDelivery.objects.get().error
