"""Browser: a program walked through a session end to end, as its people do it in a real browser.

The session itself (held 16 days ago, a case presented, its summary sent 15 days ago) is set up
with factories: running the live board is the point of tests/e2e/test_live_browser.py. What
comes after the session goes through the pages: an attendee answers the end-of-session
evaluation, the presenter answers the 2-week close-out, a participant rates their confidence,
the coordinator corrects an attendee's minutes with a reason and sets the program's credit
rule, the attendee claims the credit and downloads the certificate, a visitor verifies it, and
the coordinator opens the program report and finds those answers counted.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest
from playwright.sync_api import Page, expect
from sqlalchemy import select

from echo.attendance.ledger import minutes_attended
from echo.cases.models import Case
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import PresenceInterval, Recommendation
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.selfefficacy.operations import do_add_suggested
from echo.summaries.models import Summary
from tests.factories import People, make_session, summarised_case
from tests.helpers import axe_violations, browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def _axe_clean(page: Page) -> None:
    assert axe_violations(page) == []


@dataclass
class Held:
    session: ClinicSession
    case: Case
    recs: list[Recommendation]


def _held_session(people: People) -> Held:
    """A session held 16 days ago: the participant presented a case (two recommendations, the
    summary sent the next day, so its 2-week close-out is due); the participant and the
    specialist stayed the whole hour on the live board, the learner's connection dropped after
    20 minutes. The program has the suggested self-efficacy statements."""
    p = people.program
    start = (utcnow() - timedelta(days=16)).replace(second=0, microsecond=0)
    s = make_session(p, starts_at=start, status=SessionStatus.ended, started_at=start, ended_at=start + timedelta(minutes=60),
                     duration_minutes=60, didactic_title="Measurement-based care with the PHQ-9")
    case = summarised_case(p, people.participant, session=s, agenda_position=1, presented_at=start,
                           summarised_at=start + timedelta(days=1), title="Low mood despite sertraline")
    db.session.scalars(select(Summary).where(Summary.case_id == case.id)).one().sent_at = start + timedelta(days=1)
    for user, minutes in ((people.participant, 60), (people.specialist, 60), (people.learner, 20)):
        db.session.add(PresenceInterval(session_id=s.id, user_id=user.id, sid=f"walk-{user.id}", joined_at=start,
                                        left_at=start + timedelta(minutes=minutes)))
    do_add_suggested(p)
    db.session.commit()
    recs = list(db.session.scalars(select(Recommendation).where(Recommendation.case_id == case.id).order_by(Recommendation.id)))
    return Held(s, case, recs)


def _attendee_evaluates_the_session(page: Page, base: str, held: Held) -> None:
    # The home page offers a survey for 14 days; past that, the session's page still has it.
    page.goto(f"{base}/sessions/{held.session.id}")
    _axe_clean(page)
    page.click("text=Evaluate this session")
    expect(page.locator("h1")).to_have_text("End of session evaluation")
    _axe_clean(page)
    page.get_by_label("4: good").check()
    page.get_by_label("Yes", exact=True).check()
    page.get_by_label("What will you take back to your clinic").fill("Repeat the PHQ-9 at every visit.")
    page.click("button:has-text('Send my answers')")
    expect(page.locator(".flash-success")).to_be_visible()


def _presenter_closes_out_the_case(page: Page, base: str, held: Held) -> None:
    page.goto(f"{base}/home")
    _axe_clean(page)
    page.click(f"text=Report how the advice on case #{held.case.id} worked out (2-week close-out)")
    expect(page.locator("h1")).to_have_text("2-week close-out")
    _axe_clean(page)
    first, second = held.recs
    page.check(f"input[name=impl_{first.id}][value=fully]")
    page.check(f"input[name=impl_{second.id}][value=partly]")
    page.select_option(f"#why_{second.id}", "not_available")
    page.check("input[name=referral_avoided][value=yes]")
    page.check("input[name=patient_status][value=better]")
    page.fill("#note", "Mood is better; the group starts next month.")
    page.click("button:has-text('Send the close-out')")
    expect(page).to_have_url(f"{base}/cases/{held.case.id}#closeout")
    expect(page.locator("#closeout")).to_contain_text("Yes, avoided")
    _axe_clean(page)


def _participant_rates_confidence(page: Page, base: str, people: People) -> None:
    page.goto(f"{base}/programs/{people.program.id}")
    _axe_clean(page)
    page.click("text=Rate your confidence on joining the program")
    expect(page.locator("h1")).to_have_text("How confident do you feel?")
    _axe_clean(page)
    for fieldset in page.locator("form.survey fieldset").all():
        fieldset.get_by_label("3: moderately confident").check()
    page.click("button:has-text('Send my answers')")
    expect(page).to_have_url(f"{base}/programs/{people.program.id}")
    expect(page.locator(".flash-success")).to_contain_text("your answers are saved")
    expect(page.locator("text=Rate your confidence on joining the program")).to_have_count(0)


def _coordinator_corrects_attendance(page: Page, base: str, people: People, held: Held) -> None:
    page.goto(f"{base}/attendance/sessions/{held.session.id}/edits")
    expect(page.locator("h1")).to_contain_text("Attendance corrections")
    _axe_clean(page)
    page.select_option("#attendee", str(people.learner.id))
    page.fill("#minutes", "60")
    page.get_by_label("Connection dropped").check()
    page.fill("#reason", "Video froze after 20 minutes; stayed on by phone.")
    page.click("form button[type=submit]:has-text('Save')")
    expect(page.locator(".flash-success")).to_contain_text(f"{people.learner.name} now has 60 minutes")
    counted = page.locator("section[aria-labelledby=counted-h] tr", has_text=people.learner.name)
    expect(counted).to_contain_text("60")
    expect(counted).to_contain_text("Corrected")
    # The correction is kept with its reason category.
    expect(page.locator("tr", has_text="Connection dropped")).to_contain_text(people.learner.name)


def _certificate_step(coordinator: Page, attendee: Page, visitor: Page, base: str, held: Held, people: People) -> None:
    """The coordinator sets the program's credit rule; the attendee (there the whole hour, the
    evaluation answered) claims the session's credit on their transcript and downloads the
    certificate; anyone can verify it with the code printed on it."""
    db.session.expire_all()
    minutes = minutes_attended(db.session.get(ClinicSession, held.session.id))
    assert minutes == {people.participant.id: 60, people.specialist.id: 60, people.learner.id: 60}

    coordinator.goto(f"{base}/credit/program/{people.program.id}/rule")
    _axe_clean(coordinator)
    coordinator.check("#enabled")
    coordinator.fill("#hours", "1")
    coordinator.fill("#min_share_percent", "75")
    coordinator.check("#evaluation_required")
    coordinator.click("button:has-text('Save the credit rule')")
    expect(coordinator.locator(".flash-success")).to_be_visible()

    attendee.goto(f"{base}/credit/transcript")
    _axe_clean(attendee)
    attendee.click("button:has-text('Claim this credit')")
    row = attendee.locator("table.transcript tbody tr", has_text=people.program.name)
    expect(row).to_have_count(1)
    _axe_clean(attendee)
    certificate = attendee.request.get(base + row.locator("a", has_text="Certificate (PDF)").get_attribute("href"))
    assert certificate.ok and certificate.body().startswith(b"%PDF")
    code = row.locator("span.muted").inner_text().strip()

    visitor.goto(f"{base}/verify/{code}")
    expect(visitor.locator("#verified-h")).to_have_text("This certificate is genuine")
    expect(visitor.locator(".verified")).to_contain_text(people.participant.name)
    _axe_clean(visitor)


def _figure_row(page: Page, key: str, label: str):
    return page.locator(f"section[aria-labelledby=figure-{key}] tr", has=page.locator("th", has_text=label))


def _coordinator_reads_the_report(page: Page, base: str, people: People) -> None:
    page.goto(f"{base}/programs/{people.program.id}")
    _axe_clean(page)
    page.click("a.button:has-text('Reports')")
    expect(page.locator("h1")).to_have_text(f"Report: {people.program.name}")
    _axe_clean(page)
    headline = page.locator(".report-headline")
    expect(headline.locator("div", has_text="Sessions held")).to_contain_text("1")
    expect(headline.locator("div", has_text="Minutes attended")).to_contain_text("180")
    expect(headline.locator("div", has_text="Cases closed out")).to_contain_text("100%")
    expect(headline.locator("div", has_text="Average satisfaction")).to_contain_text("4.0")
    # One of the three attendees answered the end-of-session evaluation.
    expect(_figure_row(page, "response-rates", "End of session")).to_contain_text("33%")
    expect(_figure_row(page, "intent", "Yes")).to_contain_text("100%")
    expect(_figure_row(page, "recommendations", "Implemented fully")).to_contain_text("50%")
    expect(_figure_row(page, "recommendations", "Implemented in part")).to_contain_text("50%")
    expect(_figure_row(page, "referrals", "Yes, avoided")).to_contain_text("100%")

    page.goto(f"{base}/programs/{people.program.id}")
    page.click("a.button:has-text('Self-efficacy survey')")
    expect(page.locator("#results-h")).to_be_visible()
    _axe_clean(page)
    expect(page.locator("section[aria-labelledby=results-h]")).to_contain_text("Answered on joining: 1 of 2 members asked")


def test_a_session_walked_from_evaluation_to_the_program_report(app, people, live_server, new_page):
    held = _held_session(people)
    base = live_server().url

    attendee = new_page()
    browser_login(attendee, base, people.participant.email)
    _attendee_evaluates_the_session(attendee, base, held)
    _presenter_closes_out_the_case(attendee, base, held)
    _participant_rates_confidence(attendee, base, people)

    coordinator = new_page()
    browser_login(coordinator, base, people.coordinator.email)
    _coordinator_corrects_attendance(coordinator, base, people, held)
    _certificate_step(coordinator, attendee, new_page(), base, held, people)
    _coordinator_reads_the_report(coordinator, base, people)
