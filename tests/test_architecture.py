"""The house's rules (docs/architecture.md), read from the code itself.

Each app of ours may import only the apps listed for it: the content model imports none of
the others, and nothing imports the desk. No module of ours grows past 400 lines.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# Each app, and the apps of ours it may import (besides itself).
MAY_IMPORT = {
    "articles": set(),
    "caching": {"articles", "newsroom"},
    "readers": {"articles", "caching"},
    "distribution": {"articles", "caching"},
    "transfer": {"articles", "caching"},
    "desk": {"articles", "caching"},
    # The public API: the readers' filters, search and lists; the client's address.
    "api": {"articles", "caching", "readers", "newsroom"},
    # The project: settings, URLs, request plumbing. URLs are included by name, not imported.
    "newsroom": set(),
}
LONGEST_MODULE = 400


def modules(app):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def imported_apps(path):
    """The apps of ours that the module at `path` imports, with the line of each import."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in MAY_IMPORT:
                found.append((top, node.lineno))
    return found


@pytest.mark.parametrize("app", MAY_IMPORT)
def test_each_app_imports_only_what_it_may(app):
    wrong = [
        f"{path.relative_to(ROOT)}:{line} imports {other}"
        for path in modules(app)
        for other, line in imported_apps(path)
        if other != app and other not in MAY_IMPORT[app]
    ]
    assert wrong == []


def test_no_module_is_longer_than_the_house_allows():
    long = [
        f"{path.relative_to(ROOT)}: {lines} lines"
        for app in [*MAY_IMPORT, "tests", "bench"]
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
        and (lines := len(path.read_text().splitlines())) > LONGEST_MODULE
    ]
    assert long == []
