"""Two app servers behind Varnish, sharing PostgreSQL and Redis (the `cluster` fixture): an
edit made through one is what readers get at once from the other and from Varnish, and one
server stopped under load costs readers nothing. PostgreSQL only: gunicorn's workers must
read the test database."""

import re
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from http.cookies import SimpleCookie
from urllib.parse import urlencode

import pytest
from django.test import Client

from tests.desk_helpers import article_form_data, change_url, make_editor
from tests.helpers import make_article
from tests.servers import POSTGRESQL
from tests.varnish import request, within_a_second

pytestmark = [
    pytest.mark.slow,  # gunicorn twice, varnishd
    pytest.mark.skipif(not POSTGRESQL, reason="gunicorn can open the test database only there"),
]


def desk_session():
    """The Cookie header of a logged-in editor (sessions are in the shared database)."""
    desk = Client()
    desk.force_login(make_editor())
    return f"sessionid={desk.cookies['sessionid'].value}"


def edit_through(base, article, session, **fields):
    """Change `article` in the desk of the app server at `base`, as an editor's browser does:
    the change form first (its CSRF cookie and token), then the form posted."""
    form = request(base, change_url(article), headers={"Cookie": session})
    assert form.status == 200, form.text[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    cookie = SimpleCookie(form.headers["Set-Cookie"])["csrftoken"].value
    body = urlencode(
        article_form_data(article, csrfmiddlewaretoken=token, **fields), doseq=True
    ).encode()
    posted = urllib.request.Request(
        base + change_url(article),
        data=body,
        headers={
            "Cookie": f"{session}; csrftoken={cookie}",
            "Content-Type": "application/x-www-form-urlencoded",
        },
        method="POST",
    )

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args):
            return None

    try:
        urllib.request.build_opener(NoRedirect).open(posted, timeout=30)
    except urllib.error.HTTPError as answer:
        assert answer.code == 302, answer.read().decode()[:2000]
    else:
        pytest.fail("the desk did not save the change")


def test_an_edit_through_one_app_server_is_seen_through_the_other_and_varnish(cluster):
    first, second = cluster.servers
    story = make_article(title="Harga Beras Naik di Pasar Cipinang")
    address = story.get_absolute_url()
    # Kept everywhere: in Redis by the second server, and by Varnish.
    for _ in range(2):
        assert "Harga Beras Naik" in request(second, address).text
    assert [cluster.edge.get(address).cache for _ in range(2)] == ["MISS", "HIT"]

    edit_through(first, story, desk_session(), title="Harga Beras Turun di Pasar Cipinang")

    # The second server's next answer is the new one: the change moved the keys in Redis and
    # was announced to every process before the save returned.
    page = request(second, address)
    assert page.status == 200
    assert "Harga Beras Turun" in page.text and "Harga Beras Naik" not in page.text
    # Varnish forgot the page as soon as the first server's purge came (after the commit).
    assert within_a_second(lambda: "Harga Beras Turun" in cluster.edge.get(address).text)
    assert "Harga Beras Turun" in request(first, address).text


def test_an_app_server_stopped_under_load_costs_readers_nothing(cluster):
    stories = [make_article(title=f"Banjir Rob Pesisir Utara {n}") for n in range(4)]
    answers, lock, stop = Counter(), threading.Lock(), threading.Event()

    def reader(number):
        story = stories[number]
        for turn in range(100_000):
            if stop.is_set():
                return
            # A new address each time (an unused parameter): each one reaches an app server.
            answer = cluster.edge.get(f"{story.get_absolute_url()}?baca={number}-{turn}")
            with lock:
                answers[answer.status, story.title in answer.text] += 1

    readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
    for thread in readers:
        thread.start()
    try:
        wait_for(lambda: sum(answers.values()) >= 40, "the first answers")
        cluster.stop[1]()  # the second app server stops (its requests in flight answered)
        stopped_at = sum(answers.values())
        wait_for(lambda: cluster.edge.backend_health("web2") == "sick", "the probe noticing")
        wait_for(lambda: sum(answers.values()) >= stopped_at + 60, "answers after the stop")
    finally:
        stop.set()
        for thread in readers:
            thread.join()
    assert set(answers) == {(200, True)}, answers


def wait_for(condition, what, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.05)
    pytest.fail(f"{what}: not within {seconds} seconds")
