"""Browser: a coordinator finds the review queue from the navigation and what waits from home;
a presenter goes from home to the summary on the case page."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.clinic_session import SessionStatus
from echo.summaries.operations import do_send_summary
from tests.factories import make_case, make_session
from tests.helpers import axe_violations, browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _axe_clean(page):
    assert axe_violations(page) == []


def test_coordinator_goes_from_home_to_the_queue_and_the_summary(app, people, live_server, new_page):
    p = people.program
    ended = make_session(p, starts_at=utcnow() - timedelta(days=1), status=SessionStatus.ended)
    presented = make_case(p, people.participant, CaseState.presented, ended, agenda_position=1, title="Low mood")
    waiting = make_case(p, people.participant, CaseState.submitted, title="Pain taper")
    base = live_server().url
    page = new_page()
    browser_login(page, base, people.coordinator.email)
    expect(page.locator(".todo")).to_contain_text("1 case to review")
    _axe_clean(page)

    page.click("nav >> text=Review")
    expect(page.locator("h1")).to_contain_text("Review queue")
    expect(page.locator(f"#queue-case-{waiting.id}")).to_be_visible()

    page.goto(f"{base}/home")
    page.click(f"text=Write the summary of case #{presented.id}")
    expect(page).to_have_url(f"{base}/live/cases/{presented.id}/summary")


def test_presenter_reads_the_summary_on_the_case_page(app, people, live_server, new_page):
    p = people.program
    ended = make_session(p, starts_at=utcnow() - timedelta(days=1), status=SessionStatus.ended)
    case = make_case(p, people.participant, CaseState.presented, ended, agenda_position=1, title="Low mood")
    do_send_summary(case, people.coordinator, "Switch to venlafaxine; recheck the PHQ-9 in four weeks.", "")
    db.session.commit()
    base = live_server().url
    page = new_page()
    browser_login(page, base, people.participant.email)
    page.click(f"text=Summary of case #{case.id}: Low mood")
    expect(page.locator("#summary")).to_contain_text("recheck the PHQ-9 in four weeks")
    _axe_clean(page)
