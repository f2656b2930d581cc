"""Session codes and claims: the coordinator's code works while the session is live and for 24
hours after; a member claims with it; wrong, expired or foreign claims are refused; attempts are
rate-limited; the coordinator approves or declines (audited); only approved claims count."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from echo.accounts.models import AuditLog
from echo.attendance import operations as att
from echo.attendance.ledger import minutes_attended
from echo.attendance.models import AttendanceClaim, ClaimStatus, SessionCode
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.clinic_session import SessionStatus
from tests.factories import make_session


@pytest.fixture
def ended(people):
    now = utcnow().replace(microsecond=0)
    return make_session(people.program, starts_at=now - timedelta(hours=2), status=SessionStatus.ended,
                        started_at=now - timedelta(hours=2), ended_at=now - timedelta(hours=1))


def _code(client, session) -> str:
    assert client.post(f"/attendance/sessions/{session.id}/code").status_code == 303
    return db.session.scalar(select(SessionCode.code).where(SessionCode.session_id == session.id))


def test_the_coordinator_gets_one_code_and_sees_it(people, ended, login_as):
    c = login_as(people.coordinator)
    code = _code(c, ended)
    assert len(code) == att.CODE_LENGTH
    assert _code(c, ended) == code        # asking again gives the same code
    assert code in c.get(f"/attendance/sessions/{ended.id}/code").get_data(as_text=True)


def test_no_code_before_the_session_starts_nor_a_day_after_it_ends(people, login_as):
    c = login_as(people.coordinator)
    scheduled = make_session(people.program)
    assert c.post(f"/attendance/sessions/{scheduled.id}/code").status_code == 409
    now = utcnow()
    old = make_session(people.program, starts_at=now - timedelta(days=3), status=SessionStatus.ended,
                       started_at=now - timedelta(days=3), ended_at=now - timedelta(days=2))
    assert c.post(f"/attendance/sessions/{old.id}/code").status_code == 409
    assert db.session.query(SessionCode).count() == 0


@pytest.mark.parametrize("role", ["specialist", "participant", "learner", "outsider"])
def test_only_coordinators_see_or_make_the_code(people, ended, login_as, role):
    c = login_as(people.user(role))
    assert c.get(f"/attendance/sessions/{ended.id}/code").status_code == 403
    assert c.post(f"/attendance/sessions/{ended.id}/code").status_code == 403


def test_a_member_claims_and_the_claim_counts_once_approved(people, ended, login_as):
    code = _code(login_as(people.coordinator), ended)
    p = login_as(people.participant)
    resp = p.post("/attendance/claim", data={"code": code.lower()[:3] + " " + code.lower()[3:], "minutes": "50"})
    assert resp.status_code == 303
    claim = db.session.scalar(select(AttendanceClaim))
    assert (claim.user_id, claim.minutes, claim.status) == (people.participant.id, 50, ClaimStatus.pending)
    assert people.participant.id not in minutes_attended(ended)     # pending: nothing counts yet

    c = login_as(people.coordinator)
    assert "says they attended 50 minutes" in c.get(f"/attendance/sessions/{ended.id}/edits").get_data(as_text=True)
    assert c.post(f"/attendance/claims/{claim.id}/decide", data={"decision": "approve"}).status_code == 303
    db.session.refresh(claim)
    assert claim.status == ClaimStatus.approved and claim.decided_by_id == people.coordinator.id
    assert minutes_attended(ended)[people.participant.id] == 50
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "attendance.claim_approved"))
    assert entry.actor_id == people.coordinator.id and entry.object_id == claim.id
    # Decided once: a second decision is refused.
    assert c.post(f"/attendance/claims/{claim.id}/decide", data={"decision": "decline"}).status_code == 409


def test_a_declined_claim_counts_for_nothing(people, ended, login_as):
    code = _code(login_as(people.coordinator), ended)
    login_as(people.learner).post("/attendance/claim", data={"code": code, "minutes": "60"})
    claim = db.session.scalar(select(AttendanceClaim))
    c = login_as(people.coordinator)
    assert c.post(f"/attendance/claims/{claim.id}/decide", data={"decision": "decline"}).status_code == 303
    assert people.learner.id not in minutes_attended(ended)
    assert db.session.query(AuditLog).filter_by(action="attendance.claim_declined").count() == 1


def test_the_newer_of_an_edit_and_an_approved_claim_wins(people, ended, login_as):
    code = _code(login_as(people.coordinator), ended)
    login_as(people.participant).post("/attendance/claim", data={"code": code, "minutes": "50"})
    claim = db.session.scalar(select(AttendanceClaim))
    c = login_as(people.coordinator)
    c.post(f"/attendance/claims/{claim.id}/decide", data={"decision": "approve"})
    c.post(f"/attendance/sessions/{ended.id}/edits",
           data={"attendee": str(people.participant.id), "minutes": "30", "reason_kind": "other", "reason": "Left at half time"})
    assert minutes_attended(ended)[people.participant.id] == 30


def test_a_wrong_code_is_refused_with_the_form_kept(people, ended, login_as):
    _code(login_as(people.coordinator), ended)
    resp = login_as(people.participant).post("/attendance/claim", data={"code": "ZZZZZZ", "minutes": "42"})
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert "No session has this code" in page and 'value="ZZZZZZ"' in page and 'value="42"' in page
    assert db.session.query(AttendanceClaim).count() == 0


def test_an_expired_code_is_refused(people, ended, login_as):
    code = _code(login_as(people.coordinator), ended)
    ended.ended_at = utcnow() - timedelta(hours=25)
    db.session.commit()
    resp = login_as(people.participant).post("/attendance/claim", data={"code": code, "minutes": "42"})
    assert resp.status_code == 400 and "This code has expired" in resp.get_data(as_text=True)
    assert db.session.query(AttendanceClaim).count() == 0


def test_a_code_works_while_the_session_is_live(people, login_as):
    s = make_session(people.program, starts_at=utcnow() - timedelta(minutes=30), status=SessionStatus.live,
                     started_at=utcnow() - timedelta(minutes=30))
    code = _code(login_as(people.coordinator), s)
    assert login_as(people.participant).post("/attendance/claim", data={"code": code, "minutes": "25"}).status_code == 303


def test_a_non_member_may_not_claim(people, ended, login_as):
    code = _code(login_as(people.coordinator), ended)
    assert login_as(people.outsider).post("/attendance/claim", data={"code": code, "minutes": "42"}).status_code == 403
    assert db.session.query(AttendanceClaim).count() == 0


def test_the_claim_page_needs_a_login(client):
    resp = client.get("/attendance/claim")
    assert resp.status_code == 302 and "/auth/login" in resp.headers["Location"]


def test_code_attempts_are_rate_limited(people, ended, login_as):
    code = _code(login_as(people.coordinator), ended)
    p = login_as(people.participant)
    for _n in range(10):
        assert p.post("/attendance/claim", data={"code": "WRONG2", "minutes": "10"}).status_code == 400
    # Even the right code is refused until the window passes.
    resp = p.post("/attendance/claim", data={"code": code, "minutes": "10"})
    assert resp.status_code == 400 and "Too many codes tried" in resp.get_data(as_text=True)
    assert db.session.query(AttendanceClaim).count() == 0
    # Another person is not held back by it.
    assert login_as(people.learner).post("/attendance/claim", data={"code": code, "minutes": "10"}).status_code == 303


@pytest.mark.parametrize("role", ["specialist", "participant", "learner", "outsider"])
def test_only_coordinators_decide_claims(people, ended, login_as, role):
    code = _code(login_as(people.coordinator), ended)
    login_as(people.participant).post("/attendance/claim", data={"code": code, "minutes": "50"})
    claim = db.session.scalar(select(AttendanceClaim))
    assert login_as(people.user(role)).post(f"/attendance/claims/{claim.id}/decide",
                                             data={"decision": "approve"}).status_code == 403
    db.session.refresh(claim)
    assert claim.status == ClaimStatus.pending


def test_the_session_page_leads_to_the_claim_while_the_code_works(people, ended, login_as):
    """An audio-only attendee finds the form from the session's page, and only while a code
    works; the coordinator finds the code and the corrections there."""
    member = login_as(people.participant)
    claim_link = 'href="/attendance/claim"'
    assert claim_link not in member.get(f"/sessions/{ended.id}").get_data(as_text=True)  # no code yet
    coordinator = login_as(people.coordinator)
    page = coordinator.get(f"/sessions/{ended.id}").get_data(as_text=True)
    assert f'href="/attendance/sessions/{ended.id}/code"' in page and f'href="/attendance/sessions/{ended.id}/edits"' in page
    _code(coordinator, ended)
    assert claim_link in member.get(f"/sessions/{ended.id}").get_data(as_text=True)
    assert claim_link not in login_as(people.outsider).get(f"/sessions/{ended.id}").get_data(as_text=True)
