"""Internal notes and the workflow's notifications: who is told of what, once, in the desk
and by email; notes stay in the desk."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail

from articles.models import Article, Note, Notification
from tests.desk_helpers import (
    article_form_data,
    change_url,
    english_client,
    make_editor,
    make_writer,
)
from tests.helpers import make_article
from tests.tasks import run_tasks

pytestmark = pytest.mark.django_db
Kind = Notification.Kind
SECRET = "Narasumber minta namanya disamarkan"


def logged_in(user):
    client = english_client()
    client.force_login(user)
    return client


def with_email(user):
    get_user_model().objects.filter(pk=user.pk).update(email=f"{user.username}@redaksi.test")
    return get_user_model().objects.get(pk=user.pk)


@pytest.fixture
def people():
    writer = with_email(make_writer("penulis"))
    editors = [with_email(make_editor("redaktur")), with_email(make_editor("redaktur-dua"))]
    return writer, editors


@pytest.fixture
def draft(people):
    writer, _editors = people
    return make_article(
        title="Pasar Terapung Banjarmasin",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=writer,
    )


def opened_stamp(client, article):
    form = client.get(change_url(article)).context["adminform"].form
    return {"loaded_version": form["loaded_version"].value()}


def submit(client, article):
    data = article_form_data(article) | opened_stamp(client, article)
    data.pop("status")
    return client.post(change_url(article), data | {"_submit_review": "1"})


def test_a_submission_tells_every_editor_once_in_the_desk_and_by_email(
    people, draft, django_capture_on_commit_callbacks
):
    writer, editors = people
    client = logged_in(writer)
    form = article_form_data(draft) | opened_stamp(client, draft)
    form.pop("status")
    with django_capture_on_commit_callbacks(execute=True):
        first = client.post(change_url(draft), form | {"_submit_review": "1"})
        again = client.post(change_url(draft), form | {"_submit_review": "1"})  # double click

    assert first.status_code == 302 and again.status_code == 200  # the second is refused
    told = Notification.objects.filter(kind=Kind.SUBMITTED)
    assert sorted(told.values_list("recipient__username", flat=True)) == [
        "redaktur",
        "redaktur-dua",
    ]
    run_tasks()
    run_tasks()
    assert sorted(message.to[0] for message in mail.outbox) == [
        "redaktur-dua@redaksi.test",
        "redaktur@redaksi.test",
    ]
    assert "Pasar Terapung Banjarmasin" in mail.outbox[0].body
    assert f"/admin/articles/article/{draft.pk}/change/" in mail.outbox[0].body


def test_telling_of_the_same_event_twice_tells_once(people, draft):
    writer, editors = people

    for _ in range(2):
        Notification.tell(editors, draft, Kind.SUBMITTED, actor=writer, event_at=draft.updated_at)

    assert Notification.objects.count() == 2


def test_the_header_counts_the_unread_and_the_list_marks_them_read(people, draft):
    writer, editors = people
    submit(logged_in(writer), draft)
    editor = logged_in(editors[0])

    page = editor.get("/admin/").content.decode()
    assert "Notifications" in page and "1 unread" in page
    listing = editor.get("/admin/notifikasi/").content.decode()
    assert "penulis submitted “Pasar Terapung Banjarmasin” for review." in listing
    notification = Notification.objects.get(recipient=editors[0])

    opened = editor.get(f"/admin/notifikasi/{notification.pk}/")

    assert opened["Location"] == change_url(draft)
    assert Notification.objects.get(pk=notification.pk).read_at is not None
    assert "unread" not in editor.get("/admin/").content.decode()
    assert Notification.objects.get(recipient=editors[1]).read_at is None


def test_nobody_opens_someone_elses_notification(people, draft):
    writer, editors = people
    submit(logged_in(writer), draft)
    theirs = Notification.objects.get(recipient=editors[0])

    assert logged_in(editors[1]).get(f"/admin/notifikasi/{theirs.pk}/").status_code == 404


def test_mark_all_read(people, draft):
    writer, editors = people
    submit(logged_in(writer), draft)
    editor = logged_in(editors[0])

    editor.post("/admin/notifikasi/baca/")

    assert not Notification.objects.filter(recipient=editors[0]).unread().exists()


def test_returning_with_a_note_tells_the_writer_and_fills_their_queue(
    people, draft, django_capture_on_commit_callbacks
):
    writer, editors = people
    submit(logged_in(writer), draft)
    editor = logged_in(editors[0])
    article = Article.objects.get(pk=draft.pk)
    data = article_form_data(article, note=SECRET) | opened_stamp(editor, article)

    with django_capture_on_commit_callbacks(execute=True):
        response = editor.post(change_url(article), data | {"_return_with_note": "1"})

    assert response.status_code == 302
    assert Article.objects.get(pk=draft.pk).status == Article.Status.DRAFT
    told = Notification.objects.get(kind=Kind.RETURNED)
    assert told.recipient == writer and told.note.text == SECRET
    run_tasks()
    assert [message.to for message in mail.outbox] == [["penulis@redaksi.test"]]
    assert SECRET in mail.outbox[0].body
    dashboard = logged_in(writer).get("/admin/")
    returned = {key: items for key, _title, items in dashboard.context["queues"]}
    assert [a.title for a in returned["returned"]] == ["Pasar Terapung Banjarmasin"]


def test_returning_needs_a_note(people, draft):
    writer, editors = people
    submit(logged_in(writer), draft)
    editor = logged_in(editors[0])
    article = Article.objects.get(pk=draft.pk)

    response = editor.post(
        change_url(article), article_form_data(article) | {"_return_with_note": "1"}
    )

    assert response.status_code == 200
    assert Article.objects.get(pk=draft.pk).status == Article.Status.REVIEW
    assert not Notification.objects.filter(kind=Kind.RETURNED).exists()


def test_publishing_tells_the_writer_once(people, draft):
    writer, editors = people
    submit(logged_in(writer), draft)
    editor = logged_in(editors[0])
    action = {"action": "publish_now", "_selected_action": [draft.pk], "index": "0"}

    editor.post("/admin/articles/article/", action)
    editor.post("/admin/articles/article/", action)  # already published: refused

    told = Notification.objects.filter(kind=Kind.PUBLISHED)
    assert list(told.values_list("recipient", flat=True)) == [writer.pk]


def test_notes_stay_in_the_desk(people, draft, client):
    writer, editors = people
    editor = logged_in(editors[0])
    data = article_form_data(draft, status="published", note=SECRET)
    data |= {"published_at_0": "2026-01-05", "published_at_1": "08:00:00"}
    assert editor.post(change_url(draft), data).status_code == 302
    article = Article.objects.get(pk=draft.pk)
    assert Note.objects.get().text == SECRET and article.is_public

    for address in [article.get_absolute_url(), "/berita/", "/feed/", "/cari/?q=narasumber"]:
        assert SECRET not in client.get(address).content.decode(), address
    assert SECRET not in editor.get(f"/pratinjau/{article.pk}/").content.decode()
    assert SECRET in editor.get(change_url(article)).content.decode()
    assert SECRET in editor.get(f"/admin/articles/article/{article.pk}/history/").content.decode()


def test_a_change_sent_for_review_tells_the_other_editors(people):
    _writer, editors = people
    live = make_article(title="Harga Cabai Naik")
    editor = logged_in(editors[0])
    form = editor.get(change_url(live)).context["adminform"].form
    data = article_form_data(live, title="Harga Cabai Naik Tajam")
    data |= {"loaded_version": form["loaded_version"].value(), "_working_copy_review": "1"}

    assert editor.post(change_url(live), data).status_code == 302

    told = Notification.objects.get()
    assert (told.kind, told.recipient) == (Kind.CHANGE_SUBMITTED, editors[1])


def test_emails_are_plain_text_never_escaped(people, django_capture_on_commit_callbacks):
    writer, _editors = people
    draft = make_article(
        title="Harga Gula & Minyak <Naik>",
        status=Article.Status.DRAFT,
        published_at=None,
        created_by=writer,
    )
    with django_capture_on_commit_callbacks(execute=True):
        submit(logged_in(writer), draft)
    run_tasks()

    message = mail.outbox[0]
    assert "Harga Gula & Minyak <Naik>" in message.subject
    assert "“Harga Gula & Minyak <Naik>”" in message.body and "&amp;" not in message.body


def test_a_writer_credited_on_a_new_article_an_editor_publishes_is_told(people):
    writer, editors = people
    data = article_form_data(title="Ditulis Bersama", slug="ditulis-bersama", status="published")
    data["authors"] = [writer.author.pk]

    response = logged_in(editors[0]).post("/admin/articles/article/add/", data)

    assert response.status_code == 302
    told = Notification.objects.get()
    assert (told.kind, told.recipient) == (Kind.PUBLISHED, writer)
