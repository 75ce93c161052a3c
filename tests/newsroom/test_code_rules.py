"""Escaping is switched off, and SQL written by hand, only where the list below says why."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_CODE = [
    "articles",
    "caching",
    "readers",
    "distribution",
    "transfer",
    "desk",
    "newsroom",
    "templates",
]
SUFFIXES = {".py", ".html", ".jinja", ".txt", ".xml"}
RISKY = re.compile(
    r"\|\s*safe\b|\bmark_safe\(|\bSafeString\(|autoescape\s+off|\.raw\(|\.extra\(|RawSQL\(|"
    r"cursor\(\)|\.execute\("
)
# Each exception, with why it is safe.
ALLOWED = {
    # The article body, passed through the nh3 policy on the same line.
    "articles/html.py": 1,
    # JSON-LD with <, > and & escaped, as Django's json_script does.
    "distribution/templatetags/seo.py": 1,
    # Search snippets: the text is escaped, then only our own <mark> tags are added.
    "readers/search.py": 1,
    # Search results: the two halves of our own template's output around the snippet. And
    # the output of the Jinja2 partials (autoescaping, `readers/jinja.py`) as it is.
    "readers/templatetags/news.py": 2,
    # A body's embed figures replaced by placeholders: sanitized HTML and our own escaping
    # template's output (readers/embeds.py).
    "readers/embeds.py": 1,
    # The desk's version comparison: every part goes through format_html first.
    "desk/admin/history.py": 1,
    # Import: one parameterised INSERT per link table; names come from model metadata. And
    # ANALYZE of the tables an import fills, their names quoted from model metadata.
    "transfer/importers/save.py": 4,
    # Import: a run's own temporary SQLite file (not the site's database), fixed statements
    # with every value a parameter.
    "transfer/importers/spill.py": 8,
    # A replica's lag: one fixed statement of PostgreSQL's own functions, no parameters.
    "newsroom/replicas.py": 2,
    # The PostgreSQL search trigger, a fixed statement in a migration.
    "articles/migrations/0002_search_vector_postgresql.py": 2,
    # The trigger deriving the ranking vector too, and its backfill: fixed statements.
    "articles/migrations/0007_search_rank_vector.py": 3,
}


def findings():
    found = {}
    for folder in PROJECT_CODE:
        for path in (ROOT / folder).rglob("*"):
            if (
                path.suffix not in {".py", ".html", ".jinja", ".txt", ".xml"}
                or "__pycache__" in path.parts
            ):
                continue
            hits = RISKY.findall(path.read_text(encoding="utf-8"))
            if hits:
                found[str(path.relative_to(ROOT))] = len(hits)
    return found


def test_unescaped_output_and_hand_written_sql_appear_only_where_allowed():
    assert findings() == ALLOWED
