"""The API's documentation works in a browser under the site's strict CSP, from our files."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_api_documentation_renders_every_operation_without_a_policy_violation(page):
    problems, requests = [], []
    page.on("console", lambda message: problems.append(message.text))
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))

    page.goto("/api/v1/docs/")
    page.get_by_text("/api/v1/articles/{id}/ninjs/").first.wait_for(timeout=20_000)
    assert page.get_by_text("/api/v1/most-read/").first.is_visible()

    violations = [text for text in problems if "Content Security Policy" in text]
    assert violations == []
    base = page.url.split("/api/")[0]
    assert all(url.startswith((base, "data:")) for url in requests), requests
