"""Browser, at a phone's 360 px: the case form one section at a time (Back / Next, "Section 2
of 7", done and privacy marks), a finding in a later section reached from the privacy panel,
autosave saving across section moves, a refused submission opening the section to fix; and
without JavaScript, every section under a table of contents of in-page links."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from echo.cases.models import Case
from echo.core.extensions import db
from tests.factories import make_clean_case
from tests.helpers import axe_violations, browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]

PHONE = {"width": 360, "height": 740}
SAVED = re.compile(r"^Saved \d{1,2}:\d{2}[^,]*\.$")
WAIT = 20000  # ms: the autosave waits 5 s after the last keystroke, then one request
ADDRESS = "Lives at 12 Oak Street with her sister."


def _axe_clean(page):
    assert axe_violations(page) == []


def _stored(case_id):
    db.session.expire_all()
    return db.session.get(Case, case_id)


def _visible_sections(page):
    return [s.get_attribute("data-section") for s in page.locator(".case-section").all() if s.is_visible()]


def test_on_a_phone_the_form_goes_section_by_section(app, people, live_server, new_page):
    case = make_clean_case(people.program, people.participant, title="", age=None, age_band="", sex="", chief_concern="",
                     questions="", social_factors=ADDRESS)
    base = live_server().url
    page = new_page(viewport=PHONE)
    browser_login(page, base, people.participant.email)
    page.goto(f"{base}/cases/{case.id}/edit")
    expect(page.locator("#autosave-status")).to_contain_text("Autosave is on")

    progress = page.locator("#section-progress")
    toc = page.locator("#case-toc")
    expect(progress).to_have_text("Section 1 of 7: Patient")
    assert _visible_sections(page) == ["patient"]
    expect(page.locator("#section-back")).to_be_disabled()
    # The section holding the address is marked, and the address is highlighted in it.
    expect(toc.locator("li[data-section=social] .mark-finding")).to_be_visible()
    expect(page.locator("#mirror-social_factors mark.finding")).to_have_count(1)
    expect(toc.locator("li[data-section=patient] .mark-done")).to_be_hidden()
    _axe_clean(page)

    page.fill("#title", "Low mood despite SSRI")
    page.fill("#age", "45")
    page.select_option("#sex", "female")
    expect(toc.locator("li[data-section=patient] .mark-done")).to_be_visible()

    page.click("#section-next")
    expect(progress).to_have_text("Section 2 of 7: Presentation")
    expect(page.locator("#section-presentation-heading")).to_be_focused()
    assert _visible_sections(page) == ["presentation"]
    page.fill("#chief_concern", "Low mood and poor sleep for three months.")
    expect(toc.locator("li[data-section=presentation] .mark-done")).to_be_visible()
    page.click("#section-back")
    expect(page.locator("#section-patient-heading")).to_be_focused()
    expect(progress).to_have_text("Section 1 of 7: Patient")

    # Autosave saved what was typed in both sections, across the moves.
    expect(page.locator("#autosave-status")).to_have_text(SAVED, timeout=WAIT)
    stored = _stored(case.id)
    assert (stored.title, stored.sex, stored.chief_concern) == (
        "Low mood despite SSRI", "female", "Low mood and poor sleep for three months.")

    # The privacy panel (below the form) leads to the finding in its section.
    page.locator("#privacy-list li[data-field=social_factors] .show-finding").click()
    expect(progress).to_have_text("Section 5 of 7: Social factors")
    expect(page.locator("#social_factors")).to_be_focused()
    assert _visible_sections(page) == ["social"]
    page.fill("#social_factors", "Lives with her sister.")
    expect(toc.locator("li[data-section=social] .mark-finding")).to_be_hidden(timeout=WAIT)

    # The table of contents is the steps: it opens a section and moves focus to its heading.
    toc.get_by_role("link", name="Narrative and tags").click()
    expect(progress).to_have_text("Section 7 of 7: Narrative and tags")
    expect(page.locator("#section-narrative-heading")).to_be_focused()
    expect(page.locator("#section-next")).to_be_disabled()

    # Submitting without a question for the panel opens the section holding it.
    page.click("button[value=submit]")
    page.wait_for_load_state()
    expect(page.locator(".flash-error")).to_contain_text("Please correct")
    expect(progress).to_have_text("Section 6 of 7: Question for the panel")
    expect(page.locator("#questions")).to_be_focused()
    expect(page.locator("#questions-error")).to_contain_text("Ask the panel at least one specific question.")
    assert _visible_sections(page) == ["question"]
    expect(toc.locator("li[data-section=question] .mark-invalid")).to_be_visible()
    _axe_clean(page)  # with an error shown, too
    page.fill("#questions", "Switch or augment?")
    page.click("button[value=submit]")
    expect(page.locator("h1 .tag")).to_have_text("submitted")


def test_without_javascript_every_section_shows_under_a_table_of_contents(app, people, live_server, new_page):
    case = make_clean_case(people.program, people.participant, questions="", social_factors=ADDRESS)
    base = live_server().url
    page = new_page(java_script_enabled=False, viewport=PHONE)
    browser_login(page, base, people.participant.email)
    page.goto(f"{base}/cases/{case.id}/edit")

    assert _visible_sections(page) == ["patient", "presentation", "history", "tests", "social", "question", "narrative"]
    expect(page.locator("#section-nav")).to_be_hidden()
    expect(page.locator("#section-progress")).to_be_hidden()
    toc = page.locator("#case-toc")
    expect(toc.locator("li[data-section=social] .mark-finding")).to_be_visible()
    expect(toc.locator("li[data-section=question] .mark-done")).to_be_hidden()

    toc.get_by_role("link", name="Social factors").click()
    assert page.url.endswith("#section-social")
    page.locator("#privacy-list li[data-field=social_factors] .show-finding").click()
    assert page.url.endswith("#social_factors")
    expect(page.locator("#mirror-social_factors mark.finding")).to_have_count(1)

    page.click("button[value=submit]")
    expect(page.locator("#questions-error")).to_contain_text("Ask the panel at least one specific question.")
    assert len(_visible_sections(page)) == 7


def test_on_a_phone_restoring_a_copy_opens_the_section_it_changes(app, people, live_server, new_page):
    author = people.participant
    case = make_clean_case(people.program, author, questions="")
    base = live_server().url
    page = new_page(viewport=PHONE)
    browser_login(page, base, author.email)
    page.goto(f"{base}/cases/{case.id}/edit")
    expect(page.locator("#section-progress")).to_have_text("Section 1 of 7: Patient")
    # A copy this device kept of a question typed but never saved (as autosave.js writes it).
    page.evaluate("""([user, id]) => localStorage.setItem(`echo-case-draft:u${user}:c${id}`, JSON.stringify({
        user: String(user), tab: "another", caseId: String(id), editedAt: Date.now(),
        fields: {questions: "Switch or augment?"}}))""", [author.id, case.id])
    page.reload()
    page.click("#autosave-restore-yes")
    expect(page.locator("#section-progress")).to_have_text("Section 6 of 7: Question for the panel")
    expect(page.locator("#questions")).to_be_focused()
    expect(page.locator("#questions")).to_have_value("Switch or augment?")
    expect(page.locator("#autosave-status")).to_have_text(SAVED, timeout=WAIT)
    assert _stored(case.id).questions == "Switch or augment?"

    # A value autosave cannot take marks its section in the table of contents until fixed.
    toc = page.locator("#case-toc")
    toc.get_by_role("link", name="Presentation").click()
    page.fill("#phq9", "28")
    expect(toc.locator("li[data-section=presentation] .mark-invalid")).to_be_visible(timeout=WAIT)
    expect(page.locator("#autosave-status")).to_contain_text("except PHQ-9")
    page.fill("#phq9", "18")
    expect(toc.locator("li[data-section=presentation] .mark-invalid")).to_be_hidden(timeout=WAIT)
