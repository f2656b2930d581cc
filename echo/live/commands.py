"""The live case conference: check_* (validate, authorise), do_* (write), wire format.

Plain functions, no Flask request objects. Socket handlers (echo/live/socket_events.py) and pages
(echo/live/views.py) call these; emitting happens in echo/live/realtime.py after commit.
The event log itself (sequence numbers, the prebuilt statements of the hot path) is
echo/live/store.py.
"""
from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, or_, select
from sqlalchemy.exc import IntegrityError

from echo.core.extensions import db
from echo.core.ids import ID_MAX, is_id
from echo.cases.models import Case, CaseState
from echo.live.models import Endorsement, LiveEvent, PresenceInterval, Question, Recommendation, RecommendationEdit
from echo.programs.models import Membership, MembershipStatus, Program, Role
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.accounts.models import User
from echo.core.types import utcnow
from echo.core.timefmt import fmt
from echo.accounts import audit
from echo.programs import operations as programs
from echo.cases.outcome import can_read_summary  # noqa: F401  (the summary pages' rule, shared with the case page)
from echo.core.errors import Conflict, Invalid, NotAllowed, NotFound
from echo.live.store import BoardSession, CaseRef, GuardFailed, PostContext, PostGuard, append_event, append_post, post_context, recent_writes, single_statement_writes, who
from echo.cases.visibility import can_view_case, open_to_board

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


class NotNow(Conflict):
    """A start far from the scheduled time, not agreed to move the session to now."""

    code = "not_now"


class RateLimited(Invalid):
    code = "rate_limited"
    status = 429


def room(session_id: int) -> str:
    return f"session-{session_id}"


# --- reading ------------------------------------------------------------------------------

def role_of(user: User | None, session: ClinicSession) -> Role | None:
    """The user's role on this session's board; site admins act as coordinators."""
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    if user.is_admin:
        return Role.coordinator
    return db.session.scalar(select(Membership.role).where(
        Membership.program_id == session.program_id, Membership.user_id == user.id,
        Membership.status == MembershipStatus.active))


def get_session(session_id) -> ClinicSession:
    if not isinstance(session_id, int) or isinstance(session_id, bool):
        raise Invalid("session_id must be an integer.", "session_id")
    s = db.session.get(ClinicSession, session_id) if is_id(session_id) else None
    if s is None:
        raise NotFound("No such session.")
    return s


def agenda(session: ClinicSession) -> list[Case]:
    return list(db.session.scalars(select(Case).where(Case.session_id == session.id)
                                    .order_by(Case.agenda_position.is_(None), Case.agenda_position, Case.id)))


def events_after(session_id: int, last_seq: int, limit: int = REPLAY_LIMIT) -> list[LiveEvent]:
    return list(db.session.scalars(select(LiveEvent).where(LiveEvent.session_id == session_id, LiveEvent.seq > last_seq)
                                    .order_by(LiveEvent.seq).limit(limit)))


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
    if v > ID_MAX:  # no row has it, and a query with it would fail on either database (echo/core/ids.py)
        if key == "last_seq":
            return ID_MAX  # beyond every seq: the same answer (nothing to replay, or reset)
        raise NotFound(f"No such {_ID_NAMES.get(key, 'item')}.")
    return v


_ID_NAMES = {"session_id": "session", "case_id": "case", "question_id": "question",
             "recommendation_id": "recommendation", "id": "post"}


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

def check_watch(user: User, session: ClinicSession) -> Role:
    role = role_of(user, session)
    if role is None:
        raise NotAllowed("Only members of this program may open its live board.")
    return role


def check_role(user: User, session: ClinicSession, roles: tuple, action: str) -> Role:
    role = role_of(user, session)
    if role is None or role not in roles:
        raise NotAllowed(f"You may not {action} in this session.")
    return role


def check_live(session: ClinicSession) -> None:
    if session.status != SessionStatus.live:
        raise Conflict("The session is not live.")


def check_agenda_case(session: ClinicSession, case_id: int | None) -> Case:
    cid = case_id if case_id is not None else session.current_case_id
    if cid is None:
        raise Invalid("No case is being presented.", "case_id")
    case = db.session.get(Case, cid)
    if case is None or case.session_id != session.id:
        raise NotFound("That case is not on this session's agenda.")
    return case


NOT_YET = "This case has not been presented yet."


def check_case_open(session: ClinicSession | BoardSession, case_id: int, state: CaseState) -> None:
    """Writes about a case go to everyone on the board (live emits and replay), so they are
    accepted only for a case everyone there may see now (visibility.open_to_board)."""
    if not open_to_board(case_id, state, session):
        raise Conflict(NOT_YET)


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
    from echo.privacy import fingerprint, scan

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

def check_case_ref(ctx: PostContext) -> CaseRef:
    """check_post_case on what post_context read (the same errors)."""
    if ctx.case_id is None:
        raise Invalid("No case is being presented.", "case_id")
    if ctx.case is None:
        raise NotFound("That case is not on this session's agenda.")
    if not ctx.case.open:
        raise Conflict(NOT_YET)
    return ctx.case


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


def do_post_question(session: ClinicSession, user: User, role: Role, case: Case, text: str, client_id: str,
                     guard: PostGuard | None = None) -> LiveEvent:
    values = {"case_id": case.id, "session_id": session.id, "author_id": user.id, "text": text, "answer": "",
              "answered_by_id": None, "withdrawn": False, "created_at": utcnow()}
    wire = {"id": None, "case_id": case.id, "text": text, "answer": "", "author": who(user, role), "withdrawn": False}
    return append_post(session.id, "questions", values, "question_posted", wire, user, role, client_id, case.id, guard)


def get_question(session: ClinicSession, qid: int) -> Question:
    q = db.session.get(Question, qid)
    if q is None or q.session_id != session.id:
        raise NotFound("No such question in this session.")
    return q


def check_answer(user: User, session: ClinicSession, q: Question) -> Role:
    role = check_watch(user, session)
    case = db.session.get(Case, q.case_id)
    if not (role == Role.coordinator or (case is not None and case.author_id == user.id)):
        raise NotAllowed("Only the presenter (or the facilitator) answers questions.")
    if q.withdrawn:
        raise Conflict("That question was withdrawn.")
    if case is not None:
        check_case_open(session, case.id, case.state)
    return role


def do_answer_question(session: ClinicSession, user: User, role: Role, q: Question, text: str, client_id: str) -> LiveEvent:
    q.answer = text
    q.answered_by_id = user.id
    return append_event(session, "question_answered", user, role,
                        {"question_id": q.id, "answer": text, "answered_by": who(user, role)}, client_id, q.case_id)


def do_post_recommendation(session: ClinicSession, user: User, role: Role, case: Case, category: str, text: str, client_id: str,
                           guard: PostGuard | None = None) -> LiveEvent:
    source = "spoke" if role == Role.participant else "hub"
    now = utcnow()
    values = {"case_id": case.id, "session_id": session.id, "author_id": user.id, "source": source, "category": category,
              "text": text, "withdrawn": False, "consensus": False, "created_at": now, "updated_at": now}
    wire = {"id": None, "case_id": case.id, "source": source, "category": category, "text": text,
            "author": who(user, role), "count": 0, "consensus": False, "withdrawn": False}
    return append_post(session.id, "recommendations", values, "recommendation_posted", wire, user, role, client_id, case.id,
                       guard)


def p_category(payload: dict) -> str:
    c = payload.get("category")
    if not c:
        raise Invalid("Choose a category.", "category")
    if c not in CATEGORIES:
        raise Invalid("category must be one of: " + ", ".join(CATEGORIES) + ".", "category")
    return c


def get_recommendation(session: ClinicSession, rid: int) -> Recommendation:
    r = db.session.get(Recommendation, rid)
    if r is None or r.session_id != session.id:
        raise NotFound("No such recommendation in this session.")
    return r


def get_post(session: ClinicSession, kind: str, pid: int):
    if kind == "question":
        return get_question(session, pid)
    if kind == "recommendation":
        return get_recommendation(session, pid)
    raise Invalid("kind must be question or recommendation.", "kind")


def check_own_post(user: User, session: ClinicSession, post) -> Role:
    role = check_watch(user, session)
    if post.author_id != user.id:
        raise NotAllowed("You may only change your own posts.")
    if post.withdrawn:
        raise Conflict("That post was withdrawn.")
    return role


def do_edit_post(session: ClinicSession, user: User, role: Role, post, text: str, category: str | None, client_id: str) -> LiveEvent:
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


def do_withdraw_post(session: ClinicSession, user: User, role: Role, post, client_id: str) -> LiveEvent:
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


def do_endorse(session: ClinicSession, user: User, role: Role, r: Recommendation, endorse: bool, client_id: str) -> LiveEvent:
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


def do_mark_consensus(session: ClinicSession, user: User, role: Role, r: Recommendation, consensus: bool, client_id: str) -> LiveEvent:
    if r.withdrawn and consensus:
        raise Conflict("That recommendation was withdrawn.")
    r.consensus = consensus
    return append_event(session, "consensus_changed", user, role, {"recommendation_id": r.id, "consensus": consensus},
                        client_id, r.case_id)


def _mark_presented(case: Case | None, user: User) -> None:
    from echo.cases.lifecycle import do_transition

    if case is not None and case.state == CaseState.accepted:
        do_transition(case, CaseState.presented, user)


def do_start_session(session: ClinicSession, user: User, role: Role, client_id: str, move_to_now: bool = False) -> LiveEvent:
    """Starting far from the scheduled time is refused (NotNow) unless the coordinator agreed to
    move the session to now (move_to_now), so that its records carry the day it ran."""
    if session.status != SessionStatus.scheduled:
        raise Conflict(f"A session that is {session.status.value} cannot be started.")
    now = utcnow()
    if not programs.near_scheduled_time(session, now):
        if not move_to_now:
            zone = db.session.get(Program, session.program_id).timezone
            raise NotNow(f"This session is scheduled for {fmt(session.starts_at, zone)}, not now. "
                         "To run it now, move it to now and start it.")
        programs.do_move_to_now(session, now)
        audit.record(user, "session.moved_to_now", "session", session.id, session.program_id)
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


def do_set_phase(session: ClinicSession, user: User, role: Role, case: Case, phase: str, client_id: str) -> LiveEvent:
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
    """Close open presence intervals (of one socket, or all in the session); returns their user ids.
    A board without JavaScript is open until its last beat's grace runs out (do_page_beat): it
    is closed at `at` too."""
    q = select(PresenceInterval).where(PresenceInterval.session_id == session_id,
                                       or_(PresenceInterval.left_at.is_(None), PresenceInterval.left_at > at))
    if sid is not None:
        q = q.where(PresenceInterval.sid == sid)
    rows = list(db.session.scalars(q))
    for p in rows:
        p.left_at = at
    return [p.user_id for p in rows]


def do_end_session(session: ClinicSession, user: User, role: Role, client_id: str) -> LiveEvent:
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

# A board without JavaScript has no socket: its attendance frame (fallback.nojs_here) reloads
# itself every PAGE_BEAT_EVERY seconds, and each load is a beat that counts the viewer present
# for PAGE_BEAT_GRACE seconds more (a little longer than the beat, so that a slow reload on a
# poor connection leaves no gap).
PAGE_BEAT_EVERY = 60
PAGE_BEAT_GRACE = 90


def page_sid(user_id: int) -> str:
    """The presence intervals of a user's boards without JavaScript (one per user and session:
    two such tabs are one presence)."""
    return f"page:{user_id}"


def do_page_beat(session: ClinicSession, user: User, at: datetime | None = None) -> bool:
    """Record that a board without JavaScript is open: its interval's left_at is "present until"
    the beat's grace, extended by each beat; after a gap, a new interval. Only while the session
    is live (attendance is counted while it is). True when the viewer has just arrived."""
    if session.status != SessionStatus.live:
        return False
    at = at or utcnow()
    until = at + timedelta(seconds=PAGE_BEAT_GRACE)
    current = db.session.scalar(
        select(PresenceInterval).where(PresenceInterval.session_id == session.id, PresenceInterval.user_id == user.id,
                                       PresenceInterval.sid == page_sid(user.id), PresenceInterval.left_at >= at)
        .order_by(PresenceInterval.joined_at.desc()).limit(1))
    if current is not None:
        current.left_at = until
        return False
    db.session.add(PresenceInterval(session_id=session.id, user_id=user.id, sid=page_sid(user.id), joined_at=at,
                                    left_at=until))
    return True


def open_presence(session: ClinicSession, user: User, sid: str) -> PresenceInterval:
    p = PresenceInterval(session_id=session.id, user_id=user.id, sid=sid, joined_at=utcnow())
    db.session.add(p)
    return p


def present_users(session_id: int, user_ids: set[int] | None = None) -> list[dict]:
    """Who is in the room now (any open interval, or a board without JavaScript still within
    its beat's grace), with their role on the board."""
    program_id = db.session.scalar(select(ClinicSession.program_id).where(ClinicSession.id == session_id))
    q = (select(User, Membership.role).join(PresenceInterval, PresenceInterval.user_id == User.id)
         .outerjoin(Membership, (Membership.user_id == User.id) & (Membership.program_id == program_id))
         .where(PresenceInterval.session_id == session_id,
                or_(PresenceInterval.left_at.is_(None), PresenceInterval.left_at > utcnow())).distinct())
    if user_ids is not None:
        q = q.where(User.id.in_(user_ids))
    out = []
    for u, r in db.session.execute(q):
        role = Role.coordinator if (u.is_admin and r is None) else r
        out.append(who(u, role))
    out.sort(key=lambda d: d["name"].casefold())
    return out


def attendance(session: ClinicSession) -> list[dict]:
    """Minutes per person while the session was live (union of their intervals, clipped)."""
    rows = db.session.execute(select(PresenceInterval, User).join(User, User.id == PresenceInterval.user_id)
                              .where(PresenceInterval.session_id == session.id).order_by(PresenceInterval.joined_at)).all()
    start = session.started_at
    now = utcnow()
    end = session.ended_at or now
    per: dict[int, dict] = {}
    for p, u in rows:
        a = max(p.joined_at, start) if start else p.joined_at
        b = min(p.left_at or end, end)
        d = per.setdefault(u.id, {"user": u, "spans": [], "first": p.joined_at, "left": []})
        # A board without JavaScript still within its beat's grace has not left yet.
        d["left"].append(None if p.left_at is not None and p.left_at > now else p.left_at)
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

def check_summary(user: User, case: Case) -> ClinicSession:
    """Coordinators of the case's program compose and send; the case must have been on a session."""
    from echo.programs.models import Program
    from echo.programs.access import require_role

    require_role(user, db.session.get(Program, case.program_id), Role.coordinator, action="write summaries")
    if case.session_id is None:
        raise Conflict("This case was not on a session's agenda.")
    return db.session.get(ClinicSession, case.session_id)


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


def do_save_summary(case: Case, user: User, text: str, follow_up: str):
    from echo.live.models import Summary

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
    from echo.cases.lifecycle import do_transition

    s = do_save_summary(case, user, text, follow_up)
    if case.state == CaseState.accepted:
        do_transition(case, CaseState.presented, user)
    if case.state == CaseState.presented:
        do_transition(case, CaseState.summarised, user)
    elif case.state not in (CaseState.summarised, CaseState.published):
        raise Conflict(f"A case that is {case.state.value} cannot get a summary.")
    s.sent_at = utcnow()
    from echo.accounts.notify import add_notification

    add_notification(case.author, "summary", f"The panel's written summary for your case #{case.id} is ready.",
                     url=f"/cases/{case.id}#summary")
    session = db.session.get(ClinicSession, case.session_id)
    ev = append_event(session, "summary_sent", user, role_of(user, session), {"case_id": case.id, "case_state": case.state.value},
                      "srv-" + uuid.uuid4().hex, case.id)
    return s, ev
