"""What the templates say to their next reader (comments) never reaches the site's readers.

Django's `{# #}` comment ends at the end of its line: one written over two lines is printed.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_no_template_comment_runs_over_a_line():
    spread = [
        f"{path.relative_to(TEMPLATES)}:{text[: match.start()].count(chr(10)) + 1}"
        for path in sorted(TEMPLATES.rglob("*.html"))
        for text in [path.read_text()]
        for match in re.finditer(r"\{#(?:(?!#\}).)*$", text, re.MULTILINE)
    ]
    assert spread == []


def test_a_list_page_shows_no_comment_of_its_template(client, db):
    page = client.get("/berita/?q=cabai").content.decode()
    assert "{#" not in page and "Written out rather than" not in page
