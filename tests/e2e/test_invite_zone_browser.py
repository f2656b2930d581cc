"""Browser: sign-up proposes the browser's time zone (and keeps the default without JavaScript);
a coordinator invites a pasted list plus a CSV file and reads the result for each address."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.programs.models import Invite
from tests.factories import PASSWORD, make_user
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _fill_signup(page, email: str) -> None:
    page.fill("#name", "Zoe Zone")
    page.fill("#email", email)
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.select_option("#profession", "Nurse practitioner")


def test_signup_proposes_browser_zone(app, live_server, new_page):
    server = live_server()
    page = new_page(timezone_id="Pacific/Auckland")
    page.goto(server.url + "/auth/signup")
    assert page.input_value("#timezone") == "Pacific/Auckland"
    assert "Proposed from this browser" in page.inner_text("#timezone-hint")
    # A form sent back with an error keeps the zone the person chose, not the browser's.
    _fill_signup(page, "zoe@example.org")
    page.select_option("#timezone", "America/Lima")
    page.fill("#confirm", "something else entirely")
    page.click("input[type=submit]")
    page.wait_for_selector(".error")
    assert page.input_value("#timezone") == "America/Lima"
    page.fill("#password", PASSWORD)
    page.fill("#confirm", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/auth/login**")
    assert "Check your inbox to finish signing up" in page.content()
    db.session.expire_all()
    assert db.session.scalar(select(User.timezone).where(User.email == "zoe@example.org")) == "America/Lima"

    # Accepted as proposed.
    other = new_page(timezone_id="Pacific/Auckland")
    other.goto(server.url + "/auth/signup")
    _fill_signup(other, "zack@example.org")
    other.click("input[type=submit]")
    other.wait_for_url("**/auth/login**")
    db.session.expire_all()
    assert db.session.scalar(select(User.timezone).where(User.email == "zack@example.org")) == "Pacific/Auckland"


def test_signup_without_javascript_keeps_default_zone(app, live_server, new_page):
    server = live_server()
    page = new_page(timezone_id="Pacific/Auckland", java_script_enabled=False)
    page.goto(server.url + "/auth/signup")
    assert page.input_value("#timezone") == "America/Denver"


def test_bulk_invite_shows_result_per_address(app, live_server, new_page, people):
    existing = make_user("Erin Existing", email="erin.existing@example.org")
    program = people.program
    server = live_server()
    page = new_page()
    browser_login(page, server.url, people.coordinator.email)
    page.goto(f"{server.url}/programs/{program.id}/members")
    page.fill("#addresses", f"new.person@example.org\n{people.learner.email}\nnot an address")
    page.set_input_files("#file", files=[{"name": "people.csv", "mimeType": "text/csv",
                                           "buffer": b"email,role,name\nerin.existing@example.org,specialist,Erin Existing\n"}])
    page.select_option("#invite-many select[name=role]", "learner")
    page.click("#invite-many button[type=submit], #invite-many input[type=submit]")
    page.wait_for_selector("#invite-results")
    status = page.inner_text("#invite-results [role=status]")
    assert status == ("1 invited; 1 invited with a notice to their existing account; 1 already a member; 1 invalid."), status
    rows = page.locator("#invite-results tbody tr")
    cells = [rows.nth(i).locator("td").all_inner_texts() for i in range(rows.count())]
    assert cells[0][:3] == ["new.person@example.org", "", "Learner"] and cells[0][3] == "Invited"
    assert cells[1][0] == people.learner.email and cells[1][3] == "Already a member"
    assert cells[2][0] == "not an address" and cells[2][3].startswith("Invalid address: ")
    assert cells[3][:3] == ["erin.existing@example.org", "Erin Existing", "Specialist (hub)"]
    assert cells[3][3] == "Invited; notice sent to their existing account"
    # The invalid words are back in the box to be corrected.
    assert page.input_value("#addresses") == "not an address"
    db.session.expire_all()
    assert db.session.scalar(select(Invite.role).where(Invite.email == "erin.existing@example.org")).value == "specialist"
    assert existing.id
