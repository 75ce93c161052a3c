"""Every kind of page readers see passes the Nu HTML Checker (vnu.jar) with no error: in
Indonesian and English, rendered afresh and made of kept fragments."""

import pytest
from django.test import Client

from tests.browser.helpers import build_checked_site

pytestmark = pytest.mark.django_db


def rendered(pages, client):
    documents = {}
    for name, (url, status) in pages.items():
        response = client.get(url)
        assert response.status_code == status, name
        documents[name] = response.content
    return documents


def test_the_checker_reports_what_is_invalid(nu_checker):
    page = (
        b'<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Uji</title></head>'
        b'<body><form action=""></form><time datetime="2026-12-03T09:30:00.123456+07:00">'
        b"kemarin</time></body></html>"
    )
    [(name, errors)] = nu_checker({"broken": page}).items()
    assert name == "broken"
    assert len(errors) == 2
    assert "action" in errors[0]
    assert "datetime" in errors[1]


def test_every_page_type_is_valid_html(nu_checker, settings):
    pages = build_checked_site()
    documents = rendered(pages, Client())
    english = Client()
    english.cookies["django_language"] = "en"
    documents |= {f"{name}, English": html for name, html in rendered(pages, english).items()}
    # With the fragment caches on, as in production: the second round is made of kept parts.
    settings.NEWSROOM_FRAGMENT_CACHE_SECONDS = 300
    kept = Client()
    rendered(pages, kept)
    documents |= {f"{name}, kept": html for name, html in rendered(pages, kept).items()}

    errors = nu_checker(documents)
    assert errors == {}, "\n".join(
        f"{name}: {line}" for name, lines in errors.items() for line in lines
    )
