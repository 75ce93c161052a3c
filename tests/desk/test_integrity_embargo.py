"""Embargo: before its time nobody, editors included, publishes or schedules the article."""

from datetime import timedelta

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import Article
from tests.desk_helpers import CHANGELIST_URL, article_form_data, change_url, make_editor
from tests.helpers import make_article

pytestmark = pytest.mark.django_db

DRAFT, REVIEW, PUBLISHED = Article.Status


@pytest.fixture
def embargo():
    return (timezone.now() + timedelta(hours=6)).replace(second=0, microsecond=0)


@pytest.fixture
def embargoed(embargo):
    return make_article(status=DRAFT, published_at=None, embargo_until=embargo)


def split(moment):
    local = timezone.localtime(moment)
    return f"{local:%Y-%m-%d}", f"{local:%H:%M:%S}"


def form_data(article, *, published_at=None, **fields):
    date, time = split(article.embargo_until)
    data = {"embargo_until_0": date, "embargo_until_1": time} | fields
    if published_at is not None:
        data["published_at_0"], data["published_at_1"] = split(published_at)
    return article_form_data(article, **data)


def non_field_codes(response):
    return [error.code for error in response.context["adminform"].form.non_field_errors().data]


def messages_of(response):
    return [(message.level_tag, str(message)) for message in get_messages(response.wsgi_request)]


def test_editor_cannot_publish_an_embargoed_article_now(embargoed, editor):
    with pytest.raises(ValidationError) as refused:
        embargoed.publish(by=editor)

    assert refused.value.code == "embargoed"
    embargoed.refresh_from_db()
    assert embargoed.status == DRAFT


def test_scheduling_before_the_embargo_is_refused(embargoed, editor, embargo):
    with pytest.raises(ValidationError) as refused:
        embargoed.publish(by=editor, at=embargo - timedelta(minutes=1))

    assert refused.value.code == "embargoed"
    assert not Article.objects.scheduled().exists()


def test_scheduling_at_the_embargo_time_is_allowed(embargoed, editor, embargo):
    embargoed.publish(by=editor, at=embargo)

    assert Article.objects.scheduled().get() == embargoed


def test_a_past_embargo_no_longer_holds_the_article(editor):
    article = make_article(
        status=DRAFT, published_at=None, embargo_until=timezone.now() - timedelta(minutes=1)
    )

    article.publish(by=make_editor("redaktur2"))

    assert Article.objects.published().get() == article


def test_the_database_refuses_a_publication_time_before_the_embargo(embargoed, embargo):
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=embargoed.pk).update(
            status=PUBLISHED, published_at=embargo - timedelta(seconds=1)
        )


def test_change_form_refuses_publishing_before_the_embargo(editor_client, embargoed):
    response = editor_client.post(change_url(embargoed), form_data(embargoed, status=PUBLISHED))

    assert response.status_code == 200
    assert "embargoed" in non_field_codes(response)
    assert Article.objects.get(pk=embargoed.pk).status == DRAFT


def test_change_form_refuses_scheduling_before_the_embargo(editor_client, embargoed, embargo):
    early = embargo - timedelta(hours=1)
    response = editor_client.post(
        change_url(embargoed), form_data(embargoed, status=PUBLISHED, published_at=early)
    )

    assert response.status_code == 200
    assert "embargoed" in non_field_codes(response)
    assert not Article.objects.scheduled().exists()


def test_change_form_schedules_at_the_embargo_time(editor_client, embargoed, embargo):
    response = editor_client.post(
        change_url(embargoed), form_data(embargoed, status=PUBLISHED, published_at=embargo)
    )

    assert response.status_code == 302
    assert Article.objects.scheduled().get().published_at == embargo


def test_lifting_the_embargo_and_publishing_in_one_save_is_allowed(editor_client, embargoed):
    data = form_data(embargoed, status=PUBLISHED) | {"embargo_until_0": "", "embargo_until_1": ""}

    response = editor_client.post(change_url(embargoed), data)

    assert response.status_code == 302
    assert Article.objects.published().get() == embargoed


def test_setting_an_embargo_on_a_live_article_is_refused(editor_client):
    article = make_article()
    later = timezone.now() + timedelta(days=1)
    date, time = split(later)

    response = editor_client.post(
        change_url(article),
        article_form_data(article, embargo_until_0=date, embargo_until_1=time),
    )

    assert response.status_code == 200
    assert Article.objects.get(pk=article.pk).embargo_until is None


def test_publish_now_action_refuses_an_embargoed_article(editor_client, embargoed):
    response = editor_client.post(
        CHANGELIST_URL,
        {"action": "publish_now", "_selected_action": [embargoed.pk], "index": "0"},
        follow=True,
    )

    assert [level for level, _text in messages_of(response)] == ["error"]
    assert Article.objects.get(pk=embargoed.pk).status == DRAFT


def test_schedule_action_refuses_a_time_before_the_embargo(editor_client, embargoed, embargo):
    local = timezone.localtime(embargo - timedelta(hours=1))
    editor_client.post(
        CHANGELIST_URL,
        {
            "action": "schedule",
            "_selected_action": [embargoed.pk],
            "apply": "1",
            "published_at": f"{local:%Y-%m-%dT%H:%M}",
        },
    )

    assert Article.objects.get(pk=embargoed.pk).status == DRAFT


def test_the_article_list_shows_the_embargo(editor_client, embargoed):
    response = editor_client.get(CHANGELIST_URL)

    [cell] = lxml_html.fromstring(response.content).find_class("field-status_label")
    until = timezone.localtime(embargoed.embargo_until)
    assert f"embargo hingga {until:%-d} " in cell.text_content()  # the desk speaks Indonesian
    assert f"{until:%H.%M}" in cell.text_content()
