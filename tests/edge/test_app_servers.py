"""Several app servers behind deploy/varnish/newsroom.vcl: requests spread over them, and one
lost costs readers nothing (another is asked at once, and the probe soon stops sending it
any). On stand-in backends (tests/varnish.py), so on SQLite too; tests/edge/test_cluster.py
does it with the real site."""

import subprocess
import threading
from collections import Counter

import pytest

from tests.varnish import BACKENDS, VCL, StandInSite, varnish, varnishd_program

pytestmark = pytest.mark.slow  # varnishd

# Not kept by Varnish: each request reaches an app server. A connection per request, as
# gunicorn's sync workers do, so that a server stopped is a server gone (no kept connection
# to it still answering).
FRESH = (200, {"Connection": "close"}, "fresh from an app server")


@pytest.fixture
def two_stand_ins():
    sites = [StandInSite(), StandInSite()]
    for site in sites:
        site.pages = {f"/berita/{n}/": FRESH for n in range(200)}
    yield sites
    for site in sites:
        site.stop()


def test_the_shipped_backends_example_compiles_with_the_vcl(tmp_path):
    program = varnishd_program()
    (tmp_path / "newsroom.vcl").write_text(VCL.read_text())
    (tmp_path / "backends.vcl").write_text(BACKENDS.read_text())
    result = subprocess.run(
        [program, "-C", "-j", "none", "-n", str(tmp_path / "work"), "-p", f"vcl_path={tmp_path}",
         "-f", str(tmp_path / "newsroom.vcl")],
        capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr


def test_requests_are_spread_over_every_app_server(two_stand_ins, tmp_path):
    with varnish([site.port for site in two_stand_ins], tmp_path) as edge:
        answers = Counter(edge.get(f"/berita/{n}/").status for n in range(40))
    assert answers == {200: 40}
    served = [sum(site.served.values()) for site in two_stand_ins]
    assert served == [20, 20]


def test_an_app_server_lost_under_load_costs_readers_nothing(two_stand_ins, tmp_path):
    first, second = two_stand_ins
    answers, lock, stop = Counter(), threading.Lock(), threading.Event()

    def reader(number):
        turn = 0
        while not stop.is_set():
            answer = edge.get(f"/berita/{(number * 50 + turn) % 200}/")
            with lock:
                answers[answer.status, answer.text == FRESH[2]] += 1
            turn += 1

    with varnish([first.port, second.port], tmp_path) as edge:
        readers = [threading.Thread(target=reader, args=(n,)) for n in range(4)]
        for thread in readers:
            thread.start()
        try:
            wait_for_answers(answers, lock, 100)
            first.stop()  # as a crashed app server: nothing listens any more
            lost_at = sum(answers.values())
            wait_for_answers(answers, lock, lost_at + 300)
            assert wait_for_sick(edge, "web1")  # the probe noticed, within seconds
            after_sick = sum(answers.values())
            wait_for_answers(answers, lock, after_sick + 100)
        finally:
            stop.set()
            for thread in readers:
                thread.join()
    assert set(answers) == {(200, True)}, answers
    assert sum(second.served.values()) > 300


def wait_for_answers(answers, lock, count, seconds=60):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        with lock:
            if sum(answers.values()) >= count:
                return
        time.sleep(0.05)
    pytest.fail(f"not {count} answers within {seconds} seconds: {answers}")


def wait_for_sick(edge, name, seconds=15):
    import time

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if edge.backend_health(name) == "sick":
            return True
        time.sleep(0.1)
    return False
