"""Coordinators' corrections of attendance: a reason is required (what was typed is kept), each
edit is audited without its free text, edits are listed, and only coordinators may make them."""
from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from echo.accounts.models import AuditLog
from echo.attendance.ledger import minutes_attended, share_attended
from echo.attendance.models import AttendanceEdit
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import PresenceInterval
from echo.programs.clinic_session import SessionStatus
from tests.factories import make_session

REASON = "Joined by phone from the clinic in Taos"


@pytest.fixture
def ended(people):
    """A 60-minute session that ended an hour ago; the participant was on the board for 20 minutes."""
    now = utcnow().replace(microsecond=0)
    s = make_session(people.program, starts_at=now - timedelta(hours=2), status=SessionStatus.ended,
                     started_at=now - timedelta(hours=2), ended_at=now - timedelta(hours=1))
    db.session.add(PresenceInterval(session_id=s.id, user_id=people.participant.id, sid="t-1",
                                    joined_at=now - timedelta(hours=2), left_at=now - timedelta(hours=2) + timedelta(minutes=20)))
    db.session.commit()
    return s


def _url(session):
    return f"/attendance/sessions/{session.id}/edits"


def _edit(user, minutes=55, kind="dropped", reason=REASON):
    return {"attendee": str(user.id), "minutes": str(minutes), "reason_kind": kind, "reason": reason}


def test_a_correction_sets_the_minutes_and_is_audited_without_its_words(people, ended, login_as):
    c = login_as(people.coordinator)
    assert minutes_attended(ended)[people.participant.id] == 20
    resp = c.post(_url(ended), data=_edit(people.participant))
    assert resp.status_code == 303
    edit = db.session.scalar(select(AttendanceEdit))
    assert (edit.user_id, edit.minutes, edit.reason_kind.value, edit.reason, edit.editor_id) == \
        (people.participant.id, 55, "dropped", REASON, people.coordinator.id)
    entry = db.session.scalar(select(AuditLog).where(AuditLog.action == "attendance.edited"))
    assert entry.actor_id == people.coordinator.id and entry.object_id == ended.id
    assert f"user={people.participant.id}" in entry.detail and "minutes=55" in entry.detail and "reason=dropped" in entry.detail
    assert "Taos" not in entry.detail and "phone" not in entry.detail
    assert minutes_attended(ended)[people.participant.id] == 55
    assert share_attended(ended, people.participant.id) == pytest.approx(55 / 60)
    # The edit is listed on the session's attendance page and on the corrections page.
    page = c.get(f"/sessions/{ended.id}/attendance").get_data(as_text=True)
    assert REASON in page and "Connection dropped" in page
    assert REASON in c.get(_url(ended)).get_data(as_text=True)


def test_adding_someone_the_board_never_saw(people, ended, login_as):
    c = login_as(people.coordinator)
    assert people.learner.id not in minutes_attended(ended)
    assert c.post(_url(ended), data=_edit(people.learner, 60, "phone")).status_code == 303
    assert minutes_attended(ended)[people.learner.id] == 60
    assert share_attended(ended, people.learner.id) == 1.0


def test_the_newest_edit_counts(people, ended, login_as):
    c = login_as(people.coordinator)
    c.post(_url(ended), data=_edit(people.participant, 55))
    c.post(_url(ended), data=_edit(people.participant, 40, "other", "Left early for a patient"))
    assert minutes_attended(ended)[people.participant.id] == 40
    assert db.session.query(AttendanceEdit).count() == 2


@pytest.mark.parametrize("change, field_text", [
    ({"reason": ""}, "Say why, in a few words."),
    ({"reason": "   "}, "Say why, in a few words."),
    ({"reason_kind": ""}, "Choose why the minutes change."),
    ({"minutes": "900"}, "Give the minutes attended, from 0 to"),
    ({"minutes": "-5"}, "Minutes cannot be negative."),
])
def test_a_correction_needs_a_reason_and_sane_minutes_and_keeps_the_form(people, ended, login_as, change, field_text):
    c = login_as(people.coordinator)
    data = {**_edit(people.participant, 45, reason="Typed by the coordinator"), **change}
    resp = c.post(_url(ended), data=data)
    page = resp.get_data(as_text=True)
    assert resp.status_code == 400
    assert field_text in page
    if change.get("reason", "x").strip():
        assert 'value="Typed by the coordinator"' in page
    assert db.session.query(AttendanceEdit).count() == 0
    assert db.session.query(AuditLog).filter_by(action="attendance.edited").count() == 0


def test_only_members_of_the_program_can_be_added(people, ended, login_as):
    c = login_as(people.coordinator)
    resp = c.post(_url(ended), data=_edit(people.outsider))
    assert resp.status_code == 400
    assert db.session.query(AttendanceEdit).count() == 0


def test_a_session_not_yet_started_cannot_be_corrected(people, login_as):
    s = make_session(people.program)
    c = login_as(people.coordinator)
    page = c.get(_url(s))
    assert page.status_code == 200 and "once the session has started" in page.get_data(as_text=True)
    assert c.post(_url(s), data=_edit(people.participant)).status_code == 409
    assert db.session.query(AttendanceEdit).count() == 0


@pytest.mark.parametrize("role", ["specialist", "participant", "learner", "outsider"])
def test_only_coordinators_correct_attendance(people, ended, login_as, role):
    c = login_as(people.user(role))
    assert c.get(_url(ended)).status_code == 403
    assert c.post(_url(ended), data=_edit(people.participant)).status_code == 403
    assert db.session.query(AttendanceEdit).count() == 0


def test_a_site_admin_may_correct(people, ended, login_as):
    assert login_as(people.admin).post(_url(ended), data=_edit(people.participant)).status_code == 303
