"""The live case conference: check_* (validate, authorise), do_* (write), wire format.

Plain functions, no Flask request objects. Socket handlers (echo/live/events.py) and pages
(echo/live/routes.py) call these; emitting happens in echo/live/broadcast.py after commit.

Every write that others must see appends one LiveEvent with the session's next sequence
number in the same transaction as the domain row (Question, Recommendation...):

    seq = next_seq(session_id)   # UPDATE clinic_sessions SET last_seq = last_seq + 1 ... RETURNING

The UPDATE takes the session row's write lock until commit (PostgreSQL row lock, SQLite's
database write lock), so two writers in any number of processes get distinct consecutive
numbers, and the events commit in seq order. A rolled-back write gives its number back.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.exc import IntegrityError

from ..extensions import db
from ..models import (
    Case, CaseState, Endorsement, LiveEvent, Membership, MembershipStatus, PresenceInterval, Question,
    Recommendation, RecommendationEdit, Role, Session, SessionStatus, User,
)
from ..models.types import utcnow
from . import audit
from .errors import Conflict, Invalid, NotAllowed, NotFound

PHASES = ("presentation", "questions", "recommendations", "summary")
PHASE_LABELS = {"presentation": "Presentation", "questions": "Clarifying questions",
                "recommendations": "Recommendations", "summary": "Summary"}
CATEGORIES = ("diagnostics", "medication", "behavioural", "referral", "monitoring", "other")
CATEGORY_LABELS = {"diagnostics": "Diagnostics", "medication": "Medication", "behavioural": "Behavioural",
                   "referral": "Referral", "monitoring": "Monitoring", "other": "Other"}
MAX_TEXT = 4000
REPLAY_LIMIT = 500
NO_REPLAY = -1

# Who may do what on the board (design.md, Roles).
WATCHERS = (Role.coordinator, Role.specialist, Role.participant, Role.learner)
POSTERS = (Role.coordinator, Role.specialist, Role.participant)       # questions, recommendations
ENDORSERS = (Role.coordinator, Role.specialist)
FACILITATORS = (Role.coordinator,)


class PrivacyHeld(Invalid):
    """The text has privacy findings: held, returned to its author to fix, never broadcast."""

    code = "privacy"

    def __init__(self, findings: list, field: str = "text"):
        super().__init__("This text may identify a patient. Fix the highlighted parts, or dismiss a finding with a reason.", field)
        self.findings = findings


class RateLimited(Invalid):
    code = "rate_limited"
    status = 429


def room(session_id: int) -> str:
    return f"session-{session_id}"


# --- reading ------------------------------------------------------------------------------

def role_of(user: User | None, session: Session) -> Role | None:
    """The user's role on this session's board; site admins act as coordinators."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_admin:
        return Role.coordinator
    return db.session.scalar(select(Membership.role).where(
        Membership.program_id == session.program_id, Membership.user_id == user.id,
        Membership.status == MembershipStatus.active))


def get_session(session_id) -> Session:
    if not isinstance(session_id, int) or isinstance(session_id, bool):
        raise Invalid("session_id must be an integer.", "session_id")
    s = db.session.get(Session, session_id)
    if s is None:
        raise NotFound("No such session.")
    return s


def agenda(session: Session) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.session_id == session.id)
                                    .order_by(Case.agenda_position.is_(None), Case.agenda_position, Case.id)))


def events_after(session_id: int, last_seq: int, limit: int = REPLAY_LIMIT) -> list[LiveEvent]:
    return list(db.session.scalars(select(LiveEvent).where(LiveEvent.session_id == session_id, LiveEvent.seq > last_seq)
                                    .order_by(LiveEvent.seq).limit(limit)))


def who(user: User, role: Role | None) -> dict:
    return {"id": user.id, "name": user.name, "role": role.value if role else None}


def to_wire(ev: LiveEvent) -> dict:
    """The one JSON shape of an event (docs/realtime.md); built from the row alone."""
    return {
        "seq": ev.seq, "kind": ev.kind, "session_id": ev.session_id, "case_id": ev.case_id,
        "client_id": ev.client_id, "created_at": ev.created_at.isoformat() if ev.created_at else None,
        "author": (ev.payload or {}).get("author"), "data": (ev.payload or {}).get("data", {}),
    }


def question_wire(q: Question, author: dict) -> dict:
    return {"id": q.id, "case_id": q.case_id, "text": q.text, "answer": q.answer, "author": author, "withdrawn": q.withdrawn}


def rec_wire(r: Recommendation, author: dict) -> dict:
    return {"id": r.id, "case_id": r.case_id, "source": r.source, "category": r.category, "text": r.text,
            "author": author, "count": 0, "consensus": r.consensus, "withdrawn": r.withdrawn}


# --- validating payloads ------------------------------------------------------------------

def p_int(payload: dict, key: str, required: bool = True, minimum: int = 0) -> int | None:
    if key == "last_seq":
        minimum = NO_REPLAY
    v = payload.get(key)
    if v is None and not required:
        return None
    if not isinstance(v, int) or isinstance(v, bool) or v < minimum:
        raise Invalid(f"{key} must be an integer of at least {minimum}.", key)
    return v


def p_text(payload: dict, key: str = "text", max_len: int = MAX_TEXT) -> str:
    v = payload.get(key)
    if not isinstance(v, str) or not v.strip():
        raise Invalid(f"{key} must be non-empty text.", key)
    if len(v) > max_len:
        raise Invalid(f"{key} is longer than {max_len} characters.", key)
    return v.strip()


def p_client_id(payload: dict) -> str:
    v = payload.get("client_id")
    if v is None:
        return "srv-" + uuid.uuid4().hex
    if not isinstance(v, str) or not 1 <= len(v) <= 64:
        raise Invalid("client_id must be text of 1 to 64 characters.", "client_id")
    return v


def p_dismissals(payload: dict) -> dict[str, str]:
    raw = payload.get("dismissals") or []
    if not isinstance(raw, list):
        raise Invalid("dismissals must be a list.", "dismissals")
    out = {}
    for d in raw:
        if not isinstance(d, dict) or not isinstance(d.get("fingerprint"), str) or not isinstance(d.get("reason"), str):
            raise Invalid("Each dismissal needs a fingerprint and a reason.", "dismissals")
        if d["reason"].strip():
            out[d["fingerprint"]] = d["reason"].strip()[:300]
    return out


# --- checks -------------------------------------------------------------------------------

def check_watch(user: User, session: Session) -> Role:
    role = role_of(user, session)
    if role is None:
        raise NotAllowed("Only members of this program may open its live board.")
    return role


def check_role(user: User, session: Session, roles: tuple, action: str) -> Role:
    role = role_of(user, session)
    if role is None or role not in roles:
        raise NotAllowed(f"You may not {action} in this session.")
    return role


def check_live(session: Session) -> None:
    if session.status != SessionStatus.live:
        raise Conflict("The session is not live.")


def check_agenda_case(session: Session, case_id: int | None) -> Case:
    cid = case_id if case_id is not None else session.current_case_id
    if cid is None:
        raise Invalid("No case is being presented.", "case_id")
    case = db.session.get(Case, cid)
    if case is None or case.session_id != session.id:
        raise NotFound("That case is not on this session's agenda.")
    return case


def check_privacy(user: User, session: Session, text: str, dismissals: dict[str, str], field: str = "text") -> None:
    """Raise PrivacyHeld unless every finding is dismissed with a reason (the dismissal is audited)."""
    from .privacy import fingerprint, scan

    findings = scan(text)
    open_ = [f for f in findings if fingerprint(f) not in dismissals]
    if open_:
        raise PrivacyHeld([{"start": f.start, "end": f.end, "kind": f.kind, "text": f.text, "label": f.label,
                            "hint": f.hint, "fingerprint": fingerprint(f)} for f in findings], field)
    if findings:
        audit.record(user, "live.privacy_dismissed", "session", session.id, session.program_id,
                     detail="kinds: " + ",".join(sorted({f.kind for f in findings})))


def find_existing(session_id: int, user_id: int, client_id: str) -> LiveEvent | None:
    # The id alone first (the unique index answers it): nearly every write is new, and the
    # ORM's entity load costs more than the query; the row is loaded only for a retry.
    ev_id = db.session.scalar(select(LiveEvent.id).where(LiveEvent.session_id == session_id, LiveEvent.author_id == user_id,
                                                         LiveEvent.client_id == client_id))
    return db.session.get(LiveEvent, ev_id) if ev_id is not None else None


# --- writing ------------------------------------------------------------------------------

def next_seq(session_id: int) -> int:
    """Allocate the session's next seq; holds the session row's write lock until commit.

    A Core UPDATE on the table (the ORM's bulk-update machinery adds nothing here: the
    Session object, if loaded, is not read for last_seq by any write)."""
    return db.session.execute(_stmt("next_seq"), {"b_session_id": session_id}).scalar_one()


# Statements of the hot path, built once: SQLAlchemy then skips building the statement and
# its cache key on every post (about a third of the ORM-free cost of a post).
_STMTS: dict[str, object] = {}


def _build_stmt(name: str):
    s, u, ev, c, m = Session.__table__.c, User.__table__.c, LiveEvent.__table__.c, Case.__table__.c, Membership.__table__.c
    if name == "next_seq":
        return (update(Session.__table__).where(s.id == bindparam("b_session_id"))
                .values(last_seq=s.last_seq + 1).returning(s.last_seq))
    if name == "insert_event":
        return insert(LiveEvent.__table__).returning(LiveEvent.__table__.c.id)
    if name == "insert_recommendation":
        return insert(Recommendation.__table__).returning(Recommendation.__table__.c.id)
    if name.startswith("post_context"):
        existing = (select(ev.id).where(ev.session_id == s.id, ev.author_id == bindparam("b_user_id"),
                                        ev.client_id == bindparam("b_client_id")).scalar_subquery())
        cid = bindparam("b_case_id") if name == "post_context_case" else s.current_case_id
        case_session = select(c.session_id).where(c.id == cid).scalar_subquery()
        # The role now, not as it was at join: a coordinator's change applies to the next post.
        member_role = (select(m.role).where(m.program_id == s.program_id, m.user_id == bindparam("b_user_id"),
                                            m.status == MembershipStatus.active).scalar_subquery())
        return (select(s.id, s.program_id, s.status, s.current_case_id, u.name, u.is_admin, u.is_active_account,
                       existing.label("existing_id"), case_session.label("case_session_id"), member_role.label("role"))
                .select_from(Session.__table__.outerjoin(User.__table__, u.id == bindparam("b_user_id")))
                .where(s.id == bindparam("b_session_id")))
    raise KeyError(name)


def _stmt(name: str):
    st = _STMTS.get(name)
    if st is None:
        st = _STMTS[name] = _build_stmt(name)
    return st


# --- the fast path of a post (questions, recommendations) ------------------------------------

@dataclass(frozen=True)
class BoardSession:
    """The columns of a session that a post needs, read with Core (no ORM object)."""
    id: int
    program_id: int
    status: SessionStatus
    current_case_id: int | None


@dataclass(frozen=True)
class Poster:
    """The columns of the posting user that a post needs (who(), audit, role_of)."""
    id: int
    name: str
    is_admin: bool
    is_authenticated = True


@dataclass(frozen=True)
class CaseRef:
    id: int


@dataclass(frozen=True)
class PostContext:
    session: BoardSession
    user: Poster | None       # None: no such user, or the account is deactivated
    role: Role | None         # the user's role on this board now (role_of), None: not a member
    existing_id: int | None   # the event already stored with this (session, author, client_id)
    case: CaseRef | None      # the case posted to, if it is on this session's agenda
    case_id: int | None       # the case asked for (or the session's current case)


def post_context(session_id: int, user_id: int, client_id: str, case_id: int | None) -> PostContext | None:
    """Everything a post reads before writing, in one Core query: the session, the user (still
    active?), a retry's original event, and whether the case is on the session's agenda.
    The same checks as get_session + the user loader + role_of + find_existing +
    check_agenda_case, one round trip instead of five ORM loads. None when there is no such session."""
    params = {"b_session_id": session_id, "b_user_id": user_id, "b_client_id": client_id}
    if case_id is not None:
        params["b_case_id"] = case_id
    row = db.session.execute(_stmt("post_context_case" if case_id is not None else "post_context"), params).one_or_none()
    if row is None:
        return None
    session = BoardSession(row.id, row.program_id, row.status, row.current_case_id)
    user = Poster(user_id, row.name, bool(row.is_admin)) if row.name is not None and row.is_active_account else None
    role = None
    if user is not None:
        role = Role.coordinator if user.is_admin else (Role(row.role) if row.role is not None else None)
    target = case_id if case_id is not None else row.current_case_id
    case = CaseRef(target) if target is not None and row.case_session_id == row.id else None
    return PostContext(session, user, role, row.existing_id, case, target)


def check_case_ref(ctx: PostContext) -> CaseRef:
    """check_agenda_case on what post_context read (the same errors)."""
    if ctx.case_id is None:
        raise Invalid("No case is being presented.", "case_id")
    if ctx.case is None:
        raise NotFound("That case is not on this session's agenda.")
    return ctx.case


def append_event(session: Session, kind: str, user: User, role: Role | None, data: dict, client_id: str,
                 case_id: int | None = None) -> LiveEvent:
    """Allocate the seq and INSERT the event now (Core, in the caller's transaction; a repeated
    client_id raises IntegrityError here). Returns the row as a LiveEvent that is not attached
    to the ORM session: it is the stored event, for the ack and the emit."""
    values = {"session_id": session.id, "seq": next_seq(session.id), "kind": kind, "author_id": user.id,
              "case_id": case_id, "payload": {"author": who(user, role), "data": data}, "client_id": client_id,
              "created_at": utcnow()}
    ev_id = db.session.execute(_stmt("insert_event"), values).scalar_one()
    return LiveEvent(id=ev_id, **values)


@dataclass
class Outcome:
    event: LiveEvent
    created: bool  # False: a retry with a client_id already used; this is the original
    wire: dict


def commit_idempotent(session_id: int, user: User, client_id: str, write, looked_up: bool = False) -> Outcome:
    """Run write() (which appends one event) and commit; a repeated client_id gets the original.

    The unique key (session_id, author_id, client_id) settles races between two retries.
    The wire form is built before the commit, so emitting needs no second read of the row.
    """
    if not looked_up:
        existing = find_existing(session_id, user.id, client_id)
        if existing is not None:
            return Outcome(existing, False, to_wire(existing))
    try:
        ev = write()
        db.session.flush()
        wire = to_wire(ev)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        existing = find_existing(session_id, user.id, client_id)
        if existing is None:
            raise
        return Outcome(existing, False, to_wire(existing))
    return Outcome(ev, True, wire)


def do_post_question(session: Session, user: User, role: Role, case: Case, text: str, client_id: str) -> LiveEvent:
    q = Question(case_id=case.id, session_id=session.id, author_id=user.id, text=text, answer="", created_at=utcnow())
    db.session.add(q)
    db.session.flush()
    return append_event(session, "question_posted", user, role, {"question": question_wire(q, who(user, role))}, client_id, case.id)


def get_question(session: Session, qid: int) -> Question:
    q = db.session.get(Question, qid)
    if q is None or q.session_id != session.id:
        raise NotFound("No such question in this session.")
    return q


def check_answer(user: User, session: Session, q: Question) -> Role:
    role = check_watch(user, session)
    case = db.session.get(Case, q.case_id)
    if not (role == Role.coordinator or (case is not None and case.author_id == user.id)):
        raise NotAllowed("Only the presenter (or the facilitator) answers questions.")
    if q.withdrawn:
        raise Conflict("That question was withdrawn.")
    return role


def do_answer_question(session: Session, user: User, role: Role, q: Question, text: str, client_id: str) -> LiveEvent:
    q.answer = text
    q.answered_by_id = user.id
    return append_event(session, "question_answered", user, role,
                        {"question_id": q.id, "answer": text, "answered_by": who(user, role)}, client_id, q.case_id)


def do_post_recommendation(session: Session, user: User, role: Role, case: Case, category: str, text: str, client_id: str) -> LiveEvent:
    source = "spoke" if role == Role.participant else "hub"
    now = utcnow()
    # The hottest write of the board: one Core INSERT ... RETURNING id in this transaction
    # instead of the ORM's unit of work (nothing here needs the Recommendation object).
    rec_id = db.session.execute(_stmt("insert_recommendation"), {
        "case_id": case.id, "session_id": session.id, "author_id": user.id, "source": source, "category": category,
        "text": text, "withdrawn": False, "consensus": False, "created_at": now, "updated_at": now,
    }).scalar_one()
    author = who(user, role)
    rec = {"id": rec_id, "case_id": case.id, "source": source, "category": category, "text": text,
           "author": author, "count": 0, "consensus": False, "withdrawn": False}
    return append_event(session, "recommendation_posted", user, role, {"recommendation": rec}, client_id, case.id)


def p_category(payload: dict) -> str:
    c = payload.get("category")
    if c not in CATEGORIES:
        raise Invalid("category must be one of: " + ", ".join(CATEGORIES) + ".", "category")
    return c


def get_recommendation(session: Session, rid: int) -> Recommendation:
    r = db.session.get(Recommendation, rid)
    if r is None or r.session_id != session.id:
        raise NotFound("No such recommendation in this session.")
    return r


def get_post(session: Session, kind: str, pid: int):
    if kind == "question":
        return get_question(session, pid)
    if kind == "recommendation":
        return get_recommendation(session, pid)
    raise Invalid("kind must be question or recommendation.", "kind")


def check_own_post(user: User, session: Session, post) -> Role:
    role = check_watch(user, session)
    if post.author_id != user.id:
        raise NotAllowed("You may only change your own posts.")
    if post.withdrawn:
        raise Conflict("That post was withdrawn.")
    return role


def do_edit_post(session: Session, user: User, role: Role, post, text: str, category: str | None, client_id: str) -> LiveEvent:
    if isinstance(post, Recommendation):
        db.session.add(RecommendationEdit(recommendation_id=post.id, editor_id=user.id, old_text=post.text,
                                          old_category=post.category, action="edit", created_at=utcnow()))
        post.text = text
        if category:
            post.category = category
        post.updated_at = utcnow()
        return append_event(session, "recommendation_edited", user, role,
                            {"recommendation_id": post.id, "text": post.text, "category": post.category}, client_id, post.case_id)
    # A question's earlier text stays in the event log (question_posted / question_edited).
    post.text = text
    return append_event(session, "question_edited", user, role, {"question_id": post.id, "text": text}, client_id, post.case_id)


def do_withdraw_post(session: Session, user: User, role: Role, post, client_id: str) -> LiveEvent:
    post.withdrawn = True
    if isinstance(post, Recommendation):
        db.session.add(RecommendationEdit(recommendation_id=post.id, editor_id=user.id, old_text=post.text,
                                          old_category=post.category, action="withdraw", created_at=utcnow()))
        post.consensus = False
        post.updated_at = utcnow()
        return append_event(session, "recommendation_withdrawn", user, role, {"recommendation_id": post.id}, client_id, post.case_id)
    return append_event(session, "question_withdrawn", user, role, {"question_id": post.id}, client_id, post.case_id)


def endorsement_count(rid: int) -> int:
    return db.session.scalar(select(func.count(Endorsement.id)).where(Endorsement.recommendation_id == rid)) or 0


def do_endorse(session: Session, user: User, role: Role, r: Recommendation, endorse: bool, client_id: str) -> LiveEvent:
    if r.author_id == user.id:
        raise Invalid("You cannot endorse your own recommendation.", "recommendation_id")
    if r.withdrawn:
        raise Conflict("That recommendation was withdrawn.")
    existing = db.session.scalar(select(Endorsement).where(Endorsement.recommendation_id == r.id, Endorsement.user_id == user.id))
    if endorse and existing is None:
        db.session.add(Endorsement(recommendation_id=r.id, user_id=user.id, created_at=utcnow()))
    elif not endorse and existing is not None:
        db.session.delete(existing)
    db.session.flush()
    return append_event(session, "endorsement_changed", user, role,
                        {"recommendation_id": r.id, "user": who(user, role), "endorsed": endorse, "count": endorsement_count(r.id)},
                        client_id, r.case_id)


def do_mark_consensus(session: Session, user: User, role: Role, r: Recommendation, consensus: bool, client_id: str) -> LiveEvent:
    if r.withdrawn and consensus:
        raise Conflict("That recommendation was withdrawn.")
    r.consensus = consensus
    return append_event(session, "consensus_changed", user, role, {"recommendation_id": r.id, "consensus": consensus},
                        client_id, r.case_id)


def _mark_presented(case: Case | None, user: User) -> None:
    from .lifecycle import do_transition

    if case is not None and case.state == CaseState.accepted:
        do_transition(case, CaseState.presented, user)


def do_start_session(session: Session, user: User, role: Role, client_id: str) -> LiveEvent:
    if session.status != SessionStatus.scheduled:
        raise Conflict(f"A session that is {session.status.value} cannot be started.")
    now = utcnow()
    session.status = SessionStatus.live
    session.started_at = now
    cases = agenda(session)
    session.current_case_id = cases[0].id if cases else None
    session.current_phase = PHASES[0] if cases else ""
    session.phase_started_at = now
    audit.record(user, "session.started", "session", session.id, session.program_id)
    return append_event(session, "session_started", user, role, {
        "status": "live", "started_at": now.isoformat(), "current_case_id": session.current_case_id,
        "phase": session.current_phase, "phase_started_at": now.isoformat()}, client_id, session.current_case_id)


def do_set_phase(session: Session, user: User, role: Role, case: Case, phase: str, client_id: str) -> LiveEvent:
    if phase not in PHASES:
        raise Invalid("phase must be one of: " + ", ".join(PHASES) + ".", "phase")
    previous = session.current_case_id
    if previous is not None and previous != case.id:
        _mark_presented(db.session.get(Case, previous), user)
    if phase == "summary":
        _mark_presented(case, user)
    now = utcnow()
    session.current_case_id = case.id
    session.current_phase = phase
    session.phase_started_at = now
    return append_event(session, "phase_changed", user, role, {
        "current_case_id": case.id, "previous_case_id": previous, "phase": phase, "phase_started_at": now.isoformat(),
        "case_state": case.state.value}, client_id, case.id)


def close_presence(session_id: int, at: datetime, sid: str | None = None) -> list[int]:
    """Close open presence intervals (of one socket, or all in the session); returns their user ids."""
    q = select(PresenceInterval).where(PresenceInterval.session_id == session_id, PresenceInterval.left_at.is_(None))
    if sid is not None:
        q = q.where(PresenceInterval.sid == sid)
    rows = list(db.session.scalars(q))
    for p in rows:
        p.left_at = at
    return [p.user_id for p in rows]


def do_end_session(session: Session, user: User, role: Role, client_id: str) -> LiveEvent:
    if session.status != SessionStatus.live:
        raise Conflict("Only a live session can be ended.")
    now = utcnow()
    if session.current_case_id is not None:
        _mark_presented(db.session.get(Case, session.current_case_id), user)
    session.status = SessionStatus.ended
    session.ended_at = now
    session.phase_started_at = None
    close_presence(session.id, now)
    audit.record(user, "session.ended", "session", session.id, session.program_id)
    return append_event(session, "session_ended", user, role, {"status": "ended", "ended_at": now.isoformat()}, client_id,
                        session.current_case_id)


# --- presence and attendance ----------------------------------------------------------------

def open_presence(session: Session, user: User, sid: str) -> PresenceInterval:
    p = PresenceInterval(session_id=session.id, user_id=user.id, sid=sid, joined_at=utcnow())
    db.session.add(p)
    return p


def present_users(session_id: int, user_ids: set[int] | None = None) -> list[dict]:
    """Who is in the room now (any open interval), with their role on the board."""
    program_id = db.session.scalar(select(Session.program_id).where(Session.id == session_id))
    q = (select(User, Membership.role).join(PresenceInterval, PresenceInterval.user_id == User.id)
         .outerjoin(Membership, (Membership.user_id == User.id) & (Membership.program_id == program_id))
         .where(PresenceInterval.session_id == session_id, PresenceInterval.left_at.is_(None)).distinct())
    if user_ids is not None:
        q = q.where(User.id.in_(user_ids))
    out = []
    for u, r in db.session.execute(q):
        role = Role.coordinator if (u.is_admin and r is None) else r
        out.append(who(u, role))
    out.sort(key=lambda d: d["name"].casefold())
    return out


def attendance(session: Session) -> list[dict]:
    """Minutes per person while the session was live (union of their intervals, clipped)."""
    rows = db.session.execute(select(PresenceInterval, User).join(User, User.id == PresenceInterval.user_id)
                              .where(PresenceInterval.session_id == session.id).order_by(PresenceInterval.joined_at)).all()
    start = session.started_at
    end = session.ended_at or utcnow()
    per: dict[int, dict] = {}
    for p, u in rows:
        a = max(p.joined_at, start) if start else p.joined_at
        b = min(p.left_at or end, end)
        d = per.setdefault(u.id, {"user": u, "spans": [], "first": p.joined_at, "left": []})
        d["left"].append(p.left_at)
        if start is not None and b > a:
            d["spans"].append((a, b))
    out = []
    for uid, d in per.items():
        secs = 0.0
        cur_a = cur_b = None
        for a, b in sorted(d["spans"]):
            if cur_b is None or a > cur_b:
                if cur_b is not None:
                    secs += (cur_b - cur_a).total_seconds()
                cur_a, cur_b = a, b
            else:
                cur_b = max(cur_b, b)
        if cur_b is not None:
            secs += (cur_b - cur_a).total_seconds()
        role = role_of(d["user"], session)
        out.append({"user": d["user"], "role": role, "minutes": round(secs / 60), "first_joined": d["first"],
                    "last_left": None if None in d["left"] else max(d["left"])})
    out.sort(key=lambda r: r["user"].name.casefold())
    return out


# --- the written summary ----------------------------------------------------------------------

def check_summary(user: User, case: Case) -> Session:
    """Coordinators of the case's program compose and send; the case must have been on a session."""
    from ..models import Program
    from .access import require_role

    require_role(user, db.session.get(Program, case.program_id), Role.coordinator, action="write summaries")
    if case.session_id is None:
        raise Conflict("This case was not on a session's agenda.")
    return db.session.get(Session, case.session_id)


def summary_prefill(case: Case) -> str:
    """Markdown from the consensus recommendations, grouped by category."""
    recs = list(db.session.scalars(select(Recommendation).where(
        Recommendation.case_id == case.id, Recommendation.consensus.is_(True), Recommendation.withdrawn.is_(False))
        .order_by(Recommendation.created_at, Recommendation.id)))
    lines = ["## Recommendations of the panel", ""]
    if not recs:
        lines.append("_No recommendation was marked as consensus._")
    for cat in CATEGORIES:
        group = [r for r in recs if r.category == cat]
        if group:
            lines += [f"### {CATEGORY_LABELS[cat]}", ""] + ["- " + " ".join(r.text.split()) for r in group] + [""]
    return "\n".join(lines).rstrip() + "\n"


def can_read_summary(user: User, case: Case) -> bool:
    from ..models import Program
    from .access import has_role

    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return case.author_id == user.id or has_role(user, db.session.get(Program, case.program_id), Role.coordinator, Role.specialist)


def do_save_summary(case: Case, user: User, text: str, follow_up: str):
    from ..models import Summary

    s = db.session.scalar(select(Summary).where(Summary.case_id == case.id))
    if s is None:
        s = Summary(case_id=case.id, author_id=user.id, text=text, follow_up=follow_up, created_at=utcnow())
        db.session.add(s)
    else:
        s.text, s.follow_up, s.author_id = text, follow_up, user.id
    return s


def do_send_summary(case: Case, user: User, text: str, follow_up: str):
    """Store and mark sent; the case becomes summarised (via the lifecycle). The caller commits,
    then mails the presenter (notify_summary)."""
    from .lifecycle import do_transition

    s = do_save_summary(case, user, text, follow_up)
    if case.state == CaseState.accepted:
        do_transition(case, CaseState.presented, user)
    if case.state == CaseState.presented:
        do_transition(case, CaseState.summarised, user)
    elif case.state not in (CaseState.summarised, CaseState.published):
        raise Conflict(f"A case that is {case.state.value} cannot get a summary.")
    s.sent_at = utcnow()
    from .notify import add_notification

    add_notification(case.author, "summary", f"The panel's written summary for your case #{case.id} is ready.",
                     url=f"/live/cases/{case.id}/summary/print")
    session = db.session.get(Session, case.session_id)
    ev = append_event(session, "summary_sent", user, role_of(user, session), {"case_id": case.id, "case_state": case.state.value},
                      "srv-" + uuid.uuid4().hex, case.id)
    return s, ev
