"""Browser: a specialist posts a recommendation and the presenter's board shows it without a
reload; the presenter's connection drops and comes back, and nothing is missing or doubled."""
from __future__ import annotations

import pytest
from playwright.sync_api import expect

from echo.cases.models import CaseState
from echo.core.extensions import db
from tests.factories import live_session_on_case, make_case, make_session
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def login(page, base, user):
    browser_login(page, base, user.email)


def open_board(page, base, session_id):
    page.goto(f"{base}/sessions/{session_id}/live")
    page.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")


def post_recommendation(page, case_id, text, category="medication"):
    page.select_option(f"#r-cat-{case_id}", category)
    page.fill(f"#r-text-{case_id}", text)
    page.click(f"#case-{case_id} form[data-post=post_recommendation] button[type=submit]")


def test_recommendation_appears_live_and_survives_a_dropped_connection(app, people, live_server, new_page):
    session, case = live_session_on_case(people)
    server = live_server()

    presenter = new_page(viewport={"width": 390, "height": 844})  # phone width
    specialist = new_page()
    login(presenter, server.url, people.participant)
    login(specialist, server.url, people.specialist)
    open_board(presenter, server.url, session.id)
    open_board(specialist, server.url, session.id)

    recs = f"#recs-{case.id} > li"
    post_recommendation(specialist, case.id, "Switch to venlafaxine 75 mg daily.")
    presenter.wait_for_selector(f"{recs} >> text=Switch to venlafaxine 75 mg daily.")
    assert presenter.eval_on_selector("#announcer", "e => e.textContent").find("venlafaxine") >= 0
    # Nothing overflows sideways at phone width.
    assert presenter.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")

    # The presenter's connection drops.
    presenter.context.set_offline(True)
    presenter.evaluate("window.echoLive.socket.io.engine.close()")
    presenter.wait_for_function("() => !window.echoLive.socket.connected")
    # Meanwhile: two more recommendations, and the presenter writes a suggestion while offline.
    post_recommendation(specialist, case.id, "Recheck the PHQ-9 in four weeks.", "monitoring")
    specialist.wait_for_selector(f"{recs} >> text=Recheck the PHQ-9 in four weeks.")
    post_recommendation(specialist, case.id, "Refer for CBT if no response.", "referral")
    specialist.wait_for_selector(f"{recs} >> text=Refer for CBT if no response.")
    post_recommendation(presenter, case.id, "Spoke idea: add a sleep diary.", "behavioural")
    assert presenter.evaluate("window.echoLive.pending().length") == 1
    assert "waiting to be sent" in presenter.inner_text("#conn-status")

    # It comes back: the missed posts are replayed, the pending one is sent once.
    presenter.context.set_offline(False)
    presenter.wait_for_selector(f"{recs} >> text=Refer for CBT if no response.", timeout=30000)
    presenter.wait_for_selector(f"{recs} >> text=Spoke idea: add a sleep diary.")
    specialist.wait_for_selector(f"{recs} >> text=Spoke idea: add a sleep diary.")
    presenter.wait_for_function("() => window.echoLive.pending().length === 0")
    expected = ["Switch to venlafaxine 75 mg daily.", "Recheck the PHQ-9 in four weeks.", "Refer for CBT if no response.",
                "Spoke idea: add a sleep diary."]
    for page in (presenter, specialist):
        texts = page.eval_on_selector_all(f"{recs} .text", "els => els.map(e => e.textContent)")
        assert texts == expected
    assert presenter.evaluate("window.echoLive.lastSeq()") == specialist.evaluate("window.echoLive.lastSeq()")


def test_facilitation_privacy_hold_and_consensus(app, people, live_server, new_page):
    program = people.program
    session = make_session(program)
    case = make_case(program, people.participant, CaseState.accepted, session, agenda_position=1)
    server = live_server()
    coord, part = new_page(), new_page(viewport={"width": 390, "height": 844})
    login(coord, server.url, people.coordinator)
    login(part, server.url, people.participant)
    open_board(coord, server.url, session.id)
    open_board(part, server.url, session.id)

    coord.click("[data-action=start_session]")
    part.wait_for_selector("#session-status >> text=live")
    assert coord.is_hidden("[data-action=start_session]")
    coord.click("[data-action=set_phase][data-phase=recommendations]")
    part.wait_for_selector("#current-phase >> text=Recommendations")
    # The coordinator's own page updates from its ack or the event, which may come after the
    # participant's: wait for it rather than read it at once.
    expect(coord.locator("[data-action=set_phase][data-phase=recommendations]")).to_have_attribute("aria-pressed", "true")

    # Held by the privacy guard: shown to its author, never to the room.
    post_recommendation(part, case.id, "Call her on 505-555-0142 next week.", "monitoring")
    part.wait_for_selector(f"#case-{case.id} .form-findings mark >> text=505-555-0142")
    assert part.input_value(f"#r-text-{case.id}") == "Call her on 505-555-0142 next week."
    part.fill(f"#r-text-{case.id}", "Phone check-in next week.")
    part.click(f"#case-{case.id} form[data-post=post_recommendation] button[type=submit]")
    coord.wait_for_selector(f"#recs-{case.id} >> text=Phone check-in next week.")
    assert "505-555-0142" not in coord.content()
    # The box is cleared when the author's ack comes, which may be after the room's event.
    part.wait_for_function(f"() => document.getElementById('r-text-{case.id}').value === ''")
    assert "Spoke suggestion" in coord.inner_text(f"#recs-{case.id}")

    # The facilitator marks it as consensus; the presenter sees it.
    coord.click(f"#recs-{case.id} button[data-act=consensus]")
    part.wait_for_selector(f"#recs-{case.id} .tag >> text=Consensus")

    # Ending asks for confirmation; everyone's board shows the end.
    coord.on("dialog", lambda d: d.accept())
    coord.click("[data-action=end_session]")
    part.wait_for_selector("#current-phase >> text=Session ended")
    assert part.inner_text("#session-status") == "ended"


def test_a_role_change_reaches_an_open_board(app, people, live_server, new_page):
    """The coordinator makes a participant a learner mid-session: the participant's board reloads
    by itself and no longer offers to post; nothing typed there was sent."""
    from sqlalchemy import select

    from echo.programs.models import Membership

    program = people.program
    session, case = live_session_on_case(people)
    m = db.session.scalar(select(Membership).where(Membership.program_id == program.id,
                                                   Membership.user_id == people.participant.id))
    server = live_server()
    coord, part = new_page(), new_page()
    login(coord, server.url, people.coordinator)
    login(part, server.url, people.participant)
    open_board(part, server.url, session.id)
    assert part.is_visible(f"#case-{case.id} form[data-post=post_recommendation]")
    part.evaluate("window.__before_reload = true")

    coord.goto(f"{server.url}/programs/{program.id}/members")
    coord.select_option(f"#role-{m.id}", "learner")
    coord.click(f"form[action$='/members/{m.id}/role'] button[type=submit]")
    coord.wait_for_selector("text=Role changed.")

    # The board reloaded itself (the marker is gone) and shows the learner's read-only view.
    part.wait_for_function("() => window.__before_reload === undefined", timeout=15000)
    part.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    assert part.locator(f"#case-{case.id} form[data-post=post_recommendation]").count() == 0
