"""Browser: a participant types a narrative with a patient's name and a full date, sees both
highlighted as they type, is refused on submit, fixes them and submits; the coordinator
accepts the case onto the next session and sees it on the agenda."""
from __future__ import annotations

import re

import pytest

from echo.cases.models import Case, CaseState
from echo.core.extensions import db
from tests.factories import make_session
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def login(page, base, user):
    browser_login(page, base, user.email)


def test_privacy_guard_then_review_and_agenda(app, people, live_server, new_page):
    program = people.program
    session = make_session(program, didactic_title="Sleep in depression", didactic_speaker="Dr. Hub")
    server = live_server()
    base = server.url

    page = new_page()
    login(page, base, people.participant)
    page.goto(f"{base}/cases/program/{program.id}/new")
    page.fill("#title", "Low mood despite SSRI")
    page.fill("#age", "52")
    page.select_option("#sex", "female")
    page.fill("#chief_concern", "Low mood and poor sleep for three months.")
    page.fill("#questions", "Should we switch or augment the antidepressant?")
    page.locator("#narrative").press_sequentially("Maria Gonzalez was seen on March 3, 2024 with low mood.", delay=5)

    # Highlighted in place as she types (the debounced server check), listed in the panel.
    mirror = page.locator("#mirror-narrative")
    mirror.locator("mark.finding", has_text="Maria Gonzalez").wait_for()
    mirror.locator("mark.finding", has_text="March 3, 2024").wait_for()
    assert page.locator("#privacy-list li").count() == 2
    assert "2 possible identifiers" in page.locator("#privacy-status").inner_text()

    # Submitting is refused by the server; the draft and the highlights are kept.
    page.click("button[value=submit]")
    page.wait_for_url(re.compile(r".*/cases/\d+/edit#privacy-findings$"))
    assert "Submission refused" in page.locator(".flash-error").inner_text()
    assert page.locator("#mirror-narrative mark.finding").count() == 2
    case_id = int(re.search(r"/cases/(\d+)/edit", page.url).group(1))

    # She fixes both, the highlights go away, and the submission goes through.
    page.fill("#narrative", "The patient was seen this spring with low mood.")
    page.wait_for_function("() => document.getElementById('privacy-status').textContent.includes('No unresolved')")
    assert page.locator("#mirror-narrative").is_hidden()
    page.click("button[value=submit]")
    page.wait_for_url(f"**/cases/{case_id}")
    assert "submitted" in page.locator("h1 .tag").inner_text()

    # The coordinator accepts it onto the next session and sees it on the agenda.
    coord = new_page()
    login(coord, base, people.coordinator)
    coord.goto(f"{base}/cases/program/{program.id}/queue")
    item = coord.locator(f"#queue-case-{case_id}")
    item.locator("select[name=session_id]").select_option(str(session.id))
    item.locator("button", has_text="Accept onto agenda").click()
    coord.wait_for_url(f"**/cases/program/{program.id}/queue")
    agenda = coord.locator(f"#agenda-{session.id}")
    assert "Sleep in depression" in agenda.inner_text()
    entry = agenda.locator(f"li[data-case-id='{case_id}']")
    assert "Should we switch or augment the antidepressant?" in entry.inner_text()
    coord.goto(f"{base}/sessions/{session.id}")
    assert "Should we switch or augment the antidepressant?" in coord.locator(f"#agenda-{session.id}").inner_text()

    db.session.expire_all()
    case = db.session.get(Case, case_id)
    assert case.state == CaseState.accepted and case.session_id == session.id


def test_dismiss_with_reason_in_the_form(app, people, live_server, new_page):
    """A finding that is not an identifier is dismissed with a reason without leaving the form."""
    from tests.factories import make_case

    program = people.program
    case = make_case(program, people.participant, narrative="Seen by Dr. Maria Gonzalez for low mood.")
    server = live_server()
    page = new_page()
    login(page, server.url, people.participant)
    page.goto(f"{server.url}/cases/{case.id}/edit")
    page.fill("#history", "Typed but not saved yet.")
    item = page.locator("#privacy-list li", has_text="Maria Gonzalez")
    item.locator("input[name=reason]").fill("Invented name in a teaching case")
    item.locator("button", has_text="Dismiss with reason").click()
    page.wait_for_function("() => document.getElementById('privacy-status').textContent.includes('No unresolved')")
    assert page.locator("#history").input_value() == "Typed but not saved yet."
    assert page.locator("#mirror-narrative mark.finding.dismissed").count() == 1


def test_without_javascript_the_server_still_guards(app, people, live_server, new_page):
    """JavaScript off: saving shows the findings, submission is refused, a dismissal form works."""
    program = people.program
    server = live_server()
    page = new_page(java_script_enabled=False)
    login(page, server.url, people.participant)
    page.goto(f"{server.url}/cases/program/{program.id}/new")
    page.fill("#title", "Chest pain with anxiety")
    page.fill("#age", "93")
    page.select_option("#sex", "male")
    page.fill("#chief_concern", "Recurrent chest pain, cardiac work-up negative.")
    page.fill("#questions", "Could this be panic disorder?")
    page.fill("#narrative", "Reviewed by Dr. Alan Whitfield.")
    page.click("button[value=submit]")
    assert "Submission refused" in page.locator(".flash-error").inner_text()
    assert page.locator("#mirror-narrative mark.finding", has_text="Alan Whitfield").count() == 1
    assert page.locator("#age").input_value() == "90+"
    item = page.locator("#privacy-list li", has_text="Alan Whitfield")
    item.locator("input[name=reason]").fill("The consultant's name, not the patient's")
    item.locator("button", has_text="Dismiss with reason").click()
    assert "No unresolved identifiers found." in page.locator("#privacy-status").inner_text()
    page.click("button[value=submit]")
    assert "submitted" in page.locator("h1 .tag").inner_text()
