"""WCAG 2.1 AA in a real browser: axe-core (from the npm registry) on every main page, as each
role, in English, Spanish and French, including pages in their error states and the live board
with posts (docs/accessibility.md says what this covers and what it cannot)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live import commands
from echo.programs.clinic_session import SessionStatus
from echo.selfefficacy.operations import do_add_suggested
from tests.factories import (
    live_session_on_case,
    make_case,
    make_session,
    published_case,
)
from tests.helpers import axe_violations, browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]

LANGUAGES = {"en": "en-US", "es": "es-419", "fr": "fr-FR"}
ROLES = ("coordinator", "participant", "specialist", "learner", "admin")
PUBLIC = ["/", "/auth/login", "/auth/signup", "/auth/forgot", "/auth/confirm", "/verify", "/verify/NOSUCHCODE", "/no-such-page"]


def _world(people):
    """A program with a live session holding posts, a draft, a case waiting for review, an
    ended session with a presented case, and a library entry."""
    p = people.program
    live, live_case = live_session_on_case(people)
    commands.post_recommendation(people.specialist, live.id, {
        "case_id": live_case.id, "category": "medication", "text": "Start sertraline 25 mg daily.", "client_id": "axe-r1"})
    commands.post_question(people.participant, live.id, {
        "case_id": live_case.id, "text": "Any history of mania?", "client_id": "axe-q1"})
    held = utcnow() - timedelta(days=7)
    ended = make_session(p, starts_at=held, status=SessionStatus.ended, started_at=held, ended_at=held + timedelta(hours=1))
    do_add_suggested(p)  # the self-efficacy survey has statements
    draft = make_case(p, people.participant, title="Knee pain in a runner")
    presented = make_case(p, people.participant, CaseState.presented, ended, agenda_position=1, title="Low mood")
    make_case(p, people.participant, CaseState.submitted, title="Pain taper")
    published_case(p, people.participant, people.coordinator, title="Resistant hypertension")
    db.session.commit()
    return {"live": live, "ended": ended, "draft": draft, "presented": presented}


def _pages(people, w) -> dict[str, list[str]]:
    prog = people.program.id
    common = ["/home", "/programs", f"/programs/{prog}", f"/sessions/{w['ended'].id}", "/library/", "/library/?q=mood",
              "/notifications", "/auth/profile", f"/sessions/{w['live'].id}/live"]
    return {
        "coordinator": common + ["/programs/new", f"/programs/{prog}/edit", f"/programs/{prog}/members",
                                 f"/cases/program/{prog}/queue", f"/cases/{w['presented'].id}", f"/cases/program/{prog}/audit",
                                 f"/live/cases/{w['presented'].id}/summary", f"/sessions/{w['live'].id}/attendance",
                                 "/library/publish", f"/evaluations/program/{prog}", f"/evaluations/program/{prog}/questions",
                                 f"/closeout/program/{prog}/overdue", f"/reports/program/{prog}", f"/reports/program/{prog}/print",
                                 f"/self-efficacy/program/{prog}", f"/attendance/sessions/{w['ended'].id}/edits",
                                 f"/attendance/sessions/{w['live'].id}/code", f"/disclosures/program/{prog}",
                                 f"/disclosures/program/{prog}/mine", f"/credit/program/{prog}/rule",
                                 f"/credit/program/{prog}/exports", f"/credit/session/{w['ended'].id}"],
        "participant": common + [f"/cases/program/{prog}/new", f"/cases/{w['draft'].id}", f"/cases/{w['draft'].id}/edit", "/cases/",
                                 "/credit/transcript", "/attendance/claim", f"/self-efficacy/program/{prog}/pre"],
        "specialist": common,
        "learner": common + ["/library/saved"],
        "admin": ["/admin/users", "/admin/programs", "/reports/"],
    }


def _check(page, url: str, failures: list[str]) -> None:
    found = axe_violations(page)
    if found:
        failures.append(f"{url}: {found}")


def _error_states(page, base: str, role: str, people, w, failures: list[str]) -> None:
    """Forms sent with mistakes: the page shows its errors beside the fields."""
    if role == "participant":
        page.goto(f"{base}/cases/{w['draft'].id}/edit")
        page.fill("#title", "")
        page.click("button[value=submit]")
        page.wait_for_selector(".error, .flash-error")
        _check(page, f"{page.url} (case form with errors)", failures)
    if role == "coordinator":
        page.goto(f"{base}/programs/new")
        page.click("form.program-form [type=submit]")
        page.wait_for_selector(".error, .flash-error")
        _check(page, f"{page.url} (program form with errors)", failures)


@pytest.mark.parametrize("db_url", ["sqlite"], indirect=True)  # the markup is the same on PostgreSQL
@pytest.mark.parametrize("lang", list(LANGUAGES))
def test_no_axe_violation_on_any_main_page(lang, people, live_server, new_page, db_url):
    w = _world(people)
    base = live_server().url
    failures: list[str] = []

    page = new_page(locale=LANGUAGES[lang])
    for path in PUBLIC:
        page.goto(base + path)
        assert page.locator("html").get_attribute("lang") == lang, path
        _check(page, f"{path} [visitor]", failures)
    page.goto(base + "/auth/login")
    page.fill("#email", people.participant.email)
    page.fill("#password", "not the password")
    page.click("input[type=submit]")
    page.wait_for_selector(".error, .flash-error")
    _check(page, "/auth/login (wrong password)", failures)

    pages = _pages(people, w)
    for role in ROLES:
        page = new_page(locale=LANGUAGES[lang])
        browser_login(page, base, people.user(role).email)
        for path in pages[role]:
            resp = page.goto(base + path)
            assert resp is not None and resp.status == 200, f"{role} {path}: {resp and resp.status}"
            assert page.locator("html").get_attribute("lang") == lang, path
            if path.endswith("/live"):
                page.wait_for_selector(".stream.recs li", state="attached")
            _check(page, f"{path} [{role}]", failures)
        _error_states(page, base, role, people, w, failures)
    assert failures == [], "\n".join(failures)


def test_the_check_finds_a_planted_violation(new_page):
    """The sweep above proves something only if axe reports what it should."""
    page = new_page()
    page.set_content('<!doctype html><html><head><title>t</title></head><body><main><input type="text">'
                     '<img src="x.png"></main></body></html>')
    found = {v["id"] for v in axe_violations(page)}
    assert {"html-has-lang", "image-alt", "label"} <= found
