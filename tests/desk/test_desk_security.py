"""Hostile input is stored harmlessly, and guessing passwords is slowed down."""

from html.parser import HTMLParser

import pytest
from django.test import Client

from articles.models import Article
from tests.desk_helpers import (
    ADD_URL,
    CHANGELIST_URL,
    article_form_data,
    change_url,
    english_client,
    make_editor,
)
from tests.helpers import make_article

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("desk_in_english")]

SCRIPT = "<script>alert(1)</script>"
IMAGE = "<img src=x onerror=alert(1)>"
HOSTILE_BODY = (
    f"<p>Awal{SCRIPT}</p>"
    f"<p>{IMAGE}<a href='javascript:alert(1)'>tautan</a></p>"
    "<p onclick='alert(1)' style='color:red'>Akhir <iframe src='https://jahat.example'></iframe></p>"
)


class RunnableParts(HTMLParser):
    """What in a page could run: event handlers, javascript: URLs, scripts, frames."""

    def __init__(self):
        super().__init__()
        self.found, self._script = [], False

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"<{tag} {name}={value}>")
        if tag in {"iframe", "object", "embed"}:
            self.found.append(f"<{tag}>")
        # JSON-LD and other data blocks are never run.
        self._script = tag == "script" and "json" not in dict(attrs).get("type", "")

    def handle_data(self, data):
        if self._script and data.strip():
            self.found.append(f"<script>{data}")

    def handle_endtag(self, tag):
        self._script = False


def assert_harmless(page):
    parser = RunnableParts()
    parser.feed(page)
    assert parser.found == []


def test_hostile_article_from_the_desk_is_stored_and_shown_harmlessly(editor_client, client):
    target = make_article()
    editor_client.post(
        ADD_URL,
        article_form_data(
            title=f"Judul {SCRIPT}",
            slug="berbahaya",
            lead=f"Ringkasan {IMAGE}",
            body=HOSTILE_BODY,
            status="published",
            links=[{"position": 1, "target": target.pk, "title": f"Baca {IMAGE}"}],
        ),
    )

    article = Article.objects.get(slug="berbahaya")
    public_page = client.get(article.get_absolute_url()).content.decode()
    desk_page = editor_client.get(CHANGELIST_URL).content.decode()

    # A picture that is not one of our figures of a library image goes (articles/figures.py).
    assert article.body == '<p>Awal</p><p><a rel="noopener noreferrer">tautan</a></p><p>Akhir </p>'
    assert "Judul &lt;script&gt;alert(1)&lt;/script&gt;" in public_page
    assert "Baca &lt;img src=x onerror=alert(1)&gt;" in public_page
    assert_harmless(public_page)
    assert_harmless(desk_page)


def test_body_is_sanitized_whatever_path_saves_it():
    article = make_article(body=HOSTILE_BODY)

    article.refresh_from_db()
    assert_harmless(article.body)


def test_hostile_link_address_is_refused(editor_client):
    article = make_article()

    response = editor_client.post(
        change_url(article),
        article_form_data(article, links=[{"url": "javascript:alert(document.cookie)"}]),
    )

    assert response.status_code == 200
    assert "starts with http:// or https://" in response.content.decode()
    assert not article.related_links.exists()


def test_desk_pages_allow_only_our_own_scripts(editor_client):
    article = make_article()

    for url in [CHANGELIST_URL, ADD_URL, change_url(article)]:
        policy = editor_client.get(url)["Content-Security-Policy"]
        directives = {part.strip() for part in policy.split(";")}
        assert "script-src 'self'" in directives
        assert "unsafe-inline" not in policy


# Login throttling


def log_in(client, password):
    return client.post("/admin/login/?next=/admin/", {"username": "redaktur", "password": password})


def test_repeated_failed_logins_lock_the_account_out_for_a_while(settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_editor()
    client = english_client()

    for _attempt in range(2):
        assert log_in(client, "salah").status_code == 200
    locked = log_in(client, "salah")
    right_password_while_locked = log_in(client, "rahasia-uji-123")

    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "15 minutes" in locked.content.decode()
    assert right_password_while_locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_successful_login_forgives_earlier_mistakes(settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_editor()
    client = english_client()

    log_in(client, "salah")
    log_in(client, "salah")
    assert log_in(client, "rahasia-uji-123").status_code == 302
    client.logout()
    log_in(client, "salah")

    assert log_in(client, "rahasia-uji-123").status_code == 302


PROXY = "10.0.0.5"  # every request reaches gunicorn from the proxy's address


def log_in_through_proxy(client, password, *, forwarded_for):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": "redaktur", "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=forwarded_for,
    )


def test_behind_a_trusted_proxy_a_stranger_cannot_lock_an_editor_out(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.NEWSROOM_TRUSTED_PROXY_COUNT = 1
    make_editor()
    stranger, editor = Client(), Client()

    for _attempt in range(5):
        # Whatever the stranger claims on the left, the proxy appended their real address.
        log_in_through_proxy(stranger, "salah", forwarded_for="198.51.100.1, 203.0.113.66")
    assert log_in_through_proxy(stranger, "salah", forwarded_for="203.0.113.66").status_code == 429

    response = log_in_through_proxy(editor, "rahasia-uji-123", forwarded_for="203.0.113.10")
    assert response.status_code == 302


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(settings):
    settings.AXES_FAILURE_LIMIT = 3
    make_editor()
    client = Client()

    # A guesser cannot dodge the lockout by claiming a new address each time.
    answers = [
        log_in_through_proxy(client, "salah", forwarded_for=f"203.0.113.{number}").status_code
        for number in range(4)
    ]
    assert answers[-1] == 429
