"""What an operator reads in the logs: each line names its request, none holds a secret
or a whole hostile payload, and no request can forge a line of its own."""

import io
import logging
import re
from urllib.parse import quote

import pytest
from django.conf import settings
from django.contrib.auth.backends import ModelBackend
from django.test import Client
from django.utils import timezone

from tests.fresh_process import PRODUCTION, run
from tests.helpers import make_article

pytestmark = pytest.mark.django_db

PASSWORD = "Rahasia-Sekali-2024"
CSRF_TOKEN = "csrf0token0that0must0never0be0logged0000000000000"
# A newline that would start a forged line, then 10 KB.
HOSTILE = "x\n2024-01-01 00:00:00,000 CRITICAL forged [0000] admin logged in " + "A" * 10_000


@pytest.fixture
def log_output():
    """What the console handler of settings.LOGGING writes, as configured."""
    handler = next(h for h in logging.getLogger().handlers if h.get_name() == "console")
    stream = io.StringIO()
    previous = handler.setStream(stream)
    yield stream
    handler.setStream(previous)


def lines_of(request_id, output):
    return [line for line in output.getvalue().splitlines() if f"[{request_id}]" in line]


def assert_tidy(output):
    text = output.getvalue()
    assert "A" * 1000 not in text
    assert all(len(line) < 1000 for line in text.splitlines())
    assert not any(line.startswith("2024-01-01") for line in text.splitlines())


def test_a_hostile_not_found_is_logged_short_on_one_line_under_its_request_id(log_output):
    response = Client().post(
        f"/berita/{quote(HOSTILE)}/?q={quote(HOSTILE)}",
        {"username": "redaktur", "password": PASSWORD},
    )

    assert response.status_code == 404
    request_id = response["X-Request-ID"]
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    [line] = lines_of(request_id, log_output)
    assert "WARNING django.request" in line and "Not Found: /berita/x" in line
    assert "more characters]" in line
    assert PASSWORD not in log_output.getvalue()
    assert_tidy(log_output)


def test_a_response_logged_after_the_middleware_still_names_its_request(log_output):
    gone = make_article(taken_down_at=timezone.now(), takedown_reason="Putusan Dewan Pers")

    response = Client().get(gone.get_absolute_url())

    assert response.status_code == 410
    [line] = lines_of(response["X-Request-ID"], log_output)
    assert f"Gone: {gone.get_absolute_url()}" in line


def test_a_server_error_names_its_request_and_keeps_passwords_and_cookies_out(
    log_output, monkeypatch, admin_user
):
    def database_gone(*args, **kwargs):
        raise RuntimeError("the database went away")

    monkeypatch.setattr(ModelBackend, "authenticate", database_gone)
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    client.cookies[settings.CSRF_COOKIE_NAME] = CSRF_TOKEN

    response = client.post(
        f"/admin/login/?next={quote(HOSTILE)}",
        {"username": "admin", "password": PASSWORD, "csrfmiddlewaretoken": CSRF_TOKEN},
    )

    assert response.status_code == 500
    text = log_output.getvalue()
    [line] = lines_of(response["X-Request-ID"], log_output)
    assert "ERROR django.request" in line and "Internal Server Error: /admin/login/" in line
    assert "RuntimeError: the database went away" in text  # the traceback follows the line
    for secret in (PASSWORD, session_key, CSRF_TOKEN, settings.SECRET_KEY):
        assert secret not in text
    assert_tidy(log_output)


def test_any_logger_gets_the_same_treatment(log_output):
    logging.getLogger("articles").warning("no article for %s", HOSTILE)

    [line] = log_output.getvalue().splitlines()
    assert "WARNING articles [-] no article for x\\n2024-01-01" in line
    assert_tidy(log_output)


@pytest.mark.slow
@pytest.mark.parametrize("debug", ["0", "1"])
def test_with_debug_on_or_off_django_logs_once_through_the_same_filters(debug):
    code = (
        "import django, logging; django.setup(); "
        f"logging.getLogger('django.request').warning('Not Found: %s', {HOSTILE!r})"
    )
    result = run(code, **(PRODUCTION | {"DJANGO_DEBUG": debug}))

    [line] = result.stderr.splitlines()
    assert "WARNING django.request [-] Not Found: x\\n2024-01-01" in line
    assert len(line) < 1000


def test_a_proxys_request_id_is_kept_only_when_it_looks_like_one():
    client = Client()
    kept = "lb-5f2a9c1e-0b7d-4e3a-9c55-2d1e8f6a7b90"
    assert client.get("/robots.txt", HTTP_X_REQUEST_ID=kept)["X-Request-ID"] == kept

    for hostile in ["short", "x" * 65, "abc12345\nforged", "abc12345 <script>", "../../etc/passwd"]:
        replaced = client.get("/robots.txt", HTTP_X_REQUEST_ID=hostile)["X-Request-ID"]
        assert re.fullmatch(r"[0-9a-f]{32}", replaced), hostile


def test_every_request_gets_an_id_of_its_own():
    client = Client()
    ids = {client.get("/robots.txt")["X-Request-ID"] for _ in range(3)}
    assert len(ids) == 3
