"""PostgreSQL's snippets (ts_headline) never show the lead twice when the body opens with it."""

import re

import pytest
from django.db import connection

from articles.models import Article
from readers.search import search, snippet_for
from tests.helpers import make_article

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="ts_headline is PostgreSQL's"),
]

LEAD = "Nelayan Muncar kembali melaut setelah badai reda."


def snippet(words):
    [found] = search(Article.objects.published(), words)
    text = re.sub(r"</?mark>", "", str(snippet_for(found.snippet_raw, words)))
    return found.snippet_raw, text


def test_a_body_opening_with_the_lead_is_highlighted_alone():
    make_article(
        title="Kabar pesisir",
        lead=LEAD,
        body=f"<p>{LEAD}</p><p>Para nelayan menyiapkan jaring sejak subuh.</p>",
    )

    raw, text = snippet("nelayan jaring")

    assert raw.count("Muncar") == 1
    assert text.count("Muncar kembali melaut") == 1
    assert "jaring" in text


def test_two_fragments_of_one_sentence_are_not_both_shown():
    # The body writes the lead's “&” as an entity: the body no longer starts with the lead, so
    # both are highlighted, and the snippet leaves the second copy out.
    make_article(
        title="Kabar pesisir",
        lead="Nelayan & petani Muncar kembali bekerja setelah badai reda.",
        body=(
            "<p>Nelayan &amp; petani Muncar kembali bekerja setelah badai reda.</p>"
            "<p>Para nelayan menyiapkan jaring sejak subuh.</p>"
        ),
    )

    _raw, text = snippet("nelayan jaring")

    assert text.count("petani Muncar kembali bekerja") == 1
    assert "jaring" in text


def test_a_lead_holding_every_word_is_still_the_whole_snippet():
    make_article(title="Kabar pesisir", lead=LEAD, body=f"<p>{LEAD}</p><p>Ombak tenang.</p>")

    _raw, text = snippet("nelayan")

    assert text.startswith("Nelayan Muncar kembali melaut setelah badai reda")
    assert "Ombak" not in text
