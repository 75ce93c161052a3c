"""Plain text from article HTML, as leads, feeds and search snippets show it."""

import pytest

from articles.html import strip_tags


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("Harga  cabai\n turun ", "Harga cabai turun"),
        ("<p>Satu</p><p>Dua</p>", "Satu Dua"),
        ("AT&amp;T &lt;b&gt; naik", "AT&T <b> naik"),
        ("Rp 5.000 & naik", "Rp 5.000 & naik"),
        ("Nilai a < b", "Nilai a < b"),
        ("<script>alert(1)</script>Aman", "Aman"),
        ("", ""),
        (None, ""),
    ],
)
def test_plain_text_keeps_words_apart_and_drops_markup(markup, text):
    assert strip_tags(markup) == text
