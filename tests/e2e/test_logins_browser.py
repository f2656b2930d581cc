"""Browser: logging out everywhere from the profile page (on one device) ends an open live board
on another device: the board reloads by itself onto the login page."""
from __future__ import annotations

import pytest

from tests.factories import live_session_on_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_log_out_everywhere_ends_an_open_board_elsewhere(app, people, live_server, new_page):
    session, _ = live_session_on_case(people)
    server = live_server()
    laptop, phone = new_page(), new_page()
    for page in (laptop, phone):
        browser_login(page, server.url, people.specialist.email)
    phone.goto(f"{server.url}/sessions/{session.id}/live")
    phone.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")

    laptop.goto(server.url + "/auth/profile")
    assert laptop.locator("ul.logins li").count() == 2 and laptop.locator("text=this device").count() == 1
    laptop.click("button:has-text('Log out everywhere')")
    laptop.wait_for_url("**/auth/login")

    phone.wait_for_url("**/auth/login**", timeout=15000)
    assert phone.locator("h1").inner_text() == "Log in"
