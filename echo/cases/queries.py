"""Lists of cases for pages: the review queue, a session's agenda, follow-ups, the reading
list, cases stranded by a cancelled session, and the sessions a case can be put on. Reads only."""
from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from echo.accounts.models import User
from echo.cases.models import Case, CaseState
from echo.cases.visibility import session_is_over, visible_cases_clause
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.programs.access import Viewer
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program

S = CaseState
ON_AGENDA = (S.accepted, S.presented, S.summarised, S.published)


def queue(program: Program) -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.program_id == program.id, Case.state == S.submitted).order_by(Case.submitted_at, Case.id)))


def upcoming_sessions(program: Program, limit: int = 12) -> list[ClinicSession]:
    now = utcnow()
    rows = db.session.scalars(
        select(ClinicSession).where(ClinicSession.program_id == program.id, ClinicSession.status.in_([SessionStatus.scheduled, SessionStatus.live]),
                              ClinicSession.starts_at >= now - timedelta(days=1))
        .order_by(ClinicSession.starts_at).limit(limit + 5))
    return [s for s in rows if s.ends_at > now][:limit]


def follow_ups(case: Case) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.parent_id == case.id).order_by(Case.id)))


def agenda(session: ClinicSession) -> list[Case]:
    return list(db.session.scalars(
        select(Case).where(Case.session_id == session.id, Case.state.in_(ON_AGENDA))
        .order_by(Case.agenda_position.is_(None), Case.agenda_position, Case.id)))


def next_agenda_position(session: ClinicSession) -> int:
    top = db.session.scalar(select(func.max(Case.agenda_position)).where(Case.session_id == session.id, Case.state.in_(ON_AGENDA)))
    return (top or 0) + 1


def agenda_place(case: Case) -> tuple[int, int] | None:
    """(position, count) of an accepted case on its session's agenda, 1-based."""
    if case.session is None or case.state not in ON_AGENDA:
        return None
    items = agenda(case.session)
    ids = [c.id for c in items]
    return (ids.index(case.id) + 1, len(ids)) if case.id in ids else None


def to_read(user: User | Viewer, programs: list[Program]) -> list[Case]:
    """Accepted cases on upcoming agendas of these programs that the user may read (the hub's reading list)."""
    if not programs:
        return []
    rows = db.session.scalars(
        select(Case).join(ClinicSession, Case.session_id == ClinicSession.id)
        .where(Case.program_id.in_([p.id for p in programs]), Case.state == S.accepted, Case.author_id != user.id,
               ClinicSession.starts_at >= utcnow() - timedelta(hours=12), visible_cases_clause(user))
        .order_by(ClinicSession.starts_at, Case.agenda_position, Case.id))
    return [c for c in rows if not session_is_over(c.session)]


def stranded(program: Program) -> list[Case]:
    """Accepted cases whose session was cancelled: the coordinator re-schedules or returns them."""
    return list(db.session.scalars(
        select(Case).join(ClinicSession, Case.session_id == ClinicSession.id)
        .where(Case.program_id == program.id, Case.state == S.accepted, ClinicSession.status == SessionStatus.cancelled)
        .order_by(Case.id)))
