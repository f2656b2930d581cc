"""Session reminders: 24 hours before, in each member's zone, once per member and session,
none for a cancelled session, however many times (and in how many consumers) the job runs."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from echo.core import mail
from echo.core.extensions import db
from echo.programs.clinic_session import SessionStatus
from echo.programs.reminders import SessionReminder, send_due_reminders
from tests.factories import add_member, make_program, make_session, make_user

NOW = datetime(2027, 3, 10, 15, 0, tzinfo=UTC)


@pytest.fixture
def clinic(app):
    coordinator = make_user("Cora Ordinator", timezone_name="America/Denver")
    program = make_program(coordinator, name="Pain clinic", tz="America/Denver")
    tokyo = make_user("Kenji Sato", email="kenji@example.org", timezone_name="Asia/Tokyo")
    lima = make_user("Rosa Quispe", email="rosa@example.org", timezone_name="America/Lima")
    add_member(program, tokyo, "participant")
    add_member(program, lima, "specialist")
    mail.outbox.clear()
    return {"program": program, "coordinator": coordinator, "tokyo": tokyo, "lima": lima}


def _reminders() -> dict[str, str]:
    return {m["To"]: m["Subject"] + "\n" + m.get_content() for m in mail.outbox if m["Subject"].startswith("Reminder:")}


def test_members_are_reminded_a_day_ahead_in_their_own_zone(clinic):
    session = make_session(clinic["program"], NOW + timedelta(hours=23, minutes=58), didactic_title="Tapering opioids")
    assert send_due_reminders(NOW) == 3
    sent = _reminders()
    assert set(sent) == {clinic["coordinator"].email, "kenji@example.org", "rosa@example.org"}
    # 14:58 UTC on 11 March: 11:58 pm in Tokyo, 9:58 am in Lima, 7:58 am in Denver (MST)
    assert "11:58 pm (Asia/Tokyo)" in sent["kenji@example.org"] and "Thu 11 Mar" in sent["kenji@example.org"]
    assert "9:58 am (America/Lima)" in sent["rosa@example.org"]
    assert "7:58 am (America/Denver)" in sent[clinic["coordinator"].email]
    assert "Tapering opioids" in sent["kenji@example.org"]
    assert f"/sessions/{session.id}" in sent["kenji@example.org"] and sent["kenji@example.org"].count("http") == 1


def test_not_before_24_hours_and_not_after_the_start(clinic):
    make_session(clinic["program"], NOW + timedelta(hours=24, minutes=5))
    make_session(clinic["program"], NOW - timedelta(minutes=5))
    assert send_due_reminders(NOW) == 0 and _reminders() == {}
    assert send_due_reminders(NOW + timedelta(minutes=5)) == 3  # the later session is now a day away


def test_each_member_once_per_session_however_often_the_job_runs(clinic):
    make_session(clinic["program"], NOW + timedelta(hours=20))
    assert send_due_reminders(NOW) == 3
    assert send_due_reminders(NOW + timedelta(minutes=5)) == 0
    assert send_due_reminders(NOW + timedelta(hours=10)) == 0
    assert len(_reminders()) == 3 and len(mail.outbox) == 3
    # A member who joins afterwards still gets theirs, once.
    late = make_user("Late Joiner", email="late@example.org", timezone_name="Europe/Paris")
    add_member(clinic["program"], late, "participant")
    assert send_due_reminders(NOW + timedelta(hours=11)) == 1
    assert send_due_reminders(NOW + timedelta(hours=12)) == 0
    assert "late@example.org" in _reminders()


def test_a_second_consumer_finds_the_reminders_recorded(clinic, app):
    """Two consumers (or a restarted one) share only the database: its record decides."""
    session = make_session(clinic["program"], NOW + timedelta(hours=3))
    assert send_due_reminders(NOW) == 3
    ids, session_id = [clinic["tokyo"].id, clinic["lima"].id], session.id
    db.session.remove()  # another process: nothing remembered but the rows
    from echo.accounts.models import User
    from echo.programs import reminders

    # Even a run that listed the members before the first one recorded them sends nothing.
    listed = reminders.members_to_remind
    try:
        reminders.members_to_remind = lambda s: [db.session.get(User, i) for i in ids]
        assert send_due_reminders(NOW) == 0
    finally:
        reminders.members_to_remind = listed
    assert db.session.query(SessionReminder).filter_by(session_id=session_id).count() == 3
    assert len(_reminders()) == 3


def test_cancelled_sessions_send_none(clinic):
    make_session(clinic["program"], NOW + timedelta(hours=2), status=SessionStatus.cancelled)
    assert send_due_reminders(NOW) == 0 and _reminders() == {}


def test_pending_members_and_deactivated_accounts_get_none(clinic):
    from echo.programs.models import Membership, MembershipStatus

    asking = make_user("Asking Only", email="asking@example.org")
    db.session.add(Membership(program_id=clinic["program"].id, user_id=asking.id, role="participant",
                              status=MembershipStatus.requested))
    clinic["lima"].is_active_account = False
    db.session.commit()
    make_session(clinic["program"], NOW + timedelta(hours=2))
    assert send_due_reminders(NOW) == 2
    assert set(_reminders()) == {clinic["coordinator"].email, "kenji@example.org"}


def test_the_periodic_job_runs_every_five_minutes(app):
    huey = app.extensions["huey"]
    assert [t.name for t in huey.read_periodic(datetime(2027, 1, 1, 10, 5))] == ["send_reminders"]
    assert huey.read_periodic(datetime(2027, 1, 1, 10, 6)) == []


def test_the_job_through_the_queue_sends_the_reminders(clinic, app):
    """The periodic job as the consumer runs it (immediate mode here): its own app context."""
    make_session(clinic["program"], datetime.now(UTC) + timedelta(hours=5))
    app.extensions["jobs"]["send_reminders"]()
    assert len(_reminders()) == 3
