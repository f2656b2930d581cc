"""iCalendar (RFC 5545) feeds: one per program and one per person (all their programs).

Each session is one VEVENT with a stable UID (`session-<id>@echo`): a moved occurrence keeps
its UID and simply has a new DTSTART, a cancelled one carries STATUS:CANCELLED, and SEQUENCE
(ClinicSession.ical_sequence, bumped on every change) tells calendar apps to take the update.
Times are given with the program's TZID and a VTIMEZONE, so a subscriber's calendar keeps a
weekly clinic at the same local time across daylight-saving changes.

The video link is only in the personal feed, which is built from the person's active
memberships at every fetch: a member removed from a program stops receiving its sessions and
link. The program's feed is one link shared by all its members, so it cannot tell who fetches
it; it carries the session page's address (which checks membership) instead of the video link.
"""
from __future__ import annotations

from datetime import timedelta
from zoneinfo import ZoneInfo

from flask_babel import force_locale
from flask_babel import gettext as _
from icalendar import Calendar, Event, vText
from sqlalchemy import select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Program
from echo.programs.language import language_for
from echo.programs.rrules import describe_rule

PAST_DAYS = 120  # how far back a feed reaches


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//ECHO case conference//echo//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    # X-WR-* are not RFC 5545 properties, so icalendar would write them unescaped: as vText
    # they get TEXT escaping (a line break in a program's name would otherwise end the line).
    cal.add("x-wr-calname", vText(name))
    cal.add("refresh-interval", timedelta(hours=6), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    return cal


def uid_of(session: ClinicSession) -> str:
    return f"session-{session.id}@echo"


def _event(session: ClinicSession, program: Program, base_url: str, with_video: bool) -> Event:
    """The session as a VEVENT, its words in the program's language."""
    with force_locale(language_for(None, program)):
        return _event_in_locale(session, program, base_url, with_video)


def _event_in_locale(session: ClinicSession, program: Program, base_url: str, with_video: bool) -> Event:
    zone = ZoneInfo(program.timezone)
    ev = Event()
    ev.add("uid", uid_of(session))
    ev.add("dtstamp", utcnow())
    ev.add("dtstart", session.starts_at.astimezone(zone))
    ev.add("dtend", session.ends_at.astimezone(zone))
    title = program.name + (f": {session.didactic_title}" if session.didactic_title else "")
    ev.add("summary", title)
    page = f"{base_url.rstrip('/')}/sessions/{session.id}"
    lines = [f"{program.name} ({program.topic})" if program.topic else program.name]
    if session.didactic_title:
        lines.append(_("Didactic: %(title)s (%(speaker)s)", title=session.didactic_title, speaker=session.didactic_speaker)
                     if session.didactic_speaker else _("Didactic: %(title)s", title=session.didactic_title))
    if with_video and program.video_url:
        lines.append(_("Join video: %(url)s", url=program.video_url))
    lines.append(_("Session page: %(url)s", url=page))
    ev.add("description", "\n".join(lines))
    if with_video and program.video_url:
        ev.add("location", program.video_url)
    ev.add("url", page)
    ev.add("sequence", session.ical_sequence or 0)
    ev.add("status", "CANCELLED" if session.status == SessionStatus.cancelled else "CONFIRMED")
    ev.add("last-modified", session.created_at or utcnow())
    return ev


def _sessions(program_ids: list[int]) -> list[ClinicSession]:
    if not program_ids:
        return []
    since = utcnow() - timedelta(days=PAST_DAYS)
    return list(db.session.scalars(
        select(ClinicSession).where(ClinicSession.program_id.in_(program_ids), ClinicSession.starts_at >= since).order_by(ClinicSession.starts_at)))


def _add_timezones(cal: Calendar, sessions: list[ClinicSession]) -> None:
    """VTIMEZONE for every TZID used, with only the transitions the feed's range needs."""
    if not sessions:
        return
    first = sessions[0].starts_at.date() - timedelta(days=400)
    last = sessions[-1].starts_at.date() + timedelta(days=400)
    cal.add_missing_timezones(first_date=first, last_date=last)


def program_feed(program: Program, base_url: str) -> bytes:
    cal = _calendar(program.name)
    cal.add("x-wr-timezone", program.timezone)
    if program.rrule:
        with force_locale(language_for(None, program)):
            cal.add("x-wr-caldesc", vText(f"{program.topic} · {describe_rule(program.rrule)} ({program.timezone})"))
    sessions = _sessions([program.id])
    for s in sessions:
        cal.add_component(_event(s, program, base_url, with_video=False))
    _add_timezones(cal, sessions)
    return cal.to_ical()


def personal_feed(user: User, base_url: str) -> bytes:
    cal = _calendar(f"ECHO: {user.name}")
    memberships = db.session.scalars(select(Membership).where(
        Membership.user_id == user.id, Membership.status == MembershipStatus.active)).all()
    programs = {m.program_id: m.program for m in memberships}
    sessions = _sessions(list(programs))
    for s in sessions:
        cal.add_component(_event(s, programs[s.program_id], base_url, with_video=True))
    _add_timezones(cal, sessions)
    return cal.to_ical()

