"""The workflow: draft → review → published (now or scheduled) → back to draft."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.utils import timezone

from articles.models import Article
from tests.desk_helpers import (
    ADD_URL,
    CHANGELIST_URL,
    article_form_data,
    change_url,
    make_editor,
    make_writer,
)
from tests.helpers import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]


DRAFT, REVIEW, PUBLISHED = Article.Status


def messages_of(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


def draft(**overrides):
    return make_article(**({"status": DRAFT, "published_at": None} | overrides))


def test_writer_submits_a_draft_and_editor_publishes_it():
    writer, editor = make_writer(), make_editor()
    article = draft(created_by=writer)

    article.submit_for_review(by=writer)
    article.publish(by=editor)

    article.refresh_from_db()
    assert article.status == PUBLISHED
    assert article.is_public


def test_writer_cannot_publish_their_own_draft():
    writer = make_writer()
    article = draft(created_by=writer)

    with pytest.raises(ValidationError, match="Hanya editor"):
        article.publish(by=writer)

    article.refresh_from_db()
    assert article.status == DRAFT


def test_writer_cannot_submit_another_writers_draft():
    article = draft(created_by=make_writer("lain"))

    with pytest.raises(ValidationError, match="artikel Anda sendiri"):
        article.submit_for_review(by=make_writer())


def test_writer_owns_an_article_that_credits_them_as_author():
    writer = make_writer()
    article = draft(authors=[writer.author])

    article.submit_for_review(by=writer)

    assert Article.objects.get(pk=article.pk).status == REVIEW


def test_publishing_at_a_future_time_schedules_the_article():
    article = draft()
    at = timezone.now() + timedelta(hours=3)

    article.publish(by=make_editor(), at=at)

    assert Article.objects.scheduled().get() == article
    assert not Article.objects.published().exists()
    assert article.state_label == "Terjadwal"


def test_publish_now_brings_a_scheduled_article_forward():
    article = make_article(published_at=timezone.now() + timedelta(days=1))

    article.publish(by=make_editor())

    assert Article.objects.published().get() == article


def test_publishing_a_live_article_again_is_refused_and_keeps_its_time():
    article = make_article()
    published_at = article.published_at

    with pytest.raises(ValidationError, match="sudah terbit"):
        article.publish(by=make_editor())

    article.refresh_from_db()
    assert article.published_at == published_at


def test_unpublishing_takes_the_article_off_the_site():
    article = make_article()

    article.unpublish(by=make_editor())

    assert article.status == DRAFT
    assert not Article.objects.published().exists()


def test_a_published_article_cannot_go_back_to_review():
    article = make_article()

    with pytest.raises(ValidationError, match="tidak dapat menjadi"):
        article.submit_for_review(by=make_editor())


def test_an_empty_draft_cannot_be_submitted():
    writer = make_writer()
    article = draft(created_by=writer, body="<p> </p>")

    with pytest.raises(ValidationError) as raised:
        article.submit_for_review(by=writer)

    assert "body" in raised.value.message_dict
    assert Article.objects.get(pk=article.pk).status == DRAFT


def test_writer_submits_from_the_change_form(client):
    writer = make_writer()
    article = draft(created_by=writer)
    client.force_login(writer)

    response = client.post(change_url(article), article_form_data(article, _submit_review="1"))

    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).status == REVIEW
    assert any("Submitted for review" in message for message in messages_of(response))


def test_submit_button_is_shown_on_drafts_only(client):
    writer = make_writer()
    client.force_login(writer)
    in_review = draft(created_by=writer, status=REVIEW)

    assert 'name="_submit_review"' in client.get(ADD_URL).content.decode()
    assert 'name="_submit_review"' not in client.get(change_url(in_review)).content.decode()


def test_editor_publishes_from_the_change_form_without_a_time(client):
    article = draft()
    client.force_login(make_editor())

    client.post(change_url(article), article_form_data(article, status="published"))

    article.refresh_from_db()
    assert article.is_public


def test_editor_schedules_from_the_change_form(client):
    article = draft()
    client.force_login(make_editor())
    at = timezone.localtime() + timedelta(days=1)

    client.post(
        change_url(article),
        article_form_data(
            article,
            status="published",
            published_at_0=f"{at:%Y-%m-%d}",
            published_at_1=f"{at:%H:%M:%S}",
        ),
    )

    assert Article.objects.scheduled().get() == article


def test_change_form_refuses_an_illegal_move_with_a_message(client):
    article = make_article()
    client.force_login(make_editor())

    response = client.post(change_url(article), article_form_data(article, status="review"))

    assert response.status_code == 200
    assert "cannot become" in str(response.context["adminform"].form.non_field_errors())
    assert Article.objects.get(pk=article.pk).status == PUBLISHED


def test_publish_action_reports_each_refusal_and_publishes_the_rest(client):
    ready, empty = draft(), draft(body="")
    client.force_login(make_editor())

    response = client.post(
        CHANGELIST_URL,
        {"action": "publish_now", "_selected_action": [ready.pk, empty.pk], "index": "0"},
        follow=True,
    )

    shown = messages_of(response)
    assert "1 article published." in shown
    assert any(empty.title in message and "body" in message for message in shown)
    assert Article.objects.published().get() == ready


def test_schedule_action_asks_for_a_time_first(client):
    article = draft()
    client.force_login(make_editor())

    response = client.post(
        CHANGELIST_URL, {"action": "schedule", "_selected_action": [article.pk], "index": "0"}
    )

    assert response.status_code == 200
    assert article.title in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == DRAFT


def test_schedule_action_refuses_a_time_in_the_past(client):
    article = draft()
    client.force_login(make_editor())
    past = timezone.localtime() - timedelta(hours=1)

    response = client.post(
        CHANGELIST_URL,
        {
            "action": "schedule",
            "_selected_action": [article.pk],
            "apply": "1",
            "published_at": f"{past:%Y-%m-%dT%H:%M}",
        },
    )

    assert response.status_code == 200
    assert response.context["form"].errors["published_at"]
    assert Article.objects.get(pk=article.pk).status == DRAFT


def test_list_shows_scheduled_articles_as_scheduled(client):
    make_article(title="Terbit besok", published_at=timezone.now() + timedelta(days=1))
    client.force_login(make_editor())

    response = client.get(CHANGELIST_URL, {"state": "scheduled"})

    rows = response.context["cl"].result_list
    assert [article.title for article in rows] == ["Terbit besok"]
    assert "Scheduled" in response.content.decode()
