"""The OpenAPI schema, its documentation page, and schemathesis against a live server."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client

from api.throttling import ClientAddressThrottle

SCHEMATHESIS = Path(sys.executable).with_name("schemathesis")


@pytest.mark.django_db
def test_the_schema_is_openapi_3_and_names_every_endpoint():
    response = Client().get("/api/v1/schema/")
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/articles/", "/api/v1/articles/{id}/ninjs/", "/api/v1/most-read/"} <= set(
        schema["paths"]
    )
    listed = schema["paths"]["/api/v1/articles/"]["get"]
    names = {parameter["name"] for parameter in listed["parameters"]}
    assert {"q", "rubrik", "tag", "sumber", "penulis", "dari", "sampai", "cursor", "limit"} <= names
    assert {"200", "400", "429"} <= set(listed["responses"])


@pytest.mark.django_db
def test_the_documentation_comes_from_our_own_files_under_the_strict_policy():
    response = Client().get("/api/v1/docs/")
    assert response.status_code == 200
    page = response.content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', page)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", page), "an inline script"
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    for source in sources:  # each one a file of ours (WhiteNoise serves them in production)
        if source.startswith("/static/"):
            assert finders.find(source.removeprefix("/static/")), source
        else:
            assert Client().get(source).status_code == 200, source


def test_schemathesis_finds_no_failure(live_server, newsroom, monkeypatch, tmp_path):
    # Schemathesis asks thousands of times from one address: the limit is tested elsewhere.
    monkeypatch.setattr(ClientAddressThrottle, "THROTTLE_RATES", {"api": "100000/min"})
    run = subprocess.run(
        [
            str(SCHEMATHESIS),
            "run",
            f"{live_server.url}/api/v1/schema/",
            "--max-examples",
            "20",
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--seed",
            "26",
            "--request-timeout",
            "10",
            "--exclude-checks",
            "positive_data_acceptance",
            "--no-color",
        ],
        capture_output=True,
        text=True,
        timeout=240,
        cwd=tmp_path,  # where it keeps its cache of what failed
    )
    summary = [line for line in run.stdout.splitlines() if re.search(r"\d+ generated", line)]
    print(*summary, sep="\n")
    assert run.returncode == 0, run.stdout[-6000:] + run.stderr[-2000:]
