"""Browser: a learner's board holds nothing of a case until it is presented; when the
facilitator brings it up, the learner's board reloads by itself and shows it."""
from __future__ import annotations

import pytest

from echo.cases.models import CaseState
from tests.factories import make_case, make_session
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]

HISTORY = "Two admissions for alcohol withdrawal seizures in the past year."


def test_a_case_reaches_the_learner_when_it_is_presented(app, people, live_server, new_page):
    program = people.program
    session = make_session(program)
    case = make_case(program, people.participant, state=CaseState.accepted, session=session, agenda_position=1,
                     history=HISTORY)
    server = live_server()
    coord, learner = new_page(), new_page()
    browser_login(coord, server.url, people.coordinator.email)
    browser_login(learner, server.url, people.learner.email)
    for page in (coord, learner):
        page.goto(f"{server.url}/sessions/{session.id}/live")
        page.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    assert HISTORY not in learner.content() and learner.get_attribute(f"#case-{case.id}", "data-withheld") is not None

    coord.click("[data-action=start_session]")
    learner.wait_for_selector(f"#case-{case.id} >> text={HISTORY}", timeout=20000)
    assert learner.get_attribute(f"#case-{case.id}", "data-withheld") is None
    learner.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    assert learner.inner_text("#session-status") == "live"
