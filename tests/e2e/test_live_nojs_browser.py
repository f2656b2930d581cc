"""Browser, JavaScript off: a specialist posts a recommendation with the plain HTML form and
sees it after the redirect; the presenter's JavaScript board shows it live. A post held by the
privacy guard comes back with the text kept. The board's attendance frame counts the
specialist present, and the presenter's board shows them."""
from __future__ import annotations

import pytest

from tests.factories import live_session_on_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_recommendation_posted_without_javascript(app, people, live_server, new_page):
    session, case = live_session_on_case(people)
    server = live_server()
    board = f"{server.url}/sessions/{session.id}/live"

    presenter = new_page()  # JavaScript on
    browser_login(presenter, server.url, people.participant.email)
    presenter.goto(board)
    presenter.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    assert presenter.locator(".nojs-refresh").count() == 0  # the no-JS parts are gone
    assert presenter.is_visible("#conn-status")

    spec = new_page(java_script_enabled=False, viewport={"width": 390, "height": 844})  # an old phone
    browser_login(spec, server.url, people.specialist.email)
    spec.goto(board)
    assert spec.is_visible("noscript p.flash-warning")  # (text= selectors skip noscript)
    assert spec.is_hidden("#conn-status")
    # No socket, yet present: the attendance frame counts the specialist, and the JavaScript
    # board's list of who is present shows them.
    frame = spec.frame_locator("iframe.attendance-frame")
    frame.locator("text=Your attendance is being recorded").wait_for()
    presenter.wait_for_selector(f"#present >> text={people.specialist.name}")

    # Held by the privacy guard: the page comes back with the text and the finding.
    spec.select_option(f"#r-cat-{case.id}", "monitoring")
    spec.fill(f"#r-text-{case.id}", "Call her on 505-555-0142 next week.")
    spec.click(f"#recommend-{case.id} button[type=submit]:has-text('Post')")
    spec.wait_for_selector(f"#recommend-{case.id} mark >> text=505-555-0142")
    assert spec.input_value(f"#r-text-{case.id}") == "Call her on 505-555-0142 next week."
    assert spec.input_value(f"#r-cat-{case.id}") == "monitoring"

    # Fixed and posted: redirected to the board, which shows it; the JavaScript board gets it live.
    spec.fill(f"#r-text-{case.id}", "Phone check-in next week; recheck the PHQ-9 in four weeks.")
    spec.click(f"#recommend-{case.id} button[type=submit]:has-text('Post')")
    spec.wait_for_selector("text=Your recommendation was posted.")
    assert "?case=" in spec.url and spec.input_value(f"#r-text-{case.id}") == ""
    spec.wait_for_selector(f"#recs-{case.id} > li >> text=Phone check-in next week")
    assert "Monitoring" in spec.inner_text(f"#recs-{case.id}")
    presenter.wait_for_selector(f"#recs-{case.id} > li >> text=Phone check-in next week")
    assert "505-555-0142" not in presenter.content()
    texts = presenter.eval_on_selector_all(f"#recs-{case.id} > li .text", "els => els.map(e => e.textContent)")
    assert texts == ["Phone check-in next week; recheck the PHQ-9 in four weeks."]  # once, not twice
    # Reloaded, the JavaScript board replaces the server-rendered item instead of adding a second.
    presenter.reload()
    presenter.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    assert presenter.locator(f"#recs-{case.id} > li").count() == 1
    assert presenter.locator(f"#recs-{case.id} form").count() == 0  # its no-JS forms went with it
    # Nothing overflows sideways at phone width.
    assert spec.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")


def test_coordinator_facilitates_without_javascript(app, people, live_server, new_page):
    """The coordinator's browser has JavaScript off: start, a phase, end (with its tick box).
    The presenter's JavaScript board follows each step live."""
    from echo.cases.models import CaseState
    from tests.factories import make_case, make_session, soon

    program = people.program
    session = make_session(program, starts_at=soon())
    make_case(program, people.participant, CaseState.accepted, session, agenda_position=1)
    server = live_server()
    board = f"{server.url}/sessions/{session.id}/live"

    presenter = new_page()
    browser_login(presenter, server.url, people.participant.email)
    presenter.goto(board)
    presenter.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")

    coord = new_page(java_script_enabled=False, viewport={"width": 390, "height": 844})
    browser_login(coord, server.url, people.coordinator.email)
    coord.goto(board)
    coord.click("#facilitator-nojs button:has-text('Start the session')")
    coord.wait_for_selector("text=The session is live.")
    presenter.wait_for_function("() => document.getElementById('session-status').textContent === 'live'")
    coord.click("#facilitator-nojs button:has-text('Clarifying questions')")
    coord.wait_for_selector("text=Now: Clarifying questions.")
    presenter.wait_for_function("() => document.getElementById('current-phase').textContent === 'Clarifying questions'")
    # End needs the tick box: the browser itself refuses the form without it.
    coord.click("#facilitator-nojs button:has-text('End the session')")
    assert "/live" in coord.url and coord.locator("text=The session has ended.").count() == 0
    coord.check("#facilitator-nojs input[name=confirm]")
    coord.click("#facilitator-nojs button:has-text('End the session')")
    coord.wait_for_selector("text=The session has ended.")
    presenter.wait_for_function("() => document.getElementById('session-status').textContent === 'ended'")
    assert coord.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
