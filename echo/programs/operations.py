"""Programs, occurrences, membership, invitations and join requests.

check_* validate and authorise (raise Invalid / NotAllowed / Conflict), do_* write (and commit),
notify_* send mail after the commit. No Flask request objects here.
"""
from __future__ import annotations

import hashlib
import logging
from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from echo.core.extensions import db
from echo.programs.models import Invite, Membership, MembershipStatus, Program, Role, Visibility
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.accounts.models import User
from echo.core.types import utcnow
from echo.accounts.models import new_token
from echo.programs import scheduling
from echo.programs.access import ANY_MEMBER, has_role, membership_of, require_role
from echo.core.errors import Conflict, Invalid, NotAllowed
from echo.accounts.notify import add_notification

log = logging.getLogger("echo.programs")

INVITE_DAYS = 14
JOIN_WINDOW = timedelta(minutes=20)
START_EARLY = timedelta(hours=1)  # a session may be started this long before its scheduled start


# --- programs -------------------------------------------------------------------------------

def check_video_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        return ""
    parts = urlsplit(url)
    if parts.scheme not in ("https", "http") or not parts.netloc or " " in url or "." not in parts.netloc.split(":")[0]:
        raise Invalid("Enter the full meeting link, starting with https:// (for example https://zoom.us/j/123456789).", field="video_url")
    return url


def _commit(conflict_message: str) -> None:
    """Commit; a unique constraint hit by a concurrent request becomes a 409, not a 500."""
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        raise Conflict(conflict_message)


def may_create_programs(user: User | None) -> bool:
    return bool(user is not None and getattr(user, "is_authenticated", False) and (user.is_admin or user.can_create_programs))


def check_create_program(user: User) -> None:
    """Site admins and those they gave the right may start a program (and become its coordinator)."""
    if user is None or not getattr(user, "is_authenticated", False):
        raise NotAllowed("Log in to create a program.")
    if not may_create_programs(user):
        raise NotAllowed("Creating programs is a right your site administrator grants. Ask them, or join an existing program.")


PROGRAM_FIELDS = ("name", "topic", "description", "hub_team", "timezone", "video_url", "visibility",
                  "rrule", "first_date", "start_time", "duration_minutes", "until_date")


def check_program_fields(fields: dict) -> dict:
    """Validate and normalise program fields; raises Invalid(field=...)."""
    out = dict(fields)
    out["name"] = (out.get("name") or "").strip()
    if not out["name"]:
        raise Invalid("Enter the program's name.", field="name")
    out["topic"] = (out.get("topic") or "").strip()
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
    db.session.commit()
    log.info("program %s created by user %s", program.id, user.id)
    return program, result


def check_edit_program(user: User, program: Program) -> None:
    require_role(user, program, Role.coordinator, action="edit the program")


def do_update_program(user: User, program: Program, **fields) -> scheduling.ApplyResult:
    check_edit_program(user, program)
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
        raise Conflict("Someone else changed this program's schedule at the same time. Reload and try again.")
    _commit("Someone else changed this program's schedule at the same time. Reload and try again.")
    return result


def do_reset_program_calendar(user: User, program: Program) -> None:
    require_role(user, program, Role.coordinator, action="reset the calendar link")
    program.calendar_token = new_token()
    db.session.commit()


def do_reset_user_calendar(user: User) -> None:
    user.calendar_token = new_token()
    db.session.commit()


def visible_programs(user: User) -> list[Program]:
    """Programs the user may see: public ones, their own, and all of them for a site admin."""
    q = select(Program).order_by(Program.name)
    if not user.is_admin:
        mine = select(Membership.program_id).where(Membership.user_id == user.id)
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
    require_role(user, session.program, Role.coordinator, action="change sessions")


def check_session_fields(program: Program, day: date | None, start: time | None, duration: int | None) -> datetime:
    if day is None:
        raise Invalid("Enter the date.", field="date")
    if start is None:
        raise Invalid("Enter the start time.", field="start_time")
    if not (5 <= (duration or 0) <= 12 * 60):
        raise Invalid("A session lasts between 5 minutes and 12 hours.", field="duration_minutes")
    if day > scheduling.horizon():
        raise Invalid(f"Sessions can be planned at most {scheduling.MAX_YEARS_AHEAD} years ahead.", field="date")
    if day < scheduling.EARLIEST_DATE:  # a year-1 date east of UTC has no UTC instant at all
        raise Invalid(f"Choose a date on or after {scheduling.EARLIEST_DATE.isoformat()}.", field="date")
    return scheduling.local_to_utc(day, start, program.timezone)


def do_add_one_off(user: User, program: Program, *, day: date | None, start: time | None, duration: int | None,
                   didactic_title: str = "", didactic_speaker: str = "", notes: str = "") -> ClinicSession:
    require_role(user, program, Role.coordinator, action="add sessions")
    starts = check_session_fields(program, day, start, duration)
    s = ClinicSession(program_id=program.id, starts_at=starts, occurrence_start=None, duration_minutes=duration,
                is_one_off=True, is_modified=True, didactic_title=didactic_title.strip(),
                didactic_speaker=didactic_speaker.strip(), notes=notes.strip())
    db.session.add(s)
    db.session.commit()
    return s


def do_edit_session(user: User, session: ClinicSession, *, day: date | None, start: time | None, duration: int | None,
                    didactic_title: str = "", didactic_speaker: str = "", notes: str = "") -> bool:
    """Move / retitle one occurrence. Others are not changed; a rule change leaves it alone."""
    check_edit_session(user, session)
    if session.status in (SessionStatus.live, SessionStatus.ended):
        raise Conflict("This session has already taken place (or is live); it cannot be changed.")
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
        db.session.commit()
    return changed


def do_cancel_session(user: User, session: ClinicSession) -> None:
    check_edit_session(user, session)
    if session.status in (SessionStatus.live, SessionStatus.ended):
        raise Conflict("A session that is live or over cannot be cancelled.")
    if session.status != SessionStatus.cancelled:
        session.status = SessionStatus.cancelled
        session.is_modified = True
        session.ical_sequence += 1
        db.session.commit()


def do_restore_session(user: User, session: ClinicSession) -> None:
    check_edit_session(user, session)
    if session.status == SessionStatus.cancelled:
        session.status = SessionStatus.scheduled
        session.ical_sequence += 1
        db.session.commit()


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
        raise Conflict(f"A session that is {session.status.value} cannot be moved.")
    session.starts_at = now.replace(second=0, microsecond=0)
    session.is_modified = True
    session.ical_sequence += 1


def can_join_video(session: ClinicSession, now: datetime | None = None) -> bool:
    now = now or utcnow()
    return (session.status in (SessionStatus.scheduled, SessionStatus.live)
            and session.starts_at - JOIN_WINDOW <= now < session.ends_at)


# --- members --------------------------------------------------------------------------------

def members_of(program: Program, status: MembershipStatus = MembershipStatus.active) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).join(User).where(Membership.program_id == program.id, Membership.status == status).order_by(User.name)))


def coordinators_of(program: Program) -> list[User]:
    return [m.user for m in members_of(program) if m.role == Role.coordinator]


def _membership_in(program: Program, membership_id: int) -> Membership:
    from echo.core.errors import NotFound

    m = db.session.get(Membership, membership_id)
    if m is None or m.program_id != program.id:
        raise NotFound("There is no such member in this program.")
    return m


def _check_not_last_coordinator(program: Program, m: Membership) -> None:
    if m.role == Role.coordinator and m.status == MembershipStatus.active and len(coordinators_of(program)) <= 1:
        raise Conflict("A program needs at least one coordinator: make someone else coordinator first.")


def do_change_role(actor: User, program: Program, membership_id: int, role: str) -> Membership:
    require_role(actor, program, Role.coordinator, action="change roles")
    m = _membership_in(program, membership_id)
    try:
        new_role = Role(role)
    except ValueError:
        raise Invalid("Choose a role from the list.", field="role")
    if new_role != m.role:
        if new_role != Role.coordinator:
            _check_not_last_coordinator(program, m)
        m.role = new_role
        add_notification(m.user, "role_changed", f"Your role in {program.name} is now {new_role.label}.", f"/programs/{program.id}")
        db.session.commit()
    return m


def do_remove_member(actor: User, program: Program, membership_id: int) -> int:
    """Returns the removed member's user id."""
    require_role(actor, program, Role.coordinator, action="remove members")
    m = _membership_in(program, membership_id)
    _check_not_last_coordinator(program, m)
    user_id = m.user_id
    db.session.delete(m)
    db.session.commit()
    return user_id


def check_request_join(user: User, program: Program) -> None:
    if program.visibility != Visibility.public:
        raise NotAllowed("This program is invite only: ask its coordinator for an invitation.")
    existing = db.session.scalar(select(Membership).where(Membership.program_id == program.id, Membership.user_id == user.id))
    if existing is not None:
        raise Conflict("You are already a member of this program, or your request is waiting for approval.")


def do_request_join(user: User, program: Program, role: str = "participant") -> Membership:
    check_request_join(user, program)
    try:
        wanted = Role(role)
    except ValueError:
        raise Invalid("Choose a role from the list.", field="role")
    if wanted == Role.coordinator:
        raise Invalid("Ask to join as specialist, participant or learner; a coordinator can change your role later.", field="role")
    m = Membership(program_id=program.id, user_id=user.id, role=wanted, status=MembershipStatus.requested)
    db.session.add(m)
    for c in coordinators_of(program):
        add_notification(c, "join_request", f"{user.name} asks to join {program.name} as {wanted.label}.", f"/programs/{program.id}/members")
    _commit("You are already a member of this program, or your request is waiting for approval.")
    return m


def do_decide_request(actor: User, program: Program, membership_id: int, approve: bool) -> None:
    require_role(actor, program, Role.coordinator, action="approve join requests")
    m = _membership_in(program, membership_id)
    if m.status != MembershipStatus.requested:
        raise Conflict("This request was already decided.")
    user = m.user
    if approve:
        m.status = MembershipStatus.active
        add_notification(user, "join_approved", f"Your request to join {program.name} was approved.", f"/programs/{program.id}")
    else:
        db.session.delete(m)
        add_notification(user, "join_declined", f"Your request to join {program.name} was declined.", "/programs")
    db.session.commit()


def do_leave(user: User, program: Program) -> None:
    m = db.session.scalar(select(Membership).where(Membership.program_id == program.id, Membership.user_id == user.id))
    if m is None:
        raise NotAllowed("You are not a member of this program.")
    _check_not_last_coordinator(program, m)
    db.session.delete(m)
    db.session.commit()


# --- invitations ------------------------------------------------------------------------------

def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invite_from_token(token: str) -> Invite:
    """The invitation for a token, or Invalid with a message the invitee understands."""
    invite = db.session.scalar(select(Invite).where(Invite.token_hash == hash_token(token or "")))
    if invite is None:
        raise Invalid("This invitation link is not valid. Check that you copied the whole link, or ask the coordinator for a new one.")
    return check_open_invite(invite, " If that was not you, ask the coordinator for a new one.")


def check_open_invite(invite: Invite, used_hint: str = "") -> Invite:
    """An invitation that may still be accepted: not used, not expired (whichever way it came)."""
    if invite.used_at is not None:
        raise Invalid("This invitation has already been used." + used_hint)
    if invite.expires_at < utcnow():
        raise Invalid("This invitation has expired. Ask the program's coordinator to send you a new one.")
    return invite


def do_accept_invite(user: User, token: str) -> Membership:
    return do_claim_invite(user, invite_from_token(token))


def do_claim_invite(user: User, invite: Invite) -> Membership:
    """Use an open invitation (checked by the caller: by its token, or addressed to this user)."""
    program = invite.program
    # Single use even under concurrency: claim the invitation with a compare-and-set.
    claimed = db.session.execute(
        update(Invite).where(Invite.id == invite.id, Invite.used_at.is_(None)).values(used_at=utcnow())
        .execution_options(synchronize_session=False))
    if claimed.rowcount != 1:
        db.session.rollback()
        raise Invalid("This invitation has already been used. If that was not you, ask the coordinator for a new one.")
    m = db.session.scalar(select(Membership).where(Membership.program_id == program.id, Membership.user_id == user.id))
    if m is None:
        m = Membership(program_id=program.id, user_id=user.id, role=invite.role, status=MembershipStatus.active)
        db.session.add(m)
    elif m.status == MembershipStatus.requested:
        m.status = MembershipStatus.active
        m.role = invite.role
    # An active member keeps the role they have (a coordinator changes roles on the members page).
    for c in coordinators_of(program):
        if c.id != user.id:
            add_notification(c, "invite_accepted", f"{user.name} accepted the invitation to {program.name}.", f"/programs/{program.id}/members")
    _commit("This invitation was accepted at the same moment elsewhere; reload the program page.")
    return m


def pending_invites(program: Program) -> list[Invite]:
    return list(db.session.scalars(select(Invite).where(Invite.program_id == program.id, Invite.used_at.is_(None),
                                                       Invite.expires_at > utcnow()).order_by(Invite.created_at.desc())))


def do_revoke_invite(actor: User, program: Program, invite_id: int) -> None:
    from echo.core.errors import NotFound

    require_role(actor, program, Role.coordinator, action="revoke invitations")
    inv = db.session.get(Invite, invite_id)
    if inv is None or inv.program_id != program.id:
        raise NotFound("There is no such invitation.")
    db.session.delete(inv)
    db.session.commit()


def my_role(user: User, program: Program) -> str | None:
    """The viewer's role name in the program ('admin' for a site admin who is not a member)."""
    m = membership_of(user, program)
    if m:
        return m.role.value
    if getattr(user, "is_authenticated", False) and user.is_admin:
        return "admin"
    return None


def is_member_or_admin(user: User, program: Program) -> bool:
    return has_role(user, program, *ANY_MEMBER) or bool(getattr(user, "is_authenticated", False) and user.is_admin)
