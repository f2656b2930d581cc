"""iCalendar feeds: stable UIDs, SEQUENCE, cancelled and moved occurrences, TZID, token reset."""
from __future__ import annotations

from datetime import UTC, time, timedelta

from icalendar import Calendar

from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs import scheduling
from echo.programs.clinic_session import SessionStatus
from echo.programs.models import Visibility
from tests.factories import add_member, make_program, make_session, make_user
from tests.helpers import feed_token


def _events(body: bytes) -> dict:
    cal = Calendar.from_ical(body)
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_program_feed(app, client, people):
    p = people.program
    p.rrule, p.first_date, p.start_time = "FREQ=WEEKLY;BYDAY=TU", (utcnow() + timedelta(days=1)).date(), time(12, 0)
    p.until_date = p.first_date + timedelta(days=200)
    scheduling.do_apply_schedule(p)
    db.session.commit()
    sessions = sorted(p.sessions, key=lambda s: s.starts_at)
    cancelled, moved = sessions[1], sessions[2]
    cancelled.status, cancelled.is_modified, cancelled.ical_sequence = SessionStatus.cancelled, True, 1
    moved.starts_at += timedelta(days=1, hours=1)
    moved.is_modified, moved.ical_sequence = True, 2
    moved.didactic_title, moved.didactic_speaker = "Lithium monitoring", "Dr. B"
    db.session.commit()
    r = client.get(f"/calendar/program/{feed_token(p)}.ics")
    assert r.status_code == 200 and r.mimetype == "text/calendar"
    body = r.data
    assert b"BEGIN:VTIMEZONE" in body and b"TZID:America/Denver" in body
    events = _events(body)
    assert set(events) == {f"session-{s.id}@echo" for s in sessions}
    first = events[f"session-{sessions[0].id}@echo"]
    assert first["DTSTART"].params["TZID"] == "America/Denver"
    assert first.decoded("DTSTART").replace(tzinfo=None).time() == time(12, 0)
    assert str(first["STATUS"]) == "CONFIRMED" and int(first["SEQUENCE"]) == 0
    # One link shared by all members cannot tell a removed member from a current one: the video
    # link is only in each person's own feed; this one points to the session page.
    assert "zoom.us" not in body.decode() and f"/sessions/{sessions[0].id}" in str(first["DESCRIPTION"])
    c = events[f"session-{cancelled.id}@echo"]
    assert str(c["STATUS"]) == "CANCELLED" and int(c["SEQUENCE"]) == 1
    m = events[f"session-{moved.id}@echo"]
    assert m.decoded("DTSTART").astimezone(UTC) == moved.starts_at and int(m["SEQUENCE"]) == 2
    assert "Lithium monitoring" in str(m["SUMMARY"])
    # Across the November change the local time stays at noon.
    nov = [e for e in events.values() if e.decoded("DTSTART").month in (11, 12) and str(e["STATUS"]) == "CONFIRMED"]
    assert all(e.decoded("DTSTART").time() == time(12, 0) for e in nov if e["UID"] != f"session-{moved.id}@echo")


def test_personal_feed_all_my_programs_only(app, client, people):
    user = people.participant
    p1 = people.program
    p2 = make_program(make_user(), name="Hepatitis C ECHO", tz="America/Los_Angeles", visibility=Visibility.invite_only)
    p3 = make_program(make_user(), name="Not mine")
    add_member(p2, user, "learner")
    s1, s2, _ = make_session(p1), make_session(p2), make_session(p3)
    body = client.get(f"/calendar/me/{feed_token(user)}.ics").data
    events = _events(body)
    assert set(events) == {f"session-{s1.id}@echo", f"session-{s2.id}@echo"}
    assert b"TZID:America/Los_Angeles" in body and b"TZID:America/Denver" in body


def test_unknown_tokens_404(app, client):
    assert client.get("/calendar/program/nope.ics").status_code == 404
    assert client.get("/calendar/me/nope.ics").status_code == 404


def test_token_reset(app, login_as, people):
    p, user = people.program, people.participant
    old_p, old_u = feed_token(p), feed_token(user)
    assert login_as(people.coordinator).post(f"/programs/{p.id}/calendar/reset").status_code == 302
    assert login_as(user).post("/calendar/me/reset").status_code == 302
    db.session.expire_all()
    assert feed_token(p) != old_p and feed_token(user) != old_u
    c = app.test_client()
    assert c.get(f"/calendar/program/{old_p}.ics").status_code == 404
    assert c.get(f"/calendar/me/{old_u}.ics").status_code == 404
    assert c.get(f"/calendar/program/{feed_token(p)}.ics").status_code == 200
    assert c.get(f"/calendar/me/{feed_token(user)}.ics").status_code == 200


def test_subscribe_links_on_pages(app, login_as, people):
    p, user = people.program, people.learner
    c = login_as(user)
    assert f"/calendar/program/{feed_token(p)}.ics" in c.get(f"/programs/{p.id}").get_data(as_text=True)
    assert f"/calendar/me/{feed_token(user)}.ics" in c.get("/programs").get_data(as_text=True)
    # A non-member of a public program does not get the program's secret link.
    assert feed_token(p) not in login_as(people.outsider).get(f"/programs/{p.id}").get_data(as_text=True)


def test_every_text_property_is_escaped_and_folded(app, client, people):
    """A line feed or a bare CR in a program's name (or anything else shown in the feed) stays
    inside its property: escaped as \\n, lines folded at 75 octets, every line ending in CRLF."""
    p = people.program
    p.name = "Pain\nECHO\r; Tuesdays, noon " + "é" * 60
    p.topic = "Opioids\rand\nbenzodiazepines"
    p.video_url = "https://zoom.us/j/123456789?pwd=a,b;c"
    p.rrule, p.first_date, p.start_time = "FREQ=WEEKLY;BYDAY=TU", (utcnow() + timedelta(days=1)).date(), time(12, 0)
    p.until_date = p.first_date + timedelta(days=21)
    scheduling.do_apply_schedule(p)
    session = min(p.sessions, key=lambda s: s.starts_at)
    session.didactic_title, session.didactic_speaker = "Tapering\r\nsafely", "Dr.\rB"
    db.session.commit()
    feeds = [client.get(f"/calendar/program/{feed_token(p)}.ics").data,
             client.get(f"/calendar/me/{feed_token(people.participant)}.ics").data]
    for body in feeds:
        assert body.endswith(b"\r\n")
        lines = body[:-2].split(b"\r\n")
        assert all(b"\r" not in line and b"\n" not in line for line in lines)
        assert all(len(line) <= 75 for line in lines)
        event = _events(body)[f"session-{session.id}@echo"]
        assert str(event["SUMMARY"]) == "Pain\nECHO\n; Tuesdays, noon " + "é" * 60 + ": Tapering\nsafely"
        assert "Didactic: Tapering\nsafely (Dr.\nB)" in str(event["DESCRIPTION"])
    # The video link is only in the personal feed (the shared program feed cannot tell a former member).
    assert str(_events(feeds[1])[f"session-{session.id}@echo"]["LOCATION"]) == "https://zoom.us/j/123456789?pwd=a,b;c"
    # X-WR-* have no type in RFC 5545, so the parser hands them back as written: TEXT escaped.
    unfolded = feeds[0].replace(b"\r\n ", b"").decode().split("\r\n")
    assert "X-WR-CALNAME:Pain\\nECHO\\n\\; Tuesdays\\, noon " + "é" * 60 in unfolded
    assert any(line.startswith("X-WR-CALDESC:Opioids\\nand\\nbenzodiazepines · Every Tuesday") for line in unfolded)
