"""Browser: sign up (confirmed by the mailed link), log in as a coordinator, create a weekly program, see its sessions in
the user's own zone with the program's zone beside them (headless Debian chromium)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from echo.core.types import utcnow
from tests.factories import PASSWORD, make_user
from tests.helpers import open_confirm_link

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_signup_login_create_weekly_program(app, live_server, new_page):
    coordinator = make_user("Carmen Coordinator", email="carmen@example.org", timezone_name="America/New_York",
                            can_create_programs=True)  # a right admins grant
    server = live_server()
    page = new_page()

    # Sign up.
    page.goto(server.url + "/auth/signup")
    page.fill("#name", "Nora Newcomer")
    page.fill("#email", "nora@example.org")
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.select_option("#profession", "Nurse practitioner")
    page.select_option("#timezone", "America/Chicago")
    page.click("input[type=submit]")
    page.wait_for_url("**/auth/login**")
    assert "Check your inbox to finish signing up" in page.content()
    # The link from the mail confirms the address; then the new account logs in.
    open_confirm_link(page, server.url, "nora@example.org")
    assert "Your account is confirmed" in page.content()
    page.fill("#email", "nora@example.org")
    page.fill("#password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/home")
    assert "Welcome, Nora Newcomer" in page.content()
    page.click("button:has-text('Log out')")
    page.wait_for_url("**/auth/login")

    # Log in as a coordinator (time zone New York).
    page.fill("#email", coordinator.email)
    page.fill("#password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/home")

    # Create a weekly program: Tuesdays 12:00 in Denver.
    page.goto(server.url + "/programs")
    page.click("text=New program")
    first = (utcnow() + timedelta(days=14)).date()
    first += timedelta(days=(1 - first.weekday()) % 7)
    page.fill("#name", "Behavioral Health ECHO")
    page.fill("#topic", "Behavioral Health in Primary Care")
    page.fill("#video_url", "https://zoom.us/j/987654321")
    page.select_option("#timezone", "America/Denver")
    page.select_option("#frequency", "weekly")
    page.select_option("#weekday", "TU")
    page.fill("#first_date", first.isoformat())
    page.fill("#start_time", "12:00")
    page.fill("#duration_minutes", "60")
    page.fill("#until_date", (first + timedelta(weeks=5)).isoformat())
    page.click("input[type=submit]")
    page.wait_for_url("**/programs/*")
    assert page.locator("h1").first.inner_text().startswith("Behavioral Health ECHO")
    rows = page.locator("ul.sessions li")
    assert rows.count() == 6
    text = rows.first.inner_text()
    # Noon in Denver is 2 pm in New York, with the program's time beside it.
    assert "2:00 pm (your time, America/New_York) · 12:00 pm in the program's zone America/Denver" in text, text
    assert page.locator("text=Subscribe to calendar").count() == 1
    # The session page opens.
    rows.first.locator("a").click()
    page.wait_for_url("**/sessions/*")
    assert "12:00 pm in the program's zone America/Denver" in page.inner_text("main")
