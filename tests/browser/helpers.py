"""Helpers of the browser journeys: the desk's login form, and the console's complaints."""

PASSWORD = "rahasia-uji-123"  # what tests.desk_helpers gives every staff member


def watch_console(page):
    """Collect what the browser refuses under our Content Security Policy."""
    page.csp_errors = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and page.csp_errors.append(message.text)
        ),
    )
    return page


def log_in(page, username):
    page.goto("/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/admin/")
