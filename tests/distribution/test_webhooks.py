"""Webhooks: the article's lifecycle becomes events, each delivered after the commit by a
task as a signed JSON POST the receiver can verify with its secret; the save itself only
enqueues, however slow or dead the endpoint."""

import json
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, Correction, WebhookDelivery, WebhookEndpoint
from tests.desk_helpers import make_editor
from tests.distribution.receivers import Receiver, verify
from tests.helpers import make_article, make_section
from tests.tasks import run_tasks, waiting

pytestmark = pytest.mark.django_db

ALL_EVENTS = ["published", "updated", "unpublished", "taken_down", "corrected"]


@pytest.fixture
def local_allowed(settings):
    settings.NEWSROOM_WEBHOOKS_ALLOW_PRIVATE_URLS = True
    settings.NEWSROOM_SITE_URL = "https://warta.example"


@pytest.fixture
def receiver(local_allowed):
    server = Receiver(200)
    yield server
    server.close()


def endpoint_for(url, events=ALL_EVENTS, **fields):
    return WebhookEndpoint.objects.create(url=url, events=list(events), **fields)


def bodies(receiver):
    return [json.loads(body) for _headers, body in receiver.requests]


def test_a_publication_is_delivered_signed_and_the_receiver_verifies_it(
    receiver, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver.url)
    section = make_section(name="Ekonomi")
    with django_capture_on_commit_callbacks(execute=True):
        story = make_article(title="Harga Beras Turun", section=section)
    assert receiver.requests == []  # nothing sent by the save: a task will
    assert run_tasks(queue="webhooks") == 1

    [(headers, body)] = receiver.requests
    assert verify(endpoint.secret, headers, body)
    assert not verify("another secret", headers, body)
    assert not verify(endpoint.secret, headers, body + b" ")  # a body changed on the way
    # A replay an hour later is refused by its timestamp, which the signature covers.
    assert not verify(endpoint.secret, headers, body, now=time.time() + 3600)
    assert headers["Content-Type"] == "application/json"
    assert headers["X-Newsroom-Event"] == "published"
    data = json.loads(body)
    assert headers["X-Newsroom-Delivery"] == data["id"]
    assert data["event"] == "published"
    assert data["article"]["id"] == story.pk
    assert data["article"]["url"] == f"https://warta.example{story.get_absolute_url()}"
    assert data["article"]["title"] == "Harga Beras Turun"
    assert data["article"]["section"] == {"id": section.pk, "name": "Ekonomi"}
    assert data["article"]["published_at"] == story.published_at.isoformat()

    delivery = WebhookDelivery.objects.get()
    assert (delivery.endpoint, delivery.event, delivery.article) == (endpoint, "published", story)
    assert delivery.status_code == 200 and delivery.succeeded and delivery.attempt == 1
    assert delivery.payload == data and delivery.response_ms is not None and not delivery.error


def test_each_move_of_the_lifecycle_is_its_event(receiver, django_capture_on_commit_callbacks):
    endpoint_for(receiver.url)
    editor = make_editor()
    with django_capture_on_commit_callbacks(execute=True):
        story = make_article(status=Article.Status.DRAFT, published_at=None)
        story.title = "Draf yang disunting"
        story.save()  # a draft: nobody outside is told
    with django_capture_on_commit_callbacks(execute=True):
        story.publish(by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Judul yang diperbaiki"
        story.save()
    with django_capture_on_commit_callbacks(execute=True):
        Correction.objects.create(article=story, text="Nama menteri diperbaiki.")
    with django_capture_on_commit_callbacks(execute=True):
        story.take_down("Perintah pengadilan.", by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        story.put_back(by=editor)
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish(by=editor)
    run_tasks(queue="webhooks")

    events = [data["event"] for data in bodies(receiver)]
    assert events == [
        "published",
        "updated",
        "corrected",
        "taken_down",
        "published",
        "unpublished",
    ]
    taken_down = bodies(receiver)[3]["article"]
    # What was taken down is named, never shown again.
    assert taken_down == {
        "id": story.pk,
        "url": f"https://warta.example{story.get_absolute_url()}",
        "takedown_reason": "Perintah pengadilan.",
    }


def test_an_endpoint_gets_only_the_events_it_asked_for(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver.url, events=["taken_down"])
    endpoint_for(receiver.url, events=["published"], active=False)
    with django_capture_on_commit_callbacks(execute=True):
        make_article()
    assert not waiting("distribution.tasks.deliver_webhook").exists()


def test_a_scheduled_article_is_announced_when_it_appears_and_only_if_it_does(
    receiver, django_capture_on_commit_callbacks
):
    endpoint_for(receiver.url, events=["published"])
    soon = timezone.now() + timedelta(seconds=1)
    with django_capture_on_commit_callbacks(execute=True):
        scheduled = make_article(title="Terbit nanti", published_at=soon)
        make_article(title="Dibatalkan", published_at=soon).unpublish(by=make_editor())
    assert run_tasks(queue="webhooks") == 0  # not before its time
    time.sleep(1.1)
    assert run_tasks(queue="webhooks") == 2
    [data] = bodies(receiver)
    assert data["article"]["id"] == scheduled.pk and data["event"] == "published"


def test_publishing_with_a_dead_or_stalling_endpoint_is_as_fast_as_without(
    local_allowed, django_capture_on_commit_callbacks
):
    stalling = Receiver("stall", stall=5)
    try:
        endpoint_for(stalling.url)
        endpoint_for("http://127.0.0.1:9/nobody-listens")
        started = time.monotonic()
        with django_capture_on_commit_callbacks(execute=True):
            story = make_article()
            story.title = "Diperbarui"
            story.save()
        took = time.monotonic() - started
        assert took < 0.5  # the save and its commit only enqueued
        assert stalling.requests == []
        assert waiting("distribution.tasks.deliver_webhook").count() == 4
    finally:
        stalling.close()
