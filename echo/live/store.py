"""The board's event log and its hottest reads and writes, as prebuilt Core statements.

Every write that others must see appends one LiveEvent with the session's next sequence
number in the same transaction as the domain row (Question, Recommendation...):

    seq = next_seq(session_id)   # UPDATE clinic_sessions SET last_seq = last_seq + 1 ... RETURNING

The UPDATE takes the session row's write lock until commit (PostgreSQL row lock, SQLite's
database write lock), so two writers in any number of processes get distinct consecutive
numbers, and the events commit in seq order. A rolled-back write gives its number back.

Posts (questions, recommendations) are most of a live board's writes: post_context reads what
a post needs in one query, and append_post writes the post and its event. On PostgreSQL it
does so in one statement (see append_post for why).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import JSON, Boolean, Integer, Text, bindparam, cast, exists, func, insert, literal, or_, select, true, update
from sqlalchemy.dialects.postgresql import ARRAY, JSONB

from echo.core.extensions import db
from echo.cases.models import Case
from echo.live.models import LiveEvent, Question, Recommendation
from echo.programs.models import Membership, MembershipStatus, Role
from echo.programs.clinic_session import ClinicSession, SessionStatus
from echo.accounts.models import User
from echo.core.types import utcnow
from echo.core.errors import Conflict
from echo.cases.visibility import AFTER_PRESENTED, open_to_board


def who(user: User, role: Role | None) -> dict:
    """The author block of an event."""
    return {"id": user.id, "name": user.name, "role": role.value if role else None}


def next_seq(session_id: int) -> int:
    """Allocate the session's next seq; holds the session row's write lock until commit.

    A Core UPDATE on the table (the ORM's bulk-update machinery adds nothing here: the
    Session object, if loaded, is not read for last_seq by any write)."""
    return db.session.execute(_stmt("next_seq"), {"b_session_id": session_id}).scalar_one()


# Statements of the hot path, built once: SQLAlchemy then skips building the statement and
# its cache key on every post (about a third of the ORM-free cost of a post).
_STMTS: dict[str, object] = {}


def _build_stmt(name: str):
    s, u, ev = ClinicSession.__table__.c, User.__table__.c, LiveEvent.__table__.c
    if name == "next_seq":
        return _seq_update()
    if name == "insert_event":
        return insert(LiveEvent.__table__).returning(LiveEvent.__table__.c.id)
    if name == "next_seq_live":  # a post's seq: none when the session has ended meanwhile
        return _seq_update(only_live=True)
    if name == "next_seq_guarded":  # ... and none when the post's guard no longer holds
        return _seq_update(only_live=True, guarded=True)
    if name.startswith("insert_post:"):
        table = _POST_TABLES[name.split(":", 1)[1]]
        return insert(table).returning(table.c.id)
    if name.startswith("post_with_event"):
        kind, table = name.split(":", 1)
        return _post_with_event(_POST_TABLES[table], guarded=kind.endswith("_guarded"))
    if name.startswith("post_context"):
        existing = _their_event(bindparam("b_user_id"), bindparam("b_client_id")).scalar_subquery()
        cid = bindparam("b_case_id") if name == "post_context_case" else s.current_case_id
        case_session = _case_session(cid).scalar_subquery()
        case_state = select(Case.__table__.c.state).where(Case.__table__.c.id == cid).scalar_subquery()
        # The role now, not as it was at join: a coordinator's change applies to the next post.
        member_role = _member_role(bindparam("b_user_id")).scalar_subquery()
        # The rate limit's count (recent_writes), read here so that a post checks it at no extra round trip.
        recent = _recent(bindparam("b_user_id"), bindparam("b_since", type_=ev.created_at.type)).scalar_subquery()
        return (select(s.id, s.program_id, s.status, s.current_case_id, u.name, u.is_admin, u.is_active_account,
                       existing.label("existing_id"), case_session.label("case_session_id"), case_state.label("case_state"),
                       member_role.label("role"),
                       recent.label("recent_writes"))
                .select_from(ClinicSession.__table__.outerjoin(User.__table__, u.id == bindparam("b_user_id")))
                .where(s.id == bindparam("b_session_id")))
    raise KeyError(name)


def _seq_update(only_live: bool = False, guarded: bool = False):
    """UPDATE clinic_sessions SET last_seq = last_seq + 1 ... RETURNING last_seq (see the module
    docstring); only_live: no row unless the session is live; guarded: no row unless the
    post's PostGuard still holds (_guard_conditions)."""
    s = ClinicSession.__table__.c
    cond = [s.id == bindparam("b_session_id")] + ([s.status == SessionStatus.live] if only_live else [])
    if guarded:
        cond += _guard_conditions()
    return update(ClinicSession.__table__).where(*cond).values(last_seq=s.last_seq + 1).returning(s.last_seq)


def _guard_conditions() -> list:
    """The checks of post_context, as conditions on the session row being updated, built from
    the same subqueries: the poster's account is active with the name and admin flag the guard
    assumed, their role on the board is the one assumed, the case is on this session (and is its
    current case, when the post named none) and open to the whole board, the client_id is new,
    and the user is within the rate limit."""
    s, u, ev = ClinicSession.__table__.c, User.__table__.c, LiveEvent.__table__.c
    uid = bindparam("b_user_id", type_=Integer)
    is_admin = bindparam("g_is_admin", type_=Boolean)
    user_ok = exists().where(u.id == uid, u.is_active_account == true(), u.name == bindparam("g_name", type_=u.name.type),
                             u.is_admin == is_admin)
    member_ok = _member_role(uid).scalar_subquery() == bindparam("g_role", type_=Membership.__table__.c.role.type)
    case_id = bindparam("g_case_id", type_=Integer)
    on_agenda = _case_session(case_id).scalar_subquery() == s.id
    current = or_(bindparam("g_explicit_case", type_=Boolean), s.current_case_id == case_id)
    # Open to the whole board (visibility.open_to_board; the UPDATE already requires a live session).
    c = Case.__table__.c
    board_open = or_(s.current_case_id == case_id, exists().where(c.id == case_id, c.state.in_(AFTER_PRESENTED)))
    new = ~_their_event(uid, bindparam("b_client_id")).exists()
    within = _recent(uid, bindparam("b_since", type_=ev.created_at.type)).scalar_subquery() < bindparam("g_limit", type_=Integer)
    return [user_ok, or_(is_admin, member_ok), on_agenda, current, board_open, new, within]


# The subqueries of a post's checks, correlated to the session row (clinic_sessions): one
# definition each for post_context's read and the guarded write's conditions.

def _their_event(user_id, client_id):
    """SELECT the id of the event this user already stored in the session with this client_id."""
    ev, s = LiveEvent.__table__.c, ClinicSession.__table__.c
    return select(ev.id).where(ev.session_id == s.id, ev.author_id == user_id, ev.client_id == client_id)


def _member_role(user_id):
    """SELECT the user's role in the session's program (one row at most: unique per program and user)."""
    m, s = Membership.__table__.c, ClinicSession.__table__.c
    return select(m.role).where(m.program_id == s.program_id, m.user_id == user_id, m.status == MembershipStatus.active)


def _case_session(case_id):
    """SELECT the session whose agenda holds the case."""
    c = Case.__table__.c
    return select(c.session_id).where(c.id == case_id)


# Facilitation (and sending a summary) is not posting: a coordinator leading a session moves
# through a phase or case every few seconds, and those events must not use up the budget of
# their own questions and recommendations. Any other kind counts.
RATE_FREE_KINDS = ("session_started", "phase_changed", "session_ended", "consensus_changed", "summary_sent")


def _recent(user_id, since):
    """SELECT count(*) of the user's rate-limited events since `since`: the rate limit's count."""
    ev = LiveEvent.__table__.c
    return select(func.count()).select_from(LiveEvent.__table__).where(
        ev.author_id == user_id, ev.created_at > since, ev.kind.not_in(RATE_FREE_KINDS))


_POST_TABLES = {"questions": Question.__table__, "recommendations": Recommendation.__table__}
_POST_KEYS = {"questions": "question", "recommendations": "recommendation"}


def _post_with_event(table, guarded: bool = False):
    """PostgreSQL: next seq (only while the session is live), the post's row and its event, in
    one data-modifying WITH statement. The event's payload is sent with the post's id unset and
    gets it from the INSERT's RETURNING (jsonb_set), since the id exists only inside the statement.

        WITH seq AS (UPDATE clinic_sessions SET last_seq = last_seq + 1
                     WHERE id = :session AND status = 'live' RETURNING last_seq),
             post AS (INSERT INTO <table> (...) SELECT ... FROM seq RETURNING id),
             event AS (INSERT INTO live_events (...) SELECT ..., seq.last_seq, jsonb_set(...)
                       FROM seq JOIN post ON true RETURNING id)
        SELECT seq.last_seq, post.id, event.id FROM seq JOIN post ON true JOIN event ON true
    """
    ev = LiveEvent.__table__
    seq = _seq_update(only_live=True, guarded=guarded).cte("seq")
    cols = [c.name for c in table.c if c.name != "id"]
    post = (insert(table).from_select(cols, select(*[bindparam(f"p_{c}", type_=table.c[c].type) for c in cols]).select_from(seq))
            .returning(table.c.id).cte("post"))
    path = cast(literal("{data,%s,id}" % _POST_KEYS[table.name]), ARRAY(Text))
    payload = cast(func.jsonb_set(cast(bindparam("e_payload", type_=JSON), JSONB), path, func.to_jsonb(post.c.id)), JSON)
    ev_cols = ["session_id", "seq", "kind", "author_id", "case_id", "payload", "client_id", "created_at"]
    values = [bindparam("b_session_id", type_=ev.c.session_id.type), seq.c.last_seq,
              bindparam("e_kind", type_=ev.c.kind.type), bindparam("e_author_id", type_=ev.c.author_id.type),
              bindparam("e_case_id", type_=ev.c.case_id.type), payload, bindparam("e_client_id", type_=ev.c.client_id.type),
              bindparam("e_created_at", type_=ev.c.created_at.type)]
    event = (insert(ev).from_select(ev_cols, select(*values).select_from(seq.join(post, true())))
             .returning(ev.c.id).cte("event"))
    return select(seq.c.last_seq, post.c.id.label("post_id"), event.c.id.label("event_id")).select_from(
        seq.join(post, true()).join(event, true()))



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
    open: bool = True  # open to the whole board now (visibility.open_to_board)


@dataclass(frozen=True)
class PostGuard:
    """What a post assumes instead of reading it first (events._post, from the poster's previous
    post on the board): the write happens only if all of it still holds, checked by the seq
    UPDATE itself (_guard_conditions), so a post costs one statement instead of a read and a write.
    When the guard fails nothing is written (GuardFailed) and the post is read and checked in full."""
    name: str
    is_admin: bool
    role: Role              # the member's role (coordinator for an admin)
    case_id: int
    explicit_case: bool     # the post named its case; else it goes to the session's current case
    since: datetime         # the rate limit's window...
    limit: int              # ...and how many events it allows


class GuardFailed(Exception):
    """A guarded post wrote nothing: something its PostGuard assumed no longer holds."""


@dataclass(frozen=True)
class PostContext:
    session: BoardSession
    user: Poster | None       # None: no such user, or the account is deactivated
    role: Role | None         # the user's role on this board now (role_of), None: not a member
    existing_id: int | None   # the event already stored with this (session, author, client_id)
    case: CaseRef | None      # the case posted to, if it is on this session's agenda
    case_id: int | None       # the case asked for (or the session's current case)
    recent_writes: int        # the user's board events since `since` (the rate limit's count)
    guard: PostGuard | None = None  # set when nothing was read: the write checks this instead


def post_context(session_id: int, user_id: int, client_id: str, case_id: int | None, since: datetime) -> PostContext | None:
    """Everything a post reads before writing, in one Core query: the session, the user (still
    active?), a retry's original event, and whether the case is on the session's agenda.
    The same checks as get_session + the user loader + role_of + find_existing +
    check_post_case, one round trip instead of five ORM loads. None when there is no such session."""
    params = {"b_session_id": session_id, "b_user_id": user_id, "b_client_id": client_id, "b_since": since}
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
    case = None
    if target is not None and row.case_session_id == row.id:
        case = CaseRef(target, open_to_board(target, row.case_state, session))
    return PostContext(session, user, role, row.existing_id, case, target, row.recent_writes)


def recent_writes(user_id: int, since: datetime) -> int:
    """How many board events the user has written since `since`, in any session."""
    return db.session.scalar(_recent(user_id, since)) or 0


def append_event(session: ClinicSession, kind: str, user: User, role: Role | None, data: dict, client_id: str,
                 case_id: int | None = None) -> LiveEvent:
    """Allocate the seq and INSERT the event now (Core, in the caller's transaction; a repeated
    client_id raises IntegrityError here). Returns the row as a LiveEvent that is not attached
    to the ORM session: it is the stored event, for the ack and the emit."""
    values = {"session_id": session.id, "seq": next_seq(session.id), "kind": kind, "author_id": user.id,
              "case_id": case_id, "payload": {"author": who(user, role), "data": data}, "client_id": client_id,
              "created_at": utcnow()}
    ev_id = db.session.execute(_stmt("insert_event"), values).scalar_one()
    return LiveEvent(id=ev_id, **values)


def append_post(session_id: int, table_name: str, values: dict, kind: str, wire: dict, user: User, role: Role | None,
                client_id: str, case_id: int, guard: PostGuard | None = None) -> LiveEvent:
    """INSERT a post (`values`: a row of `table_name`, questions or recommendations) and its
    event `kind`, whose data is {"question"|"recommendation": wire}; wire["id"] is set to the new
    row's id. Raises Conflict when the session is no longer live (ended since it was checked).

    On PostgreSQL this is one statement (_post_with_event) instead of three. Why: each round
    trip to a database server that has been idle since the last post wakes its process
    (0.1-0.6 ms measured on this project's machines, docs/realtime.md "Measuring"); posts come
    seconds apart, so a post's round trips are its largest cost. Run under
    single_statement_writes, the statement is also its own transaction: no BEGIN, no COMMIT.
    SQLite has no data-modifying WITH; in-process, its three statements cost no round trip.

    With a guard (PostGuard), the seq is taken only if the guard holds; else GuardFailed.
    """
    key = _POST_KEYS[table_name]
    ev_values = {"session_id": session_id, "kind": kind, "author_id": user.id, "case_id": case_id,
                 "payload": {"author": who(user, role), "data": {key: wire}}, "client_id": client_id,
                 "created_at": values["created_at"]}
    seq_params = {"b_session_id": session_id}
    if guard is not None:
        seq_params.update({"b_user_id": user.id, "b_client_id": client_id, "b_since": guard.since, "g_name": guard.name,
                           "g_is_admin": guard.is_admin, "g_role": guard.role, "g_case_id": guard.case_id,
                           "g_explicit_case": guard.explicit_case, "g_limit": guard.limit})
    if db.session.get_bind().dialect.name == "postgresql":
        params = {f"p_{k}": v for k, v in values.items()}
        params.update({f"e_{k}": v for k, v in ev_values.items() if k != "session_id"})
        params.update(seq_params)
        name = "post_with_event_guarded" if guard is not None else "post_with_event"
        row = db.session.execute(_stmt(f"{name}:{table_name}"), params).one_or_none()
        if row is None:
            _refused(guard)
        seq, wire["id"], ev_id = row
    else:
        seq = db.session.execute(_stmt("next_seq_guarded" if guard is not None else "next_seq_live"),
                                 seq_params).scalar_one_or_none()
        if seq is None:
            _refused(guard)
        wire["id"] = db.session.execute(_stmt(f"insert_post:{table_name}"), values).scalar_one()
        ev_id = db.session.execute(_stmt("insert_event"), {**ev_values, "seq": seq}).scalar_one()
    return LiveEvent(id=ev_id, seq=seq, **ev_values)


def _refused(guard: PostGuard | None):
    if guard is not None:
        raise GuardFailed()
    raise Conflict("The session is not live.")


def single_statement_writes() -> None:
    """On PostgreSQL, run this unit of work in autocommit: no BEGIN and no COMMIT round trips.

    Only for a unit of work whose one write is a single statement (append_post): that
    statement is atomic by itself, and the reads before it see committed rows, as in a READ
    COMMITTED transaction. Call before the unit of work's first statement; the pool restores
    the connection's isolation level when it is returned."""
    # Already in a transaction (a test's, or a caller's): its statements stay in it.
    if not db.session().in_transaction() and db.session.get_bind().dialect.name == "postgresql":
        db.session.connection(execution_options={"isolation_level": "AUTOCOMMIT"})
