"""A search snippet never shows the same sentence twice, on either database.

The lead and the body's first paragraph are often the same sentence; a snippet is cut from
both. PostgreSQL's own snippets are in tests/readers/test_search_snippets_postgresql.py.
"""

import re

import pytest

from articles.models import Article
from readers.search import search, snippet_for
from tests.helpers import make_article

pytestmark = pytest.mark.django_db

LEAD = "Banjir merendam ribuan rumah di Jakarta Utara."


def results(words):
    return list(search(Article.objects.published(), words))


def text_of(snippet):
    """The words of a snippet: without <mark>, nor PostgreSQL's marks around matches."""
    return re.sub(r"</?mark>|[\ue000\ue001]", "", str(snippet))


def test_a_lead_that_is_the_first_paragraph_is_shown_once():
    make_article(
        title="Kabar pagi",
        lead=LEAD,
        body=f"<p>{LEAD}</p><p>Warga mengungsi ke masjid terdekat.</p>",
    )

    [found] = results("banjir warga")
    snippet = snippet_for(found.snippet_raw, "banjir warga")

    assert text_of(found.snippet_raw).count("Banjir merendam ribuan rumah") == 1
    assert text_of(snippet).count("Banjir merendam ribuan rumah") == 1
    assert "<mark>Warga</mark> mengungsi" in snippet


def test_a_lead_that_opens_the_first_paragraph_is_shown_once():
    make_article(
        title="Kabar siang",
        lead=LEAD,
        body=f"<p>{LEAD} Air setinggi satu meter.</p><p>Warga mengungsi.</p>",
    )

    [found] = results("warga")
    snippet = text_of(snippet_for(found.snippet_raw, "warga"))

    assert snippet.count("Banjir merendam ribuan rumah") == 1
    assert "Warga mengungsi" in snippet


def test_the_same_sentence_written_with_an_entity_is_shown_once():
    lead = "Banjir & longsor melanda Bogor."
    make_article(
        title="Kabar sore",
        lead=lead,
        body="<p>Banjir &amp; longsor melanda Bogor.</p><p>Warga mengungsi.</p>",
    )

    [found] = results("warga")
    snippet = text_of(snippet_for(found.snippet_raw, "warga"))

    assert snippet.count("Banjir &amp; longsor melanda Bogor.") == 1


def test_a_lead_of_its_own_is_shown_with_the_body_as_before():
    make_article(
        title="Kabar malam",
        lead="Ringkasan singkat.",
        body="<p>Cuaca cerah.</p><p>Para nelayan menyiapkan jaring.</p>",
    )

    [found] = results("nelayan")
    snippet = snippet_for(found.snippet_raw, "nelayan")

    assert text_of(snippet).startswith("Ringkasan singkat.")
    assert "<mark>nelayan</mark>" in snippet


def test_a_repeated_sentence_or_fragment_is_left_out_with_an_ellipsis_in_its_place():
    raw = f"{LEAD} … {LEAD} Warga mengungsi. ... Warga mengungsi. Bantuan tiba."

    assert text_of(snippet_for(raw, "warga")) == f"{LEAD} … Warga mengungsi. ... Bantuan tiba."


def test_a_title_before_a_name_ends_no_sentence():
    raw = "Menurut Dr. Budi, air naik. … Menurut Dr. Ani, air surut. H. Agus setuju."

    assert text_of(snippet_for(raw, "air")) == raw
