"""The board's event log: sequence numbers, appending events and posts, their wire form.

Every write that others must see appends one LiveEvent with the session's next sequence
number in the same transaction as the domain row (Question, Recommendation...):

    seq = next_seq(session_id)   # UPDATE clinic_sessions SET last_seq = last_seq + 1 ... RETURNING

The UPDATE takes the session row's write lock until commit (PostgreSQL row lock, SQLite's
database write lock), so two writers in any number of processes get distinct consecutive
numbers, and the events commit in seq order. A rolled-back write gives its number back.
Nothing here commits: the handler that called the command owns the transaction.
"""
from __future__ import annotations

from datetime import datetime

from sqlalchemy import func, insert, select, update

from echo.accounts.models import User
from echo.core.extensions import db
from echo.core.types import utcnow
from echo.live.models import LiveEvent, Question, Recommendation
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.programs.models import Role

# Facilitation (and sending a summary) is not posting: a coordinator leading a session moves
# through a phase or case every few seconds, and those events must not use up the budget of
# their own questions and recommendations. Any other kind counts.
RATE_FREE_KINDS = ("session_started", "phase_changed", "session_ended", "consensus_changed", "summary_sent")


def who(user: User, role: Role | None) -> dict:
    """The author block of an event."""
    return {"id": user.id, "name": user.name, "role": role.value if role else None}


def to_wire(ev: LiveEvent) -> dict:
    """The one JSON shape of an event (docs/realtime.md); built from the row alone."""
    return {
        "seq": ev.seq, "kind": ev.kind, "session_id": ev.session_id, "case_id": ev.case_id,
        "client_id": ev.client_id, "created_at": ev.created_at.isoformat() if ev.created_at else None,
        "author": (ev.payload or {}).get("author"), "data": (ev.payload or {}).get("data", {}),
    }


def question_wire(q: Question, author: dict | None) -> dict:
    return {"id": q.id, "case_id": q.case_id, "text": q.text, "answer": q.answer, "author": author, "withdrawn": q.withdrawn}


def rec_wire(r: Recommendation, author: dict | None) -> dict:
    return {"id": r.id, "case_id": r.case_id, "source": r.source, "category": r.category, "text": r.text,
            "author": author, "count": 0, "consensus": r.consensus, "withdrawn": r.withdrawn}


def find_existing(session_id: int, user_id: int, client_id: str) -> LiveEvent | None:
    """The event this user already stored in the session with this client_id (a retry)."""
    return db.session.scalar(select(LiveEvent).where(LiveEvent.session_id == session_id, LiveEvent.author_id == user_id,
                                                     LiveEvent.client_id == client_id))


def recent_writes(user_id: int, since: datetime) -> int:
    """How many rate-limited board events the user has written since `since`, in any session."""
    return db.session.scalar(select(func.count()).select_from(LiveEvent).where(
        LiveEvent.author_id == user_id, LiveEvent.created_at > since, LiveEvent.kind.not_in(RATE_FREE_KINDS))) or 0


def next_seq(session_id: int, only_live: bool = False) -> int | None:
    """Allocate the session's next seq; holds the session row's write lock until commit.
    only_live: None (nothing allocated) unless the session is live."""
    s = ClinicSession.__table__.c
    cond = [s.id == session_id] + ([s.status == SessionStatus.live] if only_live else [])
    return db.session.execute(update(ClinicSession.__table__).where(*cond)
                              .values(last_seq=s.last_seq + 1).returning(s.last_seq)).scalar_one_or_none()


def append_event(session: ClinicSession, kind: str, user: User, role: Role | None, data: dict, client_id: str,
                 case_id: int | None = None, seq: int | None = None) -> LiveEvent:
    """INSERT the event now (in the caller's transaction; a repeated client_id raises
    IntegrityError here). Returns the row as a LiveEvent that is not attached to the ORM
    session: it is the stored event, for the ack and the emit."""
    values = {"session_id": session.id, "seq": seq if seq is not None else next_seq(session.id), "kind": kind,
              "author_id": user.id, "case_id": case_id, "payload": {"author": who(user, role), "data": data},
              "client_id": client_id, "created_at": utcnow()}
    ev_id = db.session.execute(insert(LiveEvent.__table__).returning(LiveEvent.__table__.c.id), values).scalar_one()
    return LiveEvent(id=ev_id, **values)


def append_post(session: ClinicSession, post: Question | Recommendation, kind: str, wire: dict, user: User,
                role: Role | None, client_id: str, html: str) -> LiveEvent:
    """Store a new post and its event `kind`, whose data is {"question"|"recommendation": wire,
    "html": the item's content}.

    The seq is taken only while the session is live, in the same statement that locks it: a
    session ended since check_live refuses the post here (NotLive), with nothing written."""
    from echo.live.rules import NotLive  # rules reads this module (recent_writes)

    seq = next_seq(session.id, only_live=True)
    if seq is None:
        raise NotLive("The session is not live.")
    db.session.add(post)
    db.session.flush()
    wire["id"] = post.id
    key = "question" if isinstance(post, Question) else "recommendation"
    return append_event(session, kind, user, role, {key: wire, "html": html}, client_id, post.case_id, seq=seq)
