"""Browser: the case form's Save and Submit buttons work when nothing changed since the page
opened (a finished draft reopened; right after dismissing the last privacy finding), which is
when a clinician most often submits."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from echo.cases.models import Case, CaseState
from echo.core.extensions import db
from tests.factories import make_clean_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _stored(case_id: int) -> Case:
    db.session.expire_all()
    return db.session.get(Case, case_id)


def _open_edit(new_page, base, people, case):
    page = new_page()
    browser_login(page, base, people.participant.email)
    page.goto(f"{base}/cases/{case.id}/edit")
    expect(page.locator("#autosave-status")).to_contain_text("Autosave is on")
    expect(page.locator("#privacy-status")).not_to_contain_text("Checking", timeout=10000)
    return page


def test_a_reopened_finished_draft_saves_and_submits_without_a_change(app, people, live_server, new_page):
    case = make_clean_case(people.program, people.participant)
    base = live_server().url
    page = _open_edit(new_page, base, people, case)

    page.click("button[value=save]")
    expect(page.locator(".flash-success")).to_contain_text("Draft saved")
    assert _stored(case.id).state == CaseState.draft

    page.click("button[value=submit]")
    expect(page.locator(".flash-success")).to_contain_text(f"Case #{case.id} submitted")
    assert _stored(case.id).state == CaseState.submitted


def test_submit_right_after_dismissing_the_last_finding(app, people, live_server, new_page):
    case = make_clean_case(people.program, people.participant, narrative="Seen by Dr. Maria Gonzalez for low mood.")
    base = live_server().url
    page = _open_edit(new_page, base, people, case)

    item = page.locator("#privacy-list li", has_text="Maria Gonzalez")
    item.locator("input[name=reason]").fill("Invented name in a teaching case")
    item.locator("button", has_text="Dismiss with reason").click()
    expect(page.locator("#privacy-status")).to_contain_text("No unresolved")

    page.click("button[value=submit]")
    expect(page.locator(".flash-success")).to_contain_text(f"Case #{case.id} submitted")
    assert _stored(case.id).state == CaseState.submitted
