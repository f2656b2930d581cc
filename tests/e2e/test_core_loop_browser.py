"""Browser: the defects of the core loop as a clinic lives it, each as a person meets it: the
video button days early, a session started far from its time, a preselected category, the
notifications badge, duplicate agenda landmarks in the review queue, the missing icon."""
from __future__ import annotations

from datetime import timedelta

import pytest
from playwright.sync_api import expect

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import Recommendation
from echo.programs.clinic_session import ClinicSession, SessionStatus
from tests.factories import live_session_on_case, make_case, make_session, soon
from tests.helpers import axe_violations, browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _days_ahead(days: int = 5):
    return (utcnow() + timedelta(days=days)).replace(minute=0, second=0, microsecond=0)


def _connected(page):
    page.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")


def test_join_video_shows_only_from_twenty_minutes_before(app, people, live_server, new_page):
    far, near = make_session(people.program, starts_at=_days_ahead()), make_session(people.program, starts_at=soon(10))
    base = live_server().url
    page = new_page()
    browser_login(page, base, people.participant.email)

    page.goto(f"{base}/sessions/{far.id}")
    expect(page.locator(".join-later")).to_be_visible()
    expect(page.locator(".join-button")).to_be_hidden()

    page.goto(f"{base}/sessions/{near.id}")
    expect(page.locator(".join-button")).to_be_visible()
    expect(page.locator(".join-later")).to_be_hidden()


def test_a_session_days_ahead_is_moved_to_now_when_started(app, people, live_server, new_page):
    ahead = _days_ahead()
    session = make_session(people.program, starts_at=ahead)
    make_case(people.program, people.participant, CaseState.accepted, session, agenda_position=1)
    base = live_server().url
    coord = new_page()
    browser_login(coord, base, people.coordinator.email)
    coord.goto(f"{base}/sessions/{session.id}/live")
    _connected(coord)

    expect(coord.locator("#start-far")).to_contain_text("Starting it now moves it to now")
    start = coord.locator("[data-action=start_session]")
    expect(start).to_have_text("Move to now and start")
    start.click()
    expect(coord.locator("#session-status")).to_have_text("live")
    expect(coord.locator("#start-far")).to_be_hidden()
    db.session.expire_all()
    s = db.session.get(ClinicSession, session.id)
    assert s.status == SessionStatus.live and s.starts_at != ahead and s.starts_at <= s.started_at
    assert s.started_at - s.starts_at < timedelta(minutes=1)


def test_a_spoke_suggestion_has_no_category_until_chosen(app, people, live_server, new_page):
    session, case = live_session_on_case(people)
    base = live_server().url
    page = new_page()
    browser_login(page, base, people.participant.email)
    page.goto(f"{base}/sessions/{session.id}/live")
    _connected(page)

    select = page.locator(f"#r-cat-{case.id}")
    assert select.input_value() == ""
    page.fill(f"#r-text-{case.id}", "Ask about the cost of the medication.")
    page.click(f"#case-{case.id} form[data-post=post_recommendation] button[type=submit]")
    expect(page.locator(f"#recommend-{case.id} .form-findings")).to_contain_text("Choose a category.")
    assert db.session.query(Recommendation).count() == 0
    assert page.locator(f"#r-text-{case.id}").input_value() == "Ask about the cost of the medication."

    select.select_option("other")
    page.click(f"#case-{case.id} form[data-post=post_recommendation] button[type=submit]")
    expect(page.locator(f"#case-{case.id} .recs")).to_contain_text("Ask about the cost of the medication.")
    db.session.expire_all()
    assert [r.category for r in db.session.query(Recommendation)] == ["other"]
    assert select.input_value() == ""  # the next one is not filed under this one's category


def test_the_notifications_badge_clears_once_they_are_read(app, people, live_server, new_page):
    from echo.accounts.notify import add_notification

    for n in range(2):
        add_notification(people.participant, "case_accepted", f"Your case #{n + 1} was accepted onto the agenda.")
    db.session.commit()
    base = live_server().url
    page = new_page()
    browser_login(page, base, people.participant.email)
    badge = page.locator("header .badge")
    expect(badge).to_have_text("2")

    page.click("header >> text=Notifications")
    expect(page.locator("h1")).to_have_text("Notifications")
    expect(page.locator("li.unread")).to_have_count(2)  # what was new is shown as new this once
    expect(badge).to_have_count(0)
    page.goto(f"{base}/home")
    expect(badge).to_have_count(0)
    page.goto(f"{base}/notifications")
    expect(page.locator("li.unread")).to_have_count(0)


def test_review_queue_agendas_have_unique_names(app, people, live_server, new_page):
    for days in (3, 10):
        make_session(people.program, starts_at=_days_ahead(days))
    base = live_server().url
    page = new_page()
    browser_login(page, base, people.coordinator.email)
    page.goto(f"{base}/cases/program/{people.program.id}/queue")
    expect(page.locator("section.agenda")).to_have_count(2)
    assert axe_violations(page, rules=["landmark-unique"]) == []


def test_every_page_has_an_icon(app, people, live_server, new_page):
    base = live_server().url
    page = new_page()
    missing = []
    page.on("response", lambda r: missing.append(r.url) if r.status == 404 else None)
    browser_login(page, base, people.participant.email)
    page.goto(f"{base}/programs/{people.program.id}")
    icon = page.locator("link[rel=icon]").get_attribute("href")
    assert icon.startswith("data:image/svg+xml,%3Csvg")  # inside the page: no request of its own
    assert page.evaluate("""src => new Promise(done => { const i = new Image(); i.onload = () => done(i.naturalWidth > 0);
                                                           i.onerror = () => done(false); i.src = src; })""", icon)
    assert page.request.get(f"{base}/favicon.ico").status == 200  # followed to the same icon
    assert missing == []
