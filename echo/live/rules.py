"""Who may do what on the live board, and the states a write needs (check_*), shared by every
command (echo/live/commands.py, echo/live/facilitation.py). Reads only; nothing here writes
except the audit row of a dismissed privacy finding, which belongs to the post's transaction."""
from __future__ import annotations

from datetime import datetime, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from echo.accounts import audit
from echo.accounts.models import User
from echo.cases.models import Case, CaseState
from echo.cases.visibility import open_to_board
from echo.core.errors import Conflict, Invalid, NotAllowed, NotFound
from echo.core.extensions import db
from echo.core.ids import is_id
from echo.core.ratelimit import parse
from echo.core.types import utcnow
from echo.live.models import LiveEvent, Question, Recommendation
from echo.live.store import recent_writes
from echo.privacy import fingerprint, scan
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Membership, MembershipStatus, Role

PHASES = ("presentation", "questions", "recommendations", "summary")
PHASE_LABELS = {"presentation": _l("Presentation"), "questions": _l("Clarifying questions"),
                "recommendations": _l("Recommendations"), "summary": _l("Summary")}
REPLAY_LIMIT = 500

# Who may do what on the board (design.md, Roles).
WATCHERS = (Role.coordinator, Role.specialist, Role.participant, Role.learner)
POSTERS = (Role.coordinator, Role.specialist, Role.participant)       # questions, recommendations
ENDORSERS = (Role.coordinator, Role.specialist)
FACILITATORS = (Role.coordinator,)

NOT_YET = _l("This case has not been presented yet.")

# What check_role says to a role that may not do an action (whole sentences: the action is
# named by its English words, the key every adapter passes).
REFUSED = {
    "ask questions": _l("You may not ask questions in this session."),
    "answer questions": _l("You may not answer questions in this session."),
    "post recommendations": _l("You may not post recommendations in this session."),
    "edit posts": _l("You may not edit posts in this session."),
    "withdraw posts": _l("You may not withdraw posts in this session."),
    "endorse recommendations": _l("You may not endorse recommendations in this session."),
    "mark consensus": _l("You may not mark consensus in this session."),
    "start the session": _l("You may not start the session in this session."),
    "lead the session": _l("You may not lead the session in this session."),
    "end the session": _l("You may not end the session in this session."),
}


class PrivacyHeld(Invalid):
    """The text has privacy findings: held, returned to its author to fix, never broadcast."""

    code = "privacy"

    def __init__(self, findings: list, field: str = "text"):
        super().__init__(_("This text may identify a patient. Fix the highlighted parts, or dismiss a finding with a reason."), field)
        self.findings = findings


class NotLive(Conflict):
    """A write that needs a live session, to one that is not (or ended while it was checked)."""


class NotNow(Conflict):
    """A start far from the scheduled time, not agreed to move the session to now."""

    code = "not_now"


class RateLimited(Invalid):
    code = "rate_limited"
    status = 429


def room(session_id: int) -> str:
    return f"session-{session_id}"


def role_of(user: User | None, session: ClinicSession) -> Role | None:
    """The user's role on this session's board now; site admins act as coordinators."""
    if user is None or not user.is_authenticated:
        return None
    if user.is_admin:
        return Role.coordinator
    return db.session.scalar(select(Membership.role).where(
        Membership.program_id == session.program_id, Membership.user_id == user.id,
        Membership.status == MembershipStatus.active))


def get_session(session_id: object) -> ClinicSession:
    if not isinstance(session_id, int) or isinstance(session_id, bool):
        raise Invalid(_("session_id must be an integer."), "session_id")
    s = db.session.get(ClinicSession, session_id) if is_id(session_id) else None
    if s is None:
        raise NotFound(_("No such session."))
    return s


def agenda(session: ClinicSession) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.session_id == session.id)
                                    .order_by(Case.agenda_position.is_(None), Case.agenda_position, Case.id)))


def events_after(session_id: int, last_seq: int, limit: int = REPLAY_LIMIT) -> list[LiveEvent]:
    return list(db.session.scalars(select(LiveEvent).where(LiveEvent.session_id == session_id, LiveEvent.seq > last_seq)
                                    .order_by(LiveEvent.seq).limit(limit)))


def check_watch(user: User, session: ClinicSession) -> Role:
    role = role_of(user, session)
    if role is None:
        raise NotAllowed(_("Only members of this program may open its live board."))
    return role


def check_role(user: User, session: ClinicSession, roles: tuple, action: str) -> Role:
    """The role now (one indexed read), not as it was at join: a role changed or a membership
    ended during the session applies to the next write."""
    role = role_of(user, session)
    if role is None or role not in roles:
        refusal = REFUSED.get(action)
        raise NotAllowed(str(refusal) if refusal is not None else _("You may not do this in this session."))
    return role


def check_live(session: ClinicSession) -> None:
    if session.status != SessionStatus.live:
        raise NotLive(_("The session is not live."))


def check_agenda_case(session: ClinicSession, case_id: int | None) -> Case:
    cid = case_id if case_id is not None else session.current_case_id
    if cid is None:
        raise Invalid(_("No case is being presented."), "case_id")
    case = db.session.get(Case, cid)
    if case is None or case.session_id != session.id:
        raise NotFound(_("That case is not on this session's agenda."))
    return case


def check_case_open(session: ClinicSession, case_id: int, state: CaseState) -> None:
    """Writes about a case go to everyone on the board (live emits and replay), so they are
    accepted only for a case everyone there may see now (visibility.open_to_board)."""
    if not open_to_board(case_id, state, session):
        raise Conflict(str(NOT_YET))


def check_post_case(session: ClinicSession, case_id: int | None) -> Case:
    """The case a new question or recommendation is about: on the agenda, and open to the board."""
    case = check_agenda_case(session, case_id)
    check_case_open(session, case.id, case.state)
    return case


def check_item_case(session: ClinicSession, item: Question | Recommendation) -> None:
    """An answer, edit, endorsement or consensus mark names its post's case: the same rule."""
    case = db.session.get(Case, item.case_id)
    if case is not None:
        check_case_open(session, case.id, case.state)


def check_privacy(user: User, session: ClinicSession, text: str, dismissals: dict[str, str], field: str = "text") -> None:
    """Raise PrivacyHeld unless every finding is dismissed with a reason (the dismissal is audited)."""
    findings = scan(text)
    if any(fingerprint(f) not in dismissals for f in findings):
        raise PrivacyHeld([{"start": f.start, "end": f.end, "kind": f.kind, "text": f.text, "label": f.label,
                            "hint": f.hint, "fingerprint": fingerprint(f)} for f in findings], field)
    if findings:
        audit.record(user, "live.privacy_dismissed", "session", session.id, session.program_id,
                     detail="kinds: " + ",".join(sorted({f.kind for f in findings})))


def rate_since(limit: str | None = None) -> datetime:
    """The start of the rate limit's moving window (LIVE_RATE_LIMIT, e.g. "30/minute")."""
    item = parse(limit or current_app.config["LIVE_RATE_LIMIT"])
    return utcnow() - timedelta(seconds=item.get_expiry())


def check_rate(user_id: int) -> None:
    """Posting is limited per user: at most LIVE_RATE_LIMIT board events in its moving window.

    The count is of the user's stored events (store.recent_writes), not a separate counter:
    the event log already records every write, in the database that all processes share, so
    the limit holds across processes without Redis. Concurrent posts by one user can pass
    together; the limit is against flooding, not an exact quota."""
    limit = current_app.config["LIVE_RATE_LIMIT"]
    if recent_writes(user_id, rate_since(limit)) >= parse(limit).amount:
        raise RateLimited(_("You are posting too fast (limit %(limit)s). Wait a moment.", limit=limit))


def get_question(session: ClinicSession, qid: int) -> Question:
    q = db.session.get(Question, qid)
    if q is None or q.session_id != session.id:
        raise NotFound(_("No such question in this session."))
    return q


def get_recommendation(session: ClinicSession, rid: int) -> Recommendation:
    r = db.session.get(Recommendation, rid)
    if r is None or r.session_id != session.id:
        raise NotFound(_("No such recommendation in this session."))
    return r


def get_post(session: ClinicSession, kind: str, pid: int) -> Question | Recommendation:
    return get_question(session, pid) if kind == "question" else get_recommendation(session, pid)


def check_answer(user: User, session: ClinicSession, q: Question) -> Role:
    role = check_watch(user, session)
    case = db.session.get(Case, q.case_id)
    if not (role == Role.coordinator or (case is not None and case.author_id == user.id)):
        raise NotAllowed(_("Only the presenter (or the facilitator) answers questions."))
    if q.withdrawn:
        raise Conflict(_("That question was withdrawn."))
    if case is not None:
        check_case_open(session, case.id, case.state)
    return role


def check_own_post(user: User, session: ClinicSession, post: Question | Recommendation) -> Role:
    role = check_watch(user, session)
    if post.author_id != user.id:
        raise NotAllowed(_("You may only change your own posts."))
    if post.withdrawn:
        raise Conflict(_("That post was withdrawn."))
    return role
