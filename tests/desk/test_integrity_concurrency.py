"""No lost edits: a save over a newer version is refused with the text kept, and editors
see who else has the article open."""

import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from articles.models import Article
from tests.desk_helpers import article_form_data, change_url, make_editor, make_writer
from tests.helpers import make_article

pytestmark = pytest.mark.django_db

THEIR_BODY = "<p>Versi Budi yang tersimpan lebih dulu.</p>"
MY_BODY = "<p>Versi Siti yang ditulis bersamaan, jangan sampai hilang.</p>"


def desk_client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def siti():
    return desk_client(make_editor("siti"))


@pytest.fixture
def budi():
    user = make_editor("budi")
    get_user_model().objects.filter(pk=user.pk).update(first_name="Budi", last_name="Santoso")
    return desk_client(get_user_model().objects.get(pk=user.pk))


@pytest.fixture
def article():
    return make_article(status=Article.Status.DRAFT, published_at=None)


def open_form(client, article):
    """The change form as the browser gets it, and the version stamp it will post back."""
    response = client.get(change_url(article))
    assert response.status_code == 200
    [stamp] = re.findall(r'name="loaded_version" value="([^"]+)"', response.content.decode())
    return response, stamp


def save(client, article, stamp, **fields):
    data = article_form_data(Article.objects.get(pk=article.pk), loaded_version=stamp, **fields)
    return client.post(change_url(article), data)


def non_field_errors(response):
    return response.context["adminform"].form.non_field_errors().data


def test_the_second_of_two_concurrent_saves_is_refused_and_keeps_its_text(siti, budi, article):
    _page, siti_stamp = open_form(siti, article)
    _page, budi_stamp = open_form(budi, article)
    assert save(budi, article, budi_stamp, body=THEIR_BODY).status_code == 302

    response = save(siti, article, siti_stamp, body=MY_BODY, title="Judul dari Siti")

    assert response.status_code == 200
    [error] = non_field_errors(response)
    assert error.code == "edit_conflict"
    assert error.params["name"] == "Budi Santoso"
    page = response.content.decode()
    assert 'class="errornote"' in page
    assert "Judul dari Siti" in page
    assert response.context["adminform"].form["body"].value() == MY_BODY
    stored = Article.objects.get(pk=article.pk)
    assert stored.body == THEIR_BODY
    assert stored.title != "Judul dari Siti"


def test_a_refused_form_stays_refused_until_the_newer_version_is_opened(siti, budi, article):
    _page, siti_stamp = open_form(siti, article)
    _page, budi_stamp = open_form(budi, article)
    save(budi, article, budi_stamp, body=THEIR_BODY)
    refused = save(siti, article, siti_stamp, body=MY_BODY)
    [resent] = re.findall(r'name="loaded_version" value="([^"]+)"', refused.content.decode())

    assert save(siti, article, resent, body=MY_BODY).status_code == 200

    _page, fresh = open_form(siti, article)
    assert save(siti, article, fresh, body=MY_BODY).status_code == 302
    assert Article.objects.get(pk=article.pk).body == MY_BODY


def test_a_workflow_action_in_between_also_counts_as_a_newer_version(siti, budi, article):
    _page, siti_stamp = open_form(siti, article)
    budi.post(
        "/admin/articles/article/",
        {"action": "publish_now", "_selected_action": [article.pk], "index": "0"},
    )

    response = save(siti, article, siti_stamp, body=MY_BODY)

    assert [error.code for error in non_field_errors(response)] == ["edit_conflict"]
    assert Article.objects.get(pk=article.pk).is_public


def test_saving_again_after_ones_own_save_is_not_a_conflict(siti, article):
    _page, stamp = open_form(siti, article)
    save(siti, article, stamp, body=THEIR_BODY, _continue="1")
    _page, stamp = open_form(siti, article)

    assert save(siti, article, stamp, body=MY_BODY).status_code == 302


def test_a_damaged_version_stamp_is_refused(siti, article):
    for damaged in ["kemarin sore", "2026-11-25T10:00:00"]:
        response = save(siti, article, damaged, body=MY_BODY)

        assert response.status_code == 200
        errors = response.context["adminform"].form.errors.as_data()["loaded_version"]
        assert [error.code for error in errors] == ["bad_version"]
        assert Article.objects.get(pk=article.pk).body != MY_BODY


def test_writers_are_protected_too(budi):
    writer = make_writer()
    own = make_article(status=Article.Status.DRAFT, published_at=None, created_by=writer)
    penulis = desk_client(writer)
    _page, stamp = open_form(penulis, own)
    _page, budi_stamp = open_form(budi, own)
    save(budi, own, budi_stamp, body=THEIR_BODY)

    response = save(penulis, own, stamp, body=MY_BODY)

    assert [error.code for error in non_field_errors(response)] == ["edit_conflict"]


def test_the_second_editor_sees_who_else_has_the_article_open(siti, budi, article):
    first, _stamp = open_form(budi, article)
    second, _stamp = open_form(siti, article)

    assert first.context["presence_message"] == ""
    assert "Budi Santoso" in second.context["presence_message"]
    assert re.search(
        r'<p class="desk-presence"[^>]*role="status">[^<]*Budi', second.content.decode()
    )


def test_the_heartbeat_tells_the_first_editor_who_arrived(siti, budi, article):
    open_form(budi, article)
    open_form(siti, article)
    url = f"/admin/articles/article/{article.pk}/presence/"

    response = budi.post(url)

    assert response.status_code == 200
    assert "siti" in response.json()["message"]
    assert budi.get(url).status_code == 405
    assert Client().post(url).status_code == 302
