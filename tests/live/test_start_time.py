"""Starting a session: near its scheduled time it starts as scheduled; far from it the start is
refused until the coordinator agrees to move the session to now, so that its summary, attendance
and calendar carry the day it ran (socket and no-JavaScript board; SQLite and PostgreSQL)."""
from __future__ import annotations

import html as htmllib
from datetime import timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select

from echo.accounts.models import AuditLog
from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import PresenceInterval
from echo.programs.clinic_session import ClinicSession, SessionStatus
from tests.factories import make_case, make_session, soon
from tests.helpers import ack, events_of, shown_text


def _scene(people, starts_at):
    program = people.program
    session = make_session(program, starts_at=starts_at, occurrence_start=starts_at, is_one_off=False)
    make_case(program, people.participant, CaseState.accepted, session, agenda_position=1)
    return session


def _fresh(session_id: int) -> ClinicSession:
    db.session.expire_all()
    return db.session.get(ClinicSession, session_id)


def test_a_session_days_ahead_is_not_started_without_moving_it(app, people, socket_client):
    ahead = (utcnow() + timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    s = _scene(people, ahead)
    coord = socket_client(people.coordinator)
    assert ack(coord, "join", session_id=s.id, last_seq=0)["ok"]

    r = ack(coord, "start_session", session_id=s.id, client_id="go-1")
    assert r["ok"] is False and r["error"]["code"] == "not_now"
    assert "scheduled for" in r["error"]["message"] and "move it to now" in r["error"]["message"]
    s = _fresh(s.id)
    assert s.status == SessionStatus.scheduled and s.starts_at == ahead and s.last_seq == 0
    assert ack(coord, "start_session", session_id=s.id, move_to_now="yes", client_id="go-2")["error"]["code"] == "invalid"

    before = utcnow()
    r = ack(coord, "start_session", session_id=s.id, move_to_now=True, client_id="go-3")
    assert r["ok"] and r["event"]["kind"] == "session_started"
    s = _fresh(s.id)
    assert s.status == SessionStatus.live
    # Moved to now (to the minute), as an edit of this occurrence alone: calendars take the change.
    assert before.replace(second=0, microsecond=0) <= s.starts_at <= s.started_at
    assert s.is_modified and s.ical_sequence == 1 and s.occurrence_start == ahead
    assert db.session.scalar(select(AuditLog).where(AuditLog.action == "session.moved_to_now", AuditLog.object_id == s.id))
    assert [e["kind"] for e in events_of(coord)] == ["session_started"]


def test_near_its_time_a_session_starts_as_scheduled(app, people, socket_client):
    at = soon(30)
    s = _scene(people, at)
    coord = socket_client(people.coordinator)
    assert ack(coord, "start_session", session_id=s.id, client_id="go")["ok"]
    s = _fresh(s.id)
    assert s.status == SessionStatus.live and s.starts_at == at and not s.is_modified and s.ical_sequence == 0


def test_a_session_whose_time_has_passed_asks_to_move_too(app, people, socket_client):
    s = _scene(people, (utcnow() - timedelta(days=2)).replace(second=0, microsecond=0))
    coord = socket_client(people.coordinator)
    assert ack(coord, "start_session", session_id=s.id, client_id="go")["error"]["code"] == "not_now"
    assert _fresh(s.id).status == SessionStatus.scheduled


def test_the_moved_session_keeps_its_real_date_in_attendance(app, people, socket_client, login_as):
    ahead = (utcnow() + timedelta(days=5)).replace(hour=19, minute=0, second=0, microsecond=0)
    s = _scene(people, ahead)
    coord = socket_client(people.coordinator)
    assert ack(coord, "join", session_id=s.id, last_seq=0)["ok"]
    assert ack(coord, "start_session", session_id=s.id, move_to_now=True, client_id="go")["ok"]
    # Half an hour in the room, then the session ends.
    s = _fresh(s.id)
    half_hour = timedelta(minutes=30)
    s.starts_at, s.started_at = s.starts_at - half_hour, s.started_at - half_hour
    for p in db.session.scalars(select(PresenceInterval).where(PresenceInterval.session_id == s.id)):
        p.joined_at = s.started_at
    db.session.commit()
    assert ack(coord, "end_session", session_id=s.id, client_id="end")["ok"]

    web = login_as(people.coordinator)
    page = htmllib.unescape(web.get(f"/sessions/{s.id}/attendance").get_data(as_text=True))
    today = _fresh(s.id).starts_at.astimezone(ZoneInfo(people.coordinator.timezone or "UTC"))
    # Dates of this year are shown without the year.
    assert today.strftime("%a %-d %b") in page
    scheduled = ahead.astimezone(today.tzinfo)
    assert scheduled.strftime("%a %-d %b") not in page
    row = next(line for line in page.splitlines() if people.coordinator.name in line and "<td>" in line)
    assert ">30</td>" in row


def test_without_javascript_the_board_offers_to_move_and_start(app, people, login_as):
    ahead = (utcnow() + timedelta(days=5)).replace(minute=0, second=0, microsecond=0)
    s = _scene(people, ahead)
    web = login_as(people.coordinator)
    html = htmllib.unescape(web.get(f"/sessions/{s.id}/live").get_data(as_text=True))
    assert "Move to now and start" in html and 'name="move_to_now" value="yes"' in html
    assert "Starting it now moves it to now" in html

    r = web.post(f"/sessions/{s.id}/live/start", data={"client_id": "nojs-go-1"})
    assert r.status_code == 409 and "move it to now" in htmllib.unescape(r.get_data(as_text=True))
    assert _fresh(s.id).status == SessionStatus.scheduled

    r = web.post(f"/sessions/{s.id}/live/start", data={"client_id": "nojs-go-2", "move_to_now": "yes"})
    assert r.status_code == 303
    s = _fresh(s.id)
    assert s.status == SessionStatus.live and s.starts_at <= s.started_at and s.starts_at.date() == utcnow().date()


def test_near_its_time_the_board_just_starts(app, people, login_as):
    s = _scene(people, soon())
    html = login_as(people.coordinator).get(f"/sessions/{s.id}/live").get_data(as_text=True)
    assert "Start the session" in html and "Move to now and start" not in shown_text(html) and "move_to_now" not in html


def test_others_may_not_start_or_move_it(app, people, socket_client):
    s = _scene(people, (utcnow() + timedelta(days=5)).replace(microsecond=0))
    for who in ("specialist", "participant", "learner", "outsider"):
        r = ack(socket_client(people.user(who)), "start_session", session_id=s.id, move_to_now=True, client_id=f"go-{who}")
        assert r["ok"] is False and r["error"]["code"] == "forbidden", who
    assert _fresh(s.id).status == SessionStatus.scheduled
