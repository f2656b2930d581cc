"""How long each person attended a session: the one answer that credit, certificates and
reports read."""
from __future__ import annotations

from echo.live.presence import attendance
from echo.programs.clinic_session import ClinicSession


def minutes_attended(session: ClinicSession) -> dict[int, int]:
    """User id -> minutes attended, from their presence on the live board."""
    return {row["user"].id: int(row["minutes"]) for row in attendance(session)}


def share_attended(session: ClinicSession, user_id: int) -> float:
    """The share (0..1) of the session's scheduled length that the user attended."""
    length = max(session.duration_minutes or 0, 1)
    return min(minutes_attended(session).get(user_id, 0) / length, 1.0)
