"""How long each person attended a session: the one answer that credit, certificates and
reports read.

Minutes come from presence on the live board; a coordinator's edit or an approved claim (made
with the session's code) sets a person's minutes for the session, the newer of the two
winning. Pending and declined claims count for nothing.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import select

from echo.attendance.models import AttendanceClaim, AttendanceEdit, ClaimStatus
from echo.core.extensions import db
from echo.live.presence import attendance
from echo.programs.clinic_session import ClinicSession


def corrections(session: ClinicSession) -> dict[int, tuple[datetime, int]]:
    """User id -> (when, minutes) of the last word on their minutes: the newest edit or
    approved claim."""
    last: dict[int, tuple[datetime, int]] = {}

    def consider(user_id: int, at: datetime, minutes: int) -> None:
        if user_id not in last or at >= last[user_id][0]:
            last[user_id] = (at, minutes)

    for user_id, at, minutes in db.session.execute(
            select(AttendanceEdit.user_id, AttendanceEdit.created_at, AttendanceEdit.minutes)
            .where(AttendanceEdit.session_id == session.id).order_by(AttendanceEdit.created_at, AttendanceEdit.id)):
        consider(user_id, at, minutes)
    for user_id, at, minutes in db.session.execute(
            select(AttendanceClaim.user_id, AttendanceClaim.decided_at, AttendanceClaim.minutes)
            .where(AttendanceClaim.session_id == session.id, AttendanceClaim.status == ClaimStatus.approved)):
        if at is not None:
            consider(user_id, at, minutes)
    return last


def minutes_attended(session: ClinicSession) -> dict[int, int]:
    """User id -> minutes attended: presence on the live board, as corrected by coordinators'
    edits and approved claims."""
    out = {row["user"].id: int(row["minutes"]) for row in attendance(session)}
    for user_id, (_at, minutes) in corrections(session).items():
        out[user_id] = minutes
    return out


def share_attended(session: ClinicSession, user_id: int) -> float:
    """The share (0..1) of the session's scheduled length that the user attended."""
    length = max(session.duration_minutes or 0, 1)
    return min(minutes_attended(session).get(user_id, 0) / length, 1.0)
