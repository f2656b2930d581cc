"""Attendance corrections, session codes and claims.

check_* validates and authorises, do_* writes (the route commits). Every edit and every
decision on a claim is audited; the audit detail carries ids, minutes and the reason's
category, never the coordinator's free text (it stays in the edit row).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask_babel import gettext as _
from sqlalchemy import select

from echo.accounts import audit
from echo.accounts.models import User
from echo.attendance.models import (
    AttendanceClaim,
    AttendanceEdit,
    ClaimStatus,
    EditReason,
    SessionCode,
)
from echo.core import ratelimit
from echo.core.errors import Conflict, Invalid, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.access import viewer_of
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Program, Role

# The code works while the session is live and this long after it ended.
CODE_WINDOW = timedelta(hours=24)
# Letters and digits nobody confuses when read out on a phone line (no 0/O, 1/I/L).
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 6
# Wrong codes per person: enough for typos, too few to guess one (31^6 codes).
CODE_ATTEMPTS = "10/15 minutes"
REASON_MAX = 300
# The longest stay anyone may be given: the session's length, or how long it really ran, plus
# the time before the start that the board counts nothing of.
SLACK_MINUTES = 30


def program_of(session: ClinicSession) -> Program:
    program = db.session.get(Program, session.program_id)
    if program is None:
        raise NotFound(_("There is no such program."))
    return program


def check_coordinator(user: User, session: ClinicSession) -> Program:
    """The program's coordinators and site admins."""
    program = program_of(session)
    viewer_of(user).require_role(program, Role.coordinator, action="manage attendance")
    return program


def max_minutes(session: ClinicSession) -> int:
    ran = 0
    if session.started_at is not None:
        ran = int(((session.ended_at or utcnow()) - session.started_at).total_seconds() // 60) + 1
    return max(session.duration_minutes or 0, ran) + SLACK_MINUTES


def members(program: Program) -> list[User]:
    """The program's active members, by name: those whose attendance may be recorded."""
    rows = db.session.scalars(select(User).join(Membership, Membership.user_id == User.id).where(
        Membership.program_id == program.id, Membership.status == MembershipStatus.active))
    return sorted(rows, key=lambda u: u.name.casefold())


def _is_member(program: Program, user_id: int) -> bool:
    return db.session.scalar(select(Membership.id).where(
        Membership.program_id == program.id, Membership.user_id == user_id,
        Membership.status == MembershipStatus.active)) is not None


def _check_minutes(session: ClinicSession, minutes: int | None) -> int:
    top = max_minutes(session)
    if minutes is None or not 0 <= minutes <= top:
        raise Invalid(_("Give the minutes attended, from 0 to %(max)d.", max=top), field="minutes")
    return minutes


# --- coordinators' edits ---------------------------------------------------------------------------

def check_edit(user: User, session: ClinicSession, attendee_id: int | None, minutes: int | None,
               reason_kind: str | None, reason: str) -> tuple[User, int, EditReason, str]:
    """A coordinator corrects a live or ended session: the attendee is a program member, the
    minutes are within the session's length, and the reason has a category and words."""
    program = check_coordinator(user, session)
    if session.status not in (SessionStatus.live, SessionStatus.ended):
        raise Conflict(_("Attendance can be corrected once the session has started."))
    attendee = db.session.get(User, attendee_id) if attendee_id else None
    if attendee is None or not _is_member(program, attendee.id):
        raise Invalid(_("Choose a member of the program."), field="attendee")
    minutes = _check_minutes(session, minutes)
    try:
        kind = EditReason(reason_kind or "")
    except ValueError:
        raise Invalid(_("Choose why the minutes change."), field="reason_kind") from None
    reason = " ".join((reason or "").split())
    if not reason:
        raise Invalid(_("Say why, in a few words."), field="reason")
    if len(reason) > REASON_MAX:
        raise Invalid(_("Keep the reason under %(max)d characters.", max=REASON_MAX), field="reason")
    return attendee, minutes, kind, reason


def do_edit(editor: User, session: ClinicSession, attendee: User, minutes: int, kind: EditReason,
            reason: str) -> AttendanceEdit:
    edit = AttendanceEdit(session_id=session.id, program_id=session.program_id, user_id=attendee.id, minutes=minutes,
                          reason_kind=kind, reason=reason, editor_id=editor.id, created_at=utcnow())
    db.session.add(edit)
    db.session.flush()
    audit.record(editor, "attendance.edited", "clinic_session", session.id, session.program_id,
                 detail=f"edit={edit.id} user={attendee.id} minutes={minutes} reason={kind.value}")
    return edit


def edits_of(session: ClinicSession) -> list[AttendanceEdit]:
    """The session's edits, newest first."""
    return list(db.session.scalars(select(AttendanceEdit).where(AttendanceEdit.session_id == session.id)
                                   .order_by(AttendanceEdit.created_at.desc(), AttendanceEdit.id.desc())))


# --- session codes -----------------------------------------------------------------------------------

def code_of(session: ClinicSession) -> SessionCode | None:
    return db.session.scalar(select(SessionCode).where(SessionCode.session_id == session.id))


def code_open_until(session: ClinicSession) -> datetime | None:
    """When the session's code stops working: 24 h after the end; None before it starts."""
    if session.status == SessionStatus.live:
        return utcnow() + CODE_WINDOW
    if session.status == SessionStatus.ended and session.ended_at is not None:
        return session.ended_at + CODE_WINDOW
    return None


def code_usable(session: ClinicSession, now: datetime | None = None) -> bool:
    until = code_open_until(session)
    return until is not None and (now or utcnow()) < until


def check_make_code(user: User, session: ClinicSession) -> None:
    check_coordinator(user, session)
    if not code_usable(session):
        raise Conflict(_("A session code can be given while the session is live and for 24 hours after it ends."))


def do_make_code(user: User, session: ClinicSession) -> SessionCode:
    """The session's code (made once; asking again gives the same one)."""
    found = code_of(session)
    if found is not None:
        return found
    while True:
        value = "".join(secrets.choice(CODE_ALPHABET) for _n in range(CODE_LENGTH))
        if db.session.scalar(select(SessionCode.id).where(SessionCode.code == value)) is None:
            break
    code = SessionCode(session_id=session.id, code=value, created_by_id=user.id, created_at=utcnow())
    db.session.add(code)
    db.session.flush()
    audit.record(user, "attendance.code_made", "clinic_session", session.id, session.program_id)
    return code


def normalise_code(value: str) -> str:
    return "".join(ch for ch in (value or "").upper() if ch.isalnum())


# --- claims --------------------------------------------------------------------------------------

@dataclass
class ClaimTarget:
    session: ClinicSession
    program: Program


def check_claim(user: User, code_value: str, minutes: int | None, now: datetime | None = None) -> ClaimTarget:
    """A signed-in member of the session's program, with the session's code while it works,
    states the minutes they attended. Wrong codes count against a limit per person."""
    if not ratelimit.allowed(CODE_ATTEMPTS, "attendance-code", str(user.id)):
        raise Invalid(_("Too many codes tried: wait a quarter of an hour and try again."), field="code")
    value = normalise_code(code_value)
    code = db.session.scalar(select(SessionCode).where(SessionCode.code == value)) if value else None
    session = db.session.get(ClinicSession, code.session_id) if code is not None else None
    if session is None:
        ratelimit.hit(CODE_ATTEMPTS, "attendance-code", str(user.id))
        raise Invalid(_("No session has this code. Check it with your coordinator."), field="code")
    if not code_usable(session, now):
        raise Invalid(_("This code has expired: codes work for 24 hours after the session. Ask your coordinator to record your attendance."), field="code")
    program = program_of(session)
    if viewer_of(user).membership(program) is None:
        raise NotAllowed(_("Only members of the program can claim attendance at its sessions."))
    _check_minutes(session, minutes)
    return ClaimTarget(session=session, program=program)


def claim_of(session: ClinicSession, user: User) -> AttendanceClaim | None:
    return db.session.scalar(select(AttendanceClaim).where(AttendanceClaim.session_id == session.id,
                                                           AttendanceClaim.user_id == user.id))


def do_claim(user: User, session: ClinicSession, minutes: int) -> AttendanceClaim:
    claim = claim_of(session, user)
    if claim is not None and claim.status != ClaimStatus.pending:
        raise Conflict(_("Your coordinator has already decided on your attendance at this session."))
    if claim is None:
        claim = AttendanceClaim(session_id=session.id, program_id=session.program_id, user_id=user.id,
                                status=ClaimStatus.pending, minutes=minutes, created_at=utcnow())
        db.session.add(claim)
    claim.minutes = minutes
    db.session.flush()
    audit.record(user, "attendance.claimed", "attendance_claim", claim.id, session.program_id,
                 detail=f"session={session.id} minutes={minutes}")
    return claim


def get_claim(claim_id: int) -> AttendanceClaim:
    claim = db.session.get(AttendanceClaim, claim_id)
    if claim is None:
        raise NotFound(_("There is no such claim."))
    return claim


def session_of(claim: AttendanceClaim) -> ClinicSession:
    session = db.session.get(ClinicSession, claim.session_id)
    if session is None:
        raise NotFound(_("There is no such session."))
    return session


def check_decide(user: User, claim: AttendanceClaim) -> ClinicSession:
    session = session_of(claim)
    check_coordinator(user, session)
    if claim.status != ClaimStatus.pending:
        raise Conflict(_("This claim has already been decided."))
    return session


def do_decide(user: User, claim: AttendanceClaim, approve: bool) -> None:
    claim.status = ClaimStatus.approved if approve else ClaimStatus.declined
    claim.decided_by_id = user.id
    claim.decided_at = utcnow()
    audit.record(user, "attendance.claim_approved" if approve else "attendance.claim_declined", "attendance_claim",
                 claim.id, claim.program_id, detail=f"session={claim.session_id} user={claim.user_id} minutes={claim.minutes}")


def claims_of(session: ClinicSession) -> list[AttendanceClaim]:
    """The session's claims: pending first, then the newest."""
    rows = db.session.scalars(select(AttendanceClaim).where(AttendanceClaim.session_id == session.id)
                              .order_by(AttendanceClaim.created_at.desc(), AttendanceClaim.id.desc()))
    return sorted(rows, key=lambda c: c.status != ClaimStatus.pending)


def users_by_id(ids: set[int]) -> dict[int, User]:
    if not ids:
        return {}
    return {u.id: u for u in db.session.scalars(select(User).where(User.id.in_(ids)))}
