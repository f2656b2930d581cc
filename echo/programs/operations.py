"""Programs and their sessions (occurrences). Members and invitations: echo.programs.membership.

check_* validate and authorise (raise Invalid / NotAllowed / Conflict), do_* write without
committing (the request handler commits). No Flask request objects here.
"""
from __future__ import annotations

import logging
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from echo.accounts.models import User
from echo.core.errors import Conflict, Invalid, NotAllowed
from echo.core.extensions import db
from echo.core.i18n import DEFAULT_LANGUAGE, is_language
from echo.core.types import utcnow
from echo.programs import calendar_links, scheduling
from echo.programs.access import Viewer
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Program, Role, Visibility

log = logging.getLogger("echo.programs")

JOIN_WINDOW = timedelta(minutes=20)
START_EARLY = timedelta(hours=1)  # a session may be started this long before its scheduled start


# --- programs -------------------------------------------------------------------------------

def check_video_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or " " in url or "." not in parts.netloc.split(":")[0]:
        raise Invalid(_("Enter the full meeting link, starting with https:// (for example https://zoom.us/j/123456789)."), field="video_url")
    return url


def flush_or_conflict(conflict_message: str) -> None:
    """Send the pending writes now, so that a unique constraint hit by a concurrent request
    becomes a 409 with this message rather than a 500 at the handler's commit."""
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(conflict_message)


def check_create_program(user: User | Viewer | None) -> None:
    """Site admins and those they gave the right may start a program (and become its coordinator)."""
    viewer = user if isinstance(user, Viewer) else Viewer(user)
    if not viewer.is_authenticated:
        raise NotAllowed(_("Log in to create a program."))
    if not viewer.may_create_programs:
        raise NotAllowed(_("Creating programs is a right your site administrator grants. Ask them, or join an existing program."))


PROGRAM_FIELDS = ("name", "topic", "description", "hub_team", "timezone", "language", "video_url", "visibility",
                  "rrule", "first_date", "start_time", "duration_minutes", "until_date")


def check_program_fields(fields: dict) -> dict:
    """Validate and normalise program fields; raises Invalid(field=...)."""
    out = dict(fields)
    out["name"] = (out.get("name") or "").strip()
    if not out["name"]:
        raise Invalid(_("Enter the program's name."), field="name")
    out["topic"] = (out.get("topic") or "").strip()
    out["language"] = out.get("language") or DEFAULT_LANGUAGE
    if not is_language(out["language"]):
        raise Invalid(_("Choose English, Español or Français."), field="language")
    out["video_url"] = check_video_url(out.get("video_url", ""))
    out["visibility"] = Visibility(out.get("visibility") or "public")
    scheduling.check_schedule(scheduling.Schedule(
        out.get("rrule") or "", out.get("timezone") or "", out.get("first_date"), out.get("start_time"),
        out.get("duration_minutes") or 0, out.get("until_date")))
    return out


def do_create_program(user: User, **fields) -> tuple[Program, scheduling.ApplyResult]:
    check_create_program(user)
    data = check_program_fields(fields)
    program = Program(created_by_id=user.id, **{k: data.get(k) for k in PROGRAM_FIELDS})
    program.description = program.description or ""
    program.hub_team = program.hub_team or ""
    program.rrule = program.rrule or ""
    db.session.add(program)
    db.session.flush()
    db.session.add(Membership(program_id=program.id, user_id=user.id, role=Role.coordinator, status=MembershipStatus.active))
    result = scheduling.do_apply_schedule(program)
    log.info("program %s created by user %s", program.id, user.id)
    return program, result


def check_edit_program(user: User, program: Program) -> None:
    Viewer(user).require_role(program, Role.coordinator, action="edit the program")


def do_update_program(user: User, program: Program, **fields) -> scheduling.ApplyResult:
    check_edit_program(user, program)
    fields.setdefault("language", program.language)  # a caller that does not name it keeps it
    data = check_program_fields(fields)
    schedule_changed = any(getattr(program, k) != data.get(k) for k in
                           ("rrule", "first_date", "start_time", "duration_minutes", "until_date", "timezone"))
    for k in PROGRAM_FIELDS:
        value = data.get(k)
        if value is None and k not in ("first_date", "start_time", "until_date"):
            value = ""
        setattr(program, k, value)
    try:
        result = scheduling.do_apply_schedule(program) if schedule_changed else scheduling.ApplyResult()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(_("Someone else changed this program's schedule at the same time. Reload and try again."))
    flush_or_conflict(_("Someone else changed this program's schedule at the same time. Reload and try again."))
    return result


def do_reset_program_calendar(user: User, program: Program) -> None:
    Viewer(user).require_role(program, Role.coordinator, action="reset the calendar link")
    calendar_links.do_reset(program)


def do_reset_user_calendar(user: User) -> None:
    calendar_links.do_reset(user)


def visible_programs(viewer: Viewer) -> list[Program]:
    """Programs the viewer may see: public ones, their own, and all of them for a site admin."""
    q = select(Program).order_by(Program.name)
    if not viewer.is_admin:
        mine = select(Membership.program_id).where(Membership.user_id == viewer.id)
        q = q.where((Program.visibility == Visibility.public) | Program.id.in_(mine))
    return list(db.session.scalars(q))


def upcoming_sessions(program: Program, limit: int = 12, include_cancelled: bool = True) -> list[ClinicSession]:
    """From three hours ago (a late start is still to come), ended ones excepted."""
    q = select(ClinicSession).where(ClinicSession.program_id == program.id, ClinicSession.starts_at >= utcnow() - timedelta(hours=3),
                              ClinicSession.status != SessionStatus.ended)
    if not include_cancelled:
        q = q.where(ClinicSession.status != SessionStatus.cancelled)
    return list(db.session.scalars(q.order_by(ClinicSession.starts_at).limit(limit)))


def past_sessions(program: Program, limit: int = 10) -> list[ClinicSession]:
    q = select(ClinicSession).where(ClinicSession.program_id == program.id,
                              (ClinicSession.starts_at < utcnow() - timedelta(hours=3)) | (ClinicSession.status == SessionStatus.ended))
    return list(db.session.scalars(q.order_by(ClinicSession.starts_at.desc()).limit(limit)))


# --- sessions (occurrences) -----------------------------------------------------------------

def check_edit_session(user: User, session: ClinicSession) -> None:
    Viewer(user).require_role(session.program, Role.coordinator, action="change sessions")


def check_session_fields(program: Program, day: date | None, start: time | None, duration: int | None) -> datetime:
    if day is None:
        raise Invalid(_("Enter the date."), field="date")
    if start is None:
        raise Invalid(_("Enter the start time."), field="start_time")
    if not (5 <= (duration or 0) <= 12 * 60):
        raise Invalid(_("A session lasts between 5 minutes and 12 hours."), field="duration_minutes")
    if day > scheduling.horizon():
        raise Invalid(_("Sessions can be planned at most %(num)d years ahead.", num=scheduling.MAX_YEARS_AHEAD), field="date")
    if day < scheduling.EARLIEST_DATE:  # a year-1 date east of UTC has no UTC instant at all
        raise Invalid(_("Choose a date on or after %(date)s.", date=scheduling.EARLIEST_DATE.isoformat()), field="date")
    return scheduling.local_to_utc(day, start, program.timezone)


def do_add_one_off(user: User, program: Program, *, day: date | None, start: time | None, duration: int | None,
                   didactic_title: str = "", didactic_speaker: str = "", notes: str = "") -> ClinicSession:
    Viewer(user).require_role(program, Role.coordinator, action="add sessions")
    starts = check_session_fields(program, day, start, duration)
    s = ClinicSession(program_id=program.id, starts_at=starts, occurrence_start=None, duration_minutes=duration,
                is_one_off=True, is_modified=True, didactic_title=didactic_title.strip(),
                didactic_speaker=didactic_speaker.strip(), notes=notes.strip())
    db.session.add(s)
    db.session.flush()
    return s


def do_edit_session(user: User, session: ClinicSession, *, day: date | None, start: time | None, duration: int | None,
                    didactic_title: str = "", didactic_speaker: str = "", notes: str = "") -> bool:
    """Move / retitle one occurrence. Others are not changed; a rule change leaves it alone."""
    check_edit_session(user, session)
    if session.status in (SessionStatus.live, SessionStatus.ended):
        raise Conflict(_("This session has already taken place (or is live); it cannot be changed."))
    starts = check_session_fields(session.program, day, start, duration)
    changed = (starts != session.starts_at or duration != session.duration_minutes
               or didactic_title.strip() != session.didactic_title or didactic_speaker.strip() != session.didactic_speaker
               or notes.strip() != session.notes)
    if changed:
        session.starts_at = starts
        session.duration_minutes = duration
        session.didactic_title = didactic_title.strip()
        session.didactic_speaker = didactic_speaker.strip()
        session.notes = notes.strip()
        session.is_modified = True
        session.ical_sequence += 1
    return changed


def do_cancel_session(user: User, session: ClinicSession) -> None:
    check_edit_session(user, session)
    if session.status in (SessionStatus.live, SessionStatus.ended):
        raise Conflict(_("A session that is live or over cannot be cancelled."))
    if session.status != SessionStatus.cancelled:
        session.status = SessionStatus.cancelled
        session.is_modified = True
        session.ical_sequence += 1


def do_restore_session(user: User, session: ClinicSession) -> None:
    check_edit_session(user, session)
    if session.status == SessionStatus.cancelled:
        session.status = SessionStatus.scheduled
        session.ical_sequence += 1


def near_scheduled_time(session: ClinicSession, now: datetime | None = None) -> bool:
    """Whether the session may be started as scheduled: from START_EARLY before its start until
    its scheduled end. Started further from it, its summary, attendance and calendar would carry
    a date it did not happen on, so it is moved to when it actually runs (do_move_to_now)."""
    now = now or utcnow()
    return session.starts_at - START_EARLY <= now < session.ends_at


def do_move_to_now(session: ClinicSession, now: datetime) -> None:
    """This occurrence alone moves to `now` (to the minute), as do_edit_session would move it;
    the caller commits (starting the session is the same transaction)."""
    if session.status != SessionStatus.scheduled:
        raise Conflict({SessionStatus.live: _("A session that is live cannot be moved."),
                        SessionStatus.ended: _("A session that is ended cannot be moved."),
                        SessionStatus.cancelled: _("A session that is cancelled cannot be moved.")}[session.status])
    session.starts_at = now.replace(second=0, microsecond=0)
    session.is_modified = True
    session.ical_sequence += 1


def can_join_video(session: ClinicSession, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (session.status in (SessionStatus.scheduled, SessionStatus.live)
            and session.starts_at - JOIN_WINDOW <= now < session.ends_at)


