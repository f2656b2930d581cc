"""Program and session pages: create, edit, bad input kept, occurrences moved/cancelled, join button."""
from __future__ import annotations

from datetime import datetime, time, timedelta

from sqlalchemy import select

from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, Program, Role
from tests.factories import add_member, make_program, make_session, make_user
from tests.helpers import program_form


def _future_form(**over):
    first = (utcnow() + timedelta(days=30)).date()
    # the Tuesday on or after `first`
    first += timedelta(days=(1 - first.weekday()) % 7)
    return program_form(first_date=first.isoformat(), until_date=(first + timedelta(days=7 * 9)).isoformat(), **over)


def test_user_with_the_right_creates_weekly_program_and_becomes_coordinator(app, login_as):
    user = make_user(timezone_name="America/New_York", can_create_programs=True)
    c = login_as(user)
    r = c.post("/programs/new", data=_future_form())
    assert r.status_code == 302, r.get_data(as_text=True)[:2000]
    program = db.session.scalar(select(Program).where(Program.name == "Behavioral Health ECHO"))
    assert program.rrule == "FREQ=WEEKLY;BYDAY=TU" and program.timezone == "America/Denver"
    m = db.session.scalar(select(Membership).where(Membership.program_id == program.id))
    assert m.user_id == user.id and m.role == Role.coordinator
    assert len(program.sessions) == 10
    page = c.get(f"/programs/{program.id}").get_data(as_text=True)
    # Shown in the viewer's zone (New York) with the program's zone beside it.
    assert "2:00 pm (your time, America/New_York) · 12:00 pm in the program&#39;s zone America/Denver" in page
    assert "Subscribe to calendar" in page


BAD_PROGRAM_INPUT = [
    ({"frequency": "custom", "custom_rrule": "FREQ=SOMETIMES"}, "custom_rrule", "FREQ must be"),
    ({"timezone": "Mars/Olympus"}, "timezone", "time zone"),
    ({"video_url": "zoom meeting 123"}, "video_url", "https://"),
    ({"video_url": "javascript:alert(1)"}, "video_url", "https://"),
    ({"first_date": "2027-13-45"}, "first_date", "date"),
    ({"until_date": "2026-01-01"}, "until_date", "on or after"),
    ({"until_date": "2035-01-01"}, "until_date", "3 years"),
    ({"weekday": ""}, "weekday", "weekday"),
    ({"duration_minutes": "0"}, "duration_minutes", "Between 5 and 720"),
    ({"name": ""}, "name", "name"),
]


def test_bad_program_input_shows_error_beside_field_and_keeps_input(app, login_as):
    c = login_as(make_user(can_create_programs=True))
    for over, field, message in BAD_PROGRAM_INPUT:
        data = program_form(**over)
        r = c.post("/programs/new", data=data)
        assert r.status_code == 400, over
        html = r.get_data(as_text=True)
        assert f'id="{field}-error"' in html and message in html, over
        assert f'aria-describedby="{field}-error"' in html or f'-hint {field}-error"' in html, over
        # What the user typed is still in the form, the bad value included.
        for name in ("custom_rrule", "video_url", "first_date", "until_date", "name"):
            if data[name]:
                assert f'value="{data[name]}"' in html, (over, name)
        assert 'value="Behavioral Health in Primary Care"' in html
    assert db.session.scalar(select(Program)) is None


def test_edit_program_shows_current_rule_and_saves(app, login_as, people):
    p = people.program
    c = login_as(people.coordinator)
    p.rrule, p.first_date, p.start_time = "FREQ=MONTHLY;BYDAY=1TH", datetime(2027, 1, 1).date(), time(7, 30)
    db.session.commit()
    html = c.get(f"/programs/{p.id}/edit").get_data(as_text=True)
    assert '<option selected value="monthly">' in html and '<option selected value="TH">' in html
    r = c.post(f"/programs/{p.id}/edit", data=_future_form(name="Renamed", visibility="invite_only"))
    assert r.status_code == 302
    db.session.expire_all()
    assert p.name == "Renamed" and p.visibility.value == "invite_only" and p.rrule == "FREQ=WEEKLY;BYDAY=TU"
    assert len(p.sessions) == 10


def test_edit_program_bad_input_keeps_it(app, login_as, people):
    p = people.program
    c = login_as(people.coordinator)
    r = c.post(f"/programs/{p.id}/edit", data=_future_form(frequency="custom", custom_rrule="FREQ=WEEKLY;BYDAY=ZZ"))
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert 'value="FREQ=WEEKLY;BYDAY=ZZ"' in html and "not a valid RFC 5545 rule" in html


def test_move_one_occurrence_keeps_others(app, login_as, people):
    c = login_as(people.coordinator)
    c.post("/programs/new", data=_future_form())
    program = db.session.scalar(select(Program).where(Program.name == "Behavioral Health ECHO"))
    # the creator is coordinator; make people's coordinator coordinator here too
    s1, s2, s3 = sorted(program.sessions, key=lambda s: s.starts_at)[:3]
    before3 = s3.starts_at
    local = s2.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Denver"))
    r = c.post(f"/sessions/{s2.id}/edit", data={"date": (local.date() + timedelta(days=1)).isoformat(), "start_time": "13:00",
                                                 "duration_minutes": "60", "didactic_title": "Lithium monitoring",
                                                 "didactic_speaker": "Dr. B", "notes": ""})
    assert r.status_code == 302
    db.session.expire_all()
    assert s2.is_modified and s2.ical_sequence == 1 and s2.didactic_title == "Lithium monitoring"
    assert s2.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Denver")).hour == 13
    assert s3.starts_at == before3 and not s3.is_modified and s1.ical_sequence == 0
    page = c.get(f"/sessions/{s2.id}").get_data(as_text=True)
    assert "Lithium monitoring" in page and "Dr. B" in page and "Moved from" in page
    # A later rule change leaves the moved one alone.
    c.post(f"/programs/{program.id}/edit", data=_future_form(start_time="15:00"))
    db.session.expire_all()
    assert s2.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Denver")).hour == 13
    assert s3.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Denver")).hour == 15


def test_edit_session_bad_input_kept(app, login_as, people):
    s = make_session(people.program)
    c = login_as(people.coordinator)
    r = c.post(f"/sessions/{s.id}/edit", data={"date": "2027-02-31", "start_time": "12:00", "duration_minutes": "60",
                                                "didactic_title": "Kept title"})
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    assert 'id="date-error"' in html and 'value="Kept title"' in html and 'value="2027-02-31"' in html


def test_cancel_and_restore_one_occurrence(app, login_as, people):
    p = people.program
    a, b = make_session(p), make_session(p, starts_at=utcnow() + timedelta(days=14))
    c = login_as(people.coordinator)
    assert c.post(f"/sessions/{a.id}/cancel").status_code == 302
    db.session.expire_all()
    assert a.status == SessionStatus.cancelled and a.is_modified and a.ical_sequence == 1
    assert b.status == SessionStatus.scheduled
    assert "cancelled" in c.get(f"/sessions/{a.id}").get_data(as_text=True)
    assert c.post(f"/sessions/{a.id}/restore").status_code == 302
    db.session.expire_all()
    assert a.status == SessionStatus.scheduled and a.ical_sequence == 2


def test_ended_session_cannot_be_moved(app, login_as, people):
    s = make_session(people.program, status=SessionStatus.ended)
    c = login_as(people.coordinator)
    assert c.post(f"/sessions/{s.id}/cancel").status_code == 409


def test_one_off_session(app, login_as, people):
    p = people.program
    c = login_as(people.coordinator)
    day = (utcnow() + timedelta(days=10)).date().isoformat()
    r = c.post(f"/programs/{p.id}/sessions/new", data={"date": day, "start_time": "09:15", "duration_minutes": "45",
                                                       "didactic_title": "Special session", "didactic_speaker": "Guest"})
    assert r.status_code == 302
    s = db.session.scalar(select(ClinicSession).where(ClinicSession.program_id == p.id))
    assert s.is_one_off and s.duration_minutes == 45 and s.didactic_title == "Special session"
    assert s.starts_at.astimezone(__import__("zoneinfo").ZoneInfo("America/Denver")).time() == time(9, 15)


def test_join_video_button_from_20_minutes_before(app, login_as, people):
    p = people.program
    soon = make_session(p, starts_at=utcnow() + timedelta(minutes=10))
    later = make_session(p, starts_at=utcnow() + timedelta(minutes=40))
    c = login_as(people.participant)
    html = c.get(f"/sessions/{soon.id}").get_data(as_text=True)
    assert 'class="button join-button" href="https://zoom.us/j/123456789" target="_blank" rel="noopener noreferrer">' in html
    html = c.get(f"/sessions/{later.id}").get_data(as_text=True)
    assert 'rel="noopener noreferrer" hidden>Join video' in html and "20 minutes before" in html
    # Outsiders of a public program see the session, not the video link.
    html = login_as(people.outsider).get(f"/sessions/{soon.id}").get_data(as_text=True)
    assert "zoom.us" not in html


def test_session_page_includes_plugin_points(app, login_as, people, tmp_path):
    s = make_session(people.program)
    html = login_as(people.learner).get(f"/sessions/{s.id}").get_data(as_text=True)
    assert 'class="session-agenda"' in html and 'class="session-live"' in html


def test_programs_list_shows_public_and_mine(app, login_as, people):
    from echo.programs.models import Visibility

    make_program(make_user(), name="Secret clinic", visibility=Visibility.invite_only)
    mine = make_program(make_user(), name="My invite-only clinic", visibility=Visibility.invite_only)
    add_member(mine, people.learner, "learner")
    html = login_as(people.learner).get("/programs").get_data(as_text=True)
    assert people.program.name in html and "My invite-only clinic" in html and "Secret clinic" not in html
    assert "Secret clinic" in login_as(people.admin).get("/programs").get_data(as_text=True)


def test_home_page_lists_programs_and_next_sessions(app, login_as, people):
    p = people.program
    s = make_session(p, didactic_title="Insomnia and CBT-I")
    make_session(p, starts_at=utcnow() + timedelta(days=3), status=SessionStatus.cancelled, didactic_title="Cancelled one")
    html = login_as(people.participant).get("/home").get_data(as_text=True)
    assert p.name in html and f"/programs/{p.id}" in html
    assert f"/sessions/{s.id}" in html and "Insomnia and CBT-I" in html and "Cancelled one" not in html


def test_unknown_ids_404(app, login_as, people):
    c = login_as(people.admin)
    for url in ["/programs/999999", "/programs/999999/edit", "/sessions/999999", "/sessions/999999/edit",
                "/programs/999999/members", "/programs/999999/sessions/new"]:
        assert c.get(url).status_code == 404, url
    for url in ["/sessions/999999/cancel", "/sessions/999999/restore", "/programs/999999/join", "/programs/999999/leave",
                "/programs/999999/invites", "/programs/999999/calendar/reset", "/programs/999999/members/1/approve",
                "/programs/999999/members/1/role", "/programs/999999/members/1/remove", "/programs/999999/invites/1/revoke",
                "/programs/999999/edit", "/sessions/999999/edit", "/programs/999999/sessions/new"]:
        assert c.post(url).status_code == 404, url


def test_unknown_member_and_invite_ids_404(app, login_as, people):
    p = people.program
    other = make_program(make_user())
    foreign = add_member(other, make_user(), "learner")
    c = login_as(people.coordinator)
    assert c.post(f"/programs/{p.id}/members/999999/remove").status_code == 404
    assert c.post(f"/programs/{p.id}/members/{foreign.id}/remove").status_code == 404  # not in this program
    assert c.post(f"/programs/{p.id}/members/{foreign.id}/approve").status_code == 404
    assert c.post(f"/programs/{p.id}/invites/999999/revoke").status_code == 404


def test_session_notes_for_members_only(app, login_as, people):
    s = make_session(people.program, notes="Bring your PHQ-9 registry")
    assert "Bring your PHQ-9 registry" in login_as(people.learner).get(f"/sessions/{s.id}").get_data(as_text=True)
    assert "Bring your PHQ-9 registry" not in login_as(people.outsider).get(f"/sessions/{s.id}").get_data(as_text=True)
