"""Steps shared by the browser tests."""

from __future__ import annotations

from tests.factories import PASSWORD


def log_in(page, base, email, password=PASSWORD):
    """Sign in through the login page and wait for the home page."""
    page.goto(base + "/login")
    page.fill("#email", email)
    page.fill("#password", password)
    page.get_by_role("button", name="Accedi").click()
    page.wait_for_url(base + "/")
