"""The coordinator leading a session: start it, move through cases and phases, end it.

Commands in the shape of echo/live/commands.py (begin, check, do_*; the caller commits and
emits). Facilitation is not rate-limited: a coordinator moves on every few seconds.
"""
from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from echo.accounts import audit
from echo.accounts.models import User
from echo.cases.lifecycle import do_transition
from echo.cases.models import Case, CaseState
from echo.core.errors import Conflict, Invalid
from echo.core.extensions import db
from echo.core.timefmt import fmt
from echo.core.types import utcnow
from echo.live import rules
from echo.live.commands import Outcome, begin, written
from echo.live.models import LiveEvent
from echo.live.payloads import EndIn, PhaseIn, StartIn
from echo.live.presence import do_close_presence
from echo.live.store import append_event
from echo.programs import operations as programs
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Program, Role


# Why a session cannot be started, by its status (whole sentences, one per status).
_NOT_STARTABLE = {
    "live": _l("A session that is live cannot be started."),
    "ended": _l("A session that is ended cannot be started."),
    "cancelled": _l("A session that is cancelled cannot be started."),
}


def start_session(actor: User, session_id: object, data: dict) -> Outcome:
    """Far from the scheduled time only with move_to_now (else NotNow)."""
    w = begin(actor, session_id, data, rules.FACILITATORS, "start the session", need_live=False)
    if w.retry:
        return w.retry
    body = StartIn.read({**data, "client_id": w.client_id})
    return written(do_start_session(w.session, actor, w.role, w.client_id, move_to_now=body.move_to_now))


def set_phase(actor: User, session_id: object, data: dict) -> Outcome:
    """That case, in that phase (moving to the next case too); the session live."""
    w = begin(actor, session_id, data, rules.FACILITATORS, "lead the session")
    if w.retry:
        return w.retry
    body = PhaseIn.read({**data, "client_id": w.client_id})
    case = rules.check_agenda_case(w.session, body.case_id)
    return written(do_set_phase(w.session, actor, w.role, case, body.phase, w.client_id))


def end_session(actor: User, session_id: object, data: dict) -> Outcome:
    w = begin(actor, session_id, data, rules.FACILITATORS, "end the session", need_live=False)
    if w.retry:
        return w.retry
    EndIn.read({**data, "client_id": w.client_id})
    return written(do_end_session(w.session, actor, w.role, w.client_id))


def _mark_presented(case: Case | None, user: User) -> None:
    if case is not None and case.state == CaseState.accepted:
        do_transition(case, CaseState.presented, user)


def do_start_session(session: ClinicSession, user: User, role: Role, client_id: str, move_to_now: bool = False) -> LiveEvent:
    """Starting far from the scheduled time is refused (NotNow) unless the coordinator agreed to
    move the session to now (move_to_now), so that its records carry the day it ran."""
    if session.status != SessionStatus.scheduled:
        refusal = _NOT_STARTABLE.get(session.status.value)
        raise Conflict(str(refusal) if refusal is not None else _("This session cannot be started."))
    now = utcnow()
    if not programs.near_scheduled_time(session, now):
        if not move_to_now:
            program = db.session.get(Program, session.program_id)
            zone = program.timezone if program is not None else None
            raise rules.NotNow(_("This session is scheduled for %(when)s, not now. "
                                 "To run it now, move it to now and start it.", when=fmt(session.starts_at, zone)))
        programs.do_move_to_now(session, now)
        audit.record(user, "session.moved_to_now", "session", session.id, session.program_id)
    session.status = SessionStatus.live
    session.started_at = now
    cases = rules.agenda(session)
    session.current_case_id = cases[0].id if cases else None
    session.current_phase = rules.PHASES[0] if cases else ""
    session.phase_started_at = now
    audit.record(user, "session.started", "session", session.id, session.program_id)
    return append_event(session, "session_started", user, role, {
        "status": "live", "started_at": now.isoformat(), "current_case_id": session.current_case_id,
        "phase": session.current_phase, "phase_started_at": now.isoformat()}, client_id, session.current_case_id)


def do_set_phase(session: ClinicSession, user: User, role: Role, case: Case, phase: object, client_id: str) -> LiveEvent:
    if phase not in rules.PHASES:
        raise Invalid(_("phase must be one of: %(phases)s.", phases=", ".join(rules.PHASES)), "phase")
    previous = session.current_case_id
    if previous is not None and previous != case.id:
        _mark_presented(db.session.get(Case, previous), user)
    if phase == "summary":
        _mark_presented(case, user)
    now = utcnow()
    session.current_case_id = case.id
    session.current_phase = str(phase)
    session.phase_started_at = now
    return append_event(session, "phase_changed", user, role, {
        "current_case_id": case.id, "previous_case_id": previous, "phase": phase, "phase_started_at": now.isoformat(),
        "case_state": case.state.value}, client_id, case.id)


def do_end_session(session: ClinicSession, user: User, role: Role, client_id: str) -> LiveEvent:
    if session.status != SessionStatus.live:
        raise Conflict(_("Only a live session can be ended."))
    now = utcnow()
    if session.current_case_id is not None:
        _mark_presented(db.session.get(Case, session.current_case_id), user)
    session.status = SessionStatus.ended
    session.ended_at = now
    session.phase_started_at = None
    do_close_presence(session.id, now)
    audit.record(user, "session.ended", "session", session.id, session.program_id)
    return append_event(session, "session_ended", user, role, {"status": "ended", "ended_at": now.isoformat()}, client_id,
                        session.current_case_id)
