"""Browser: a draft saves itself while the author writes; offline, the text is kept on the
device and saved when the connection is back; a copy left on the device is offered back when
the page is opened again; a new case becomes a draft on its first autosave."""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from echo.cases.models import Case
from echo.core.extensions import db
from tests.factories import make_clean_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]

# "Saved 12:04." / "Saved 12:04 PM." (not "Saved 12:04, except PHQ-9 ...")
SAVED = re.compile(r"^Saved (as draft #\d+ at )?\d{1,2}:\d{2}[^,]*\.$")
WAIT = 20000  # ms: the autosave waits 5 s after the last keystroke, then one request


def _open_edit(new_page, people, case):
    page = new_page()
    base = _open_edit.base
    browser_login(page, base, people.participant.email)
    page.goto(f"{base}/cases/{case.id}/edit")
    expect(page.locator("#autosave-status")).to_contain_text("Autosave is on")
    return page


def _would_warn(page) -> bool:
    """Whether leaving now would bring up the leave-page warning (the page's beforeunload
    handler cancels the event); Chromium only shows the dialog itself after a real gesture."""
    return page.evaluate("() => { const e = new Event('beforeunload', {cancelable: true}); window.dispatchEvent(e); return e.defaultPrevented; }")


def _stored(case_id):
    db.session.expire_all()
    return db.session.get(Case, case_id)


def test_a_draft_saves_itself_and_is_there_after_a_reload(app, people, live_server, new_page):
    case = make_clean_case(people.program, people.participant, narrative="First draft.")
    _open_edit.base = live_server().url
    page = _open_edit(new_page, people, case)
    status = page.locator("#autosave-status")
    assert status.get_attribute("aria-live") == "polite"

    assert not _would_warn(page)
    page.locator("#narrative").fill("First draft. She now sleeps five hours a night.")
    assert _would_warn(page)  # typed, not saved yet
    expect(status).to_have_text(SAVED, timeout=WAIT)
    assert not _would_warn(page)  # saved: leaving does not ask
    assert _stored(case.id).narrative == "First draft. She now sleeps five hours a night."

    page.reload()
    assert page.locator("#narrative").input_value() == "First draft. She now sleeps five hours a night."
    assert page.locator("#autosave-restore").is_hidden()

    # A score out of range: the rest is saved, the score is reported beside its input and kept.
    page.locator("#phq9").fill("28")
    page.locator("#history").fill("Two earlier episodes.")
    expect(status).to_contain_text("except PHQ-9", timeout=WAIT)
    expect(page.locator("#phq9-autosave-error")).to_contain_text("PHQ-9 is scored 0 to 27")
    assert page.locator("#phq9").get_attribute("aria-invalid") == "true"
    stored = _stored(case.id)
    assert stored.history == "Two earlier episodes." and stored.phq9 is None
    assert _would_warn(page)  # the bad score is not saved
    page.locator("#phq9").fill("18")
    expect(status).to_have_text(SAVED, timeout=WAIT)
    assert _stored(case.id).phq9 == 18 and page.locator("#phq9-autosave-error").count() == 0

    # The Save button still does what it did, from the version the autosaves reached.
    page.locator("#questions").fill("Switch or augment?")
    page.click("button[value=save]")
    page.wait_for_url(f"**/cases/{case.id}/edit")
    expect(page.locator(".flash-success")).to_contain_text("Draft saved")
    assert _stored(case.id).questions == "Switch or augment?" and not _would_warn(page)


def test_offline_the_text_is_kept_on_the_device_and_saved_when_back_online(app, people, live_server, new_page):
    case = make_clean_case(people.program, people.participant, narrative="Before the tunnel.")
    _open_edit.base = live_server().url
    page = _open_edit(new_page, people, case)
    status = page.locator("#autosave-status")

    page.context.set_offline(True)
    page.locator("#narrative").fill("Written in the tunnel, no signal.")
    expect(status).to_contain_text("kept on this device", timeout=WAIT)
    assert "offline" in status.inner_text()
    kept = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('echo-case-draft:'))")
    assert kept == [f"echo-case-draft:u{people.participant.id}:c{case.id}"]
    assert _stored(case.id).narrative == "Before the tunnel."

    page.context.set_offline(False)
    expect(status).to_have_text(SAVED, timeout=WAIT)
    assert _stored(case.id).narrative == "Written in the tunnel, no signal."
    # Saved: the copy on the device is gone.
    assert page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('echo-case-draft:'))") == []


def test_a_copy_left_on_the_device_is_offered_back(app, people, live_server, new_page):
    case = make_clean_case(people.program, people.participant, narrative="Server text.")
    _open_edit.base = base = live_server().url
    page = _open_edit(new_page, people, case)
    context = page.context

    context.set_offline(True)
    page.locator("#narrative").fill("Typed offline, then the tab was closed.")
    expect(page.locator("#autosave-status")).to_contain_text("kept on this device", timeout=WAIT)
    # Closing the tab makes one last keepalive save. Offline, a real browser fails it; Playwright's
    # offline emulation ends with the tab, so the browser could still send it once the connection
    # is back (and then there would rightly be nothing to offer). Fail it as a device would.
    page.evaluate("() => { window.fetch = () => Promise.reject(new TypeError('Failed to fetch')); }")
    page.close()
    context.set_offline(False)

    page = context.new_page()
    page.goto(f"{base}/cases/{case.id}/edit")
    offer = page.locator("#autosave-restore")
    expect(offer).to_be_visible()
    expect(offer).to_contain_text("not saved")
    assert page.locator("#narrative").input_value() == "Server text."
    assert _stored(case.id).narrative == "Server text."
    page.click("#autosave-restore-yes")
    assert page.locator("#narrative").input_value() == "Typed offline, then the tab was closed."
    expect(page.locator("#autosave-status")).to_have_text(SAVED, timeout=WAIT)
    assert _stored(case.id).narrative == "Typed offline, then the tab was closed."


def test_a_new_case_becomes_a_draft_on_its_first_autosave(app, people, live_server, new_page):
    program = people.program
    base = live_server().url
    page = new_page()
    browser_login(page, base, people.participant.email)
    page.goto(f"{base}/cases/program/{program.id}/new")
    page.locator("#title").fill("Insomnia after night shifts")
    expect(page.locator("#autosave-status")).to_have_text(re.compile(r"Saved as draft #\d+ at"), timeout=WAIT)
    case_id = int(re.search(r"#(\d+)", page.locator("#autosave-status").inner_text()).group(1))
    assert page.url.endswith(f"/cases/{case_id}/edit")
    stored = _stored(case_id)
    assert stored.title == "Insomnia after night shifts" and stored.author_id == people.participant.id
    page.reload()
    assert page.locator("#title").input_value() == "Insomnia after night shifts"
    assert db.session.query(Case).count() == 1


def test_a_change_made_elsewhere_stops_autosave_and_says_reload(app, people, live_server, new_page):
    case = make_clean_case(people.program, people.participant, narrative="Shared start.")
    _open_edit.base = live_server().url
    phone, laptop = _open_edit(new_page, people, case), _open_edit(new_page, people, case)

    laptop.locator("#narrative").fill("Written on the laptop.")
    expect(laptop.locator("#autosave-status")).to_have_text(SAVED, timeout=WAIT)

    phone.locator("#narrative").fill("Written on the phone.")
    status = phone.locator("#autosave-status")
    expect(status).to_contain_text("changed elsewhere", timeout=WAIT)
    expect(status).to_contain_text("kept on this device")
    assert _stored(case.id).narrative == "Written on the laptop."  # nothing overwritten
    assert _would_warn(phone)

    # Reload (confirming the leave-page warning if it shows): the current version is shown,
    # and the phone's text is offered back.
    phone.on("dialog", lambda d: d.accept())
    status.get_by_role("link", name="Reload").click()
    phone.wait_for_load_state()
    assert phone.locator("#narrative").input_value() == "Written on the laptop."
    expect(phone.locator("#autosave-restore")).to_be_visible()
    phone.click("#autosave-restore-no")
    assert phone.locator("#autosave-restore").is_hidden()
    assert phone.evaluate("Object.keys(localStorage).filter(k => k.startsWith('echo-case-draft:'))") == []
