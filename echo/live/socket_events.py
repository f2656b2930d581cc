"""Socket.IO handlers of the live board (protocol: docs/realtime.md).

Each handler: parse the payload, check_* (validate, authorise by role), do_* (write the
domain row and its LiveEvent in one transaction, commit), then notify_* (emit to the room
`session-<id>` after the commit). Every client event takes an acknowledgement:

    {"ok": true, "event": {...}}                       a write (also for a retried client_id)
    {"ok": false, "error": {"code": ..., "message": ..., "findings": [...]}}

Nothing is written when the ack says ok: false.
"""
from __future__ import annotations

import dataclasses
import functools
import logging

from flask import current_app, g, has_app_context, request
from flask_login import current_user
from flask_socketio import join_room
from sqlalchemy import select

from echo.live import commands as live
from echo.core.errors import DomainError, Invalid, NotAllowed
from echo.core.outage import database_unreachable, note_outage, rollback_quietly, unavailable_ack
from echo.core.extensions import db, login_manager, socketio
from echo.core.ids import is_id
from echo.live.models import LiveEvent
from echo.accounts.models import User, UserLogin
from echo.core.types import utcnow
from echo.core.request import without_nul
from echo.live import limits
from echo.live import realtime
from echo.live import socket_logins

log = logging.getLogger("echo.live")

# sid -> the sessions it joined, for the sockets of this process (a socket lives in one process).
# No role is kept: writes read the role as it is now.
joined: dict[str, set[int]] = {}
# sid -> the user id authenticated from the handshake's login cookie at connect. A socket's
# cookie cannot change after the handshake, so events need not decode it again.
socket_users: dict[str, int] = {}
# (The login each socket connected with: socket_logins.)


def _sid() -> str:
    """This event's socket: set by the direct dispatch (register), else Flask-SocketIO's request."""
    sid = g.get("socket_sid")
    return sid if sid is not None else request.sid


def _user() -> User | None:
    """The user _socket_user() loaded for this event (None: not logged in)."""
    user = g.get("_login_user")
    return user if user is not None and user.is_authenticated else None


def _fresh_user() -> None:
    """Load the user from this socket's handshake cookie. Under an already pushed app context
    (the test client's) flask_login would otherwise reuse the user of another socket."""
    g.pop("_login_user", None)


def _socket_user() -> User | None:
    """The user this socket authenticated as at connect, reloaded by primary key (so a
    deactivated account is refused on its next event, as on its next HTTP request) and made
    the user of this event (`_user()`).

    This replaces flask_login's per-event path (decode the cookie's user, session protection,
    and then re-signing the handshake's cookie into a response nobody receives), which cost
    about 2 ms per event: same user, same check, one query."""
    sid = _sid()
    uid, lid = socket_users.get(sid), socket_logins.login_of(sid)
    user = None
    if uid is not None and lid is not None:
        # The user through the socket's login: an ended login loads no one, in the same one query.
        user = db.session.scalar(select(User).join(UserLogin, UserLogin.user_id == User.id).where(
            User.id == uid, UserLogin.id == lid))
    if user is None or not user.is_active:
        user = None
        socket_logins.forget(sid)
    else:
        socket_logins.remember(sid, lid)
    g._login_user = user if user is not None else login_manager.anonymous_user()
    return user


def error_ack(exc: DomainError) -> dict:
    err = {"code": exc.code, "message": exc.message}
    if exc.field:
        err["field"] = exc.field
    if isinstance(exc, live.PrivacyHeld):
        err["findings"] = exc.findings
    return {"ok": False, "error": err}


def acked(fn=None, *, load_user: bool = True):
    """Turn domain errors and bad payloads into error acks; nothing is left half-written.

    load_user=False: the handler authenticates the socket's user itself (the posts' fast
    path reads the user together with the session: _post)."""
    if fn is None:
        return functools.partial(acked, load_user=load_user)

    @functools.wraps(fn)
    def wrapper(payload=None, *extra):
        try:
            limits.check_size(payload)
            if not load_user:
                g.pop("_login_user", None)
                if _sid() not in socket_users or not socket_logins.still_active(_sid()):
                    raise NotAllowed("Log in first.")
            elif _socket_user() is None:
                raise NotAllowed("Log in first.")
            if not isinstance(payload, dict):
                raise Invalid("The payload must be a JSON object.")
            return fn(without_nul(payload))  # as HTTP input is (echo/core/request.py)
        except DomainError as exc:
            db.session.rollback()
            log.info("live %s refused for user %s: %s", fn.__name__, socket_users.get(_sid()), exc.code)
            return error_ack(exc)
        except Exception as exc:
            if database_unreachable(exc):  # retryable, one log line per outage (echo.core.outage)
                rollback_quietly()
                note_outage(f"live {fn.__name__}", exc)
                return unavailable_ack()
            db.session.rollback()
            log.exception("live %s failed", fn.__name__)
            return {"ok": False, "error": {"code": "server_error", "message": "Something went wrong on our side; try again."}}

    return wrapper


def _write(payload: dict, roles: tuple, action: str, build, *, need_live: bool = True, rate_limited: bool = True) -> dict:
    """The common path of every write: authorise, retry-safe, rate-limited, commit, emit.

    build(session, user, role, client_id) validates the rest and returns a function that
    appends the event (run inside commit_idempotent).
    """
    session = live.get_session(payload.get("session_id"))
    client_id = live.p_client_id(payload)
    user = _user()
    # The role now (one indexed read), not as it was at join: a role changed or a membership
    # ended during the session applies to the next event.
    role = live.check_role(user, session, roles, action)
    existing = live.find_existing(session.id, user.id, client_id)
    if existing is not None:  # a retry: the original, never a second copy
        return {"ok": True, "event": live.to_wire(existing), "duplicate": True}
    if need_live:
        live.check_live(session)
    write = build(session, user, role, client_id)
    if rate_limited:
        realtime.check_rate(user.id)
    return _written(realtime.commit_and_notify(session.id, user, client_id, write))


def _written(outcome: live.Outcome) -> dict:
    if not outcome.created:  # a retry that raced the original: the original
        return {"ok": True, "event": outcome.wire, "duplicate": True}
    return {"ok": True, "event": outcome.wire}


# sid -> {session_id: the PostContext of this socket's last post there that passed every check}.
# The next post assumes it still holds and lets its write check that (_post_guarded).
posted_as: dict[str, dict[int, live.PostContext]] = {}


def _post(payload: dict, action: str, build) -> dict:
    """_write for post_question and post_recommendation, the board's most frequent writes:
    the same checks in the same order, but the reads (user, session, retry lookup, agenda
    case) are one Core query (live.post_context) instead of four ORM loads, and from a
    socket's second post on, no read at all (_post_guarded).

    build(ctx, session, user, role, client_id) validates the rest and returns the write."""
    session_id = payload.get("session_id")
    raw_case = payload.get("case_id")
    case_id = raw_case if is_id(raw_case) else None
    raw_client = payload.get("client_id")
    ctx = None
    single = not payload.get("dismissals")
    if single:
        # Reads, then one write statement (live.append_post): on PostgreSQL no BEGIN/COMMIT
        # round trips. A dismissal also writes an audit row, which must share the post's transaction.
        live.single_statement_writes()
    if is_id(session_id) and isinstance(raw_client, str):
        sid = _sid()
        known = posted_as.get(sid, {}).pop(session_id, None)
        if known is not None and single:
            done = _post_guarded(known, payload, case_id, build)
            if done is not None:
                posted_as.setdefault(sid, {})[session_id] = known
                return done
            live.single_statement_writes()  # the rollback gave the connection back
        ctx = live.post_context(session_id, socket_users[sid], raw_client, case_id, realtime.rate_since())
    if ctx is None:  # a bad session_id or client_id, no such session: the general path gives the same answer
        if _socket_user() is None:
            raise NotAllowed("Log in first.")
        return _write(payload, live.POSTERS, action, lambda session, user, role, cid: build(None, session, user, role, cid))
    if ctx.user is None:
        raise NotAllowed("Log in first.")
    session, user = ctx.session, ctx.user
    client_id = live.p_client_id(payload)
    role = ctx.role  # read with the rest, so a role changed since join applies to this post
    if role is None or role not in live.POSTERS:
        raise NotAllowed(f"You may not {action} in this session.")
    if ctx.existing_id is not None:  # a retry: the original, never a second copy
        return {"ok": True, "event": live.to_wire(db.session.get(LiveEvent, ctx.existing_id)), "duplicate": True}
    live.check_live(session)
    write = build(ctx, session, user, role, client_id)
    realtime.check_rate(user.id, ctx.recent_writes)
    done = _written(realtime.commit_and_notify(session.id, user, client_id, write))
    if sid in socket_users:  # still connected
        posted_as.setdefault(sid, {})[session.id] = ctx
    return done


def _post_guarded(known: live.PostContext, payload: dict, case_id: int | None, build) -> dict | None:
    """A post that reads nothing first: it assumes what the socket's last post on this board
    read (`known`: the user's name, admin flag and role, the session's current case) and its one
    write statement checks all of that, with the rest of post_context's checks (live, on the
    agenda, new client_id, rate limit), as conditions of taking the seq (live.PostGuard).

    None, with nothing written, when anything is not as assumed, or the payload has an error or
    a privacy finding: the caller then reads and checks in full, so every answer and its order
    is the full path's. Why: the read was a third of a post's time on PostgreSQL, a round trip
    to a database process idle since the last post (docs/realtime.md, "Measuring")."""
    target = case_id if case_id is not None else known.case_id
    if target is None:
        return None
    since, limit = realtime.rate_window()
    guard = live.PostGuard(known.user.name, known.user.is_admin, known.role, target, case_id is not None, since, limit)
    ctx = dataclasses.replace(known, existing_id=None, case=live.CaseRef(target), case_id=target, recent_writes=0,
                              guard=guard)
    try:
        client_id = live.p_client_id(payload)
        write = build(ctx, ctx.session, ctx.user, ctx.role, client_id)
        return _written(realtime.commit_and_notify(ctx.session.id, ctx.user, client_id, write))
    except (DomainError, live.GuardFailed):
        db.session.rollback()
        return None


def _post_case(ctx, session, payload: dict):
    """The case of a post: from post_context's read, or (general path) from the database."""
    case_id = live.p_int(payload, "case_id", required=False)
    if ctx is None:
        return live.check_post_case(session, case_id)
    return live.check_case_ref(ctx)


# --- connection, joining, replay ------------------------------------------------------------

def on_connect(auth=None):
    """Any logged-in user (the login session cookie of the handshake); others are refused."""
    _fresh_user()
    if not current_user.is_authenticated:
        return False
    joined[request.sid] = set()
    socket_users[request.sid] = current_user.id
    socket_logins.remember(request.sid, current_user.login_id)
    join_room(socket_logins.room(current_user.login_id))
    return True


def on_disconnect(*args):
    """Sent by the transport. Closes this socket's presence; the room hears `presence`."""
    _fresh_user()
    socket_users.pop(request.sid, None)
    socket_logins.forget(request.sid)
    posted_as.pop(request.sid, None)
    sessions = joined.pop(request.sid, set())
    if not sessions:
        return
    now = utcnow()
    changed = []
    for session_id in sessions:
        for uid in live.close_presence(session_id, now, sid=request.sid):
            changed.append((session_id, uid))
    db.session.commit()
    for session_id, uid in changed:
        realtime.notify_presence(session_id, uid)


@acked
def on_join(payload):
    """Sent by every board page on connect and reconnect: {session_id, last_seq}.

    Members of the program (any role) and admins. The ack carries the caller's role, the
    events after last_seq in order (at most 500; `more` says to resume again) and who is
    present; `reset` when last_seq is beyond the log (reload). last_seq = -1: no replay.
    The room then gets `presence` for the newcomer.
    """
    session = live.get_session(payload.get("session_id"))
    last_seq = live.p_int(payload, "last_seq", required=False) or 0
    user = _user()
    role = live.check_watch(user, session)
    if last_seq == live.NO_REPLAY:  # "only what comes next" (used by the benchmark's receivers)
        last_seq = session.last_seq
    sid = _sid()
    # Join first, then read: an event committed meanwhile arrives twice at worst (dropped by seq).
    socketio.server.enter_room(sid, live.room(session.id), namespace="/")
    joined.setdefault(sid, set()).add(session.id)
    if session.status.value not in ("ended", "cancelled"):
        live.open_presence(session, user, sid)
    db.session.commit()
    events = live.events_after(session.id, last_seq)
    ack = {"ok": True, "role": role.value, "user_id": user.id, "status": session.status.value,
           # The client has seen more than the database holds (a restored backup, a lost
           # SQLite tail after a power cut): it must reload instead of trusting its state.
           "reset": last_seq > session.last_seq and last_seq != live.NO_REPLAY,
           "events": [live.to_wire(e) for e in events], "more": len(events) == live.REPLAY_LIMIT,
           "present": realtime.roster(session.id, live.who(user, role))}
    realtime.notify_presence(session.id, user.id)
    return ack


@acked
def on_resume(payload):
    """Sent by a joined client that saw a gap in seq: {session_id, last_seq} -> the events after it."""
    session_id = live.p_int(payload, "session_id")
    if session_id not in joined.get(_sid(), ()):
        raise NotAllowed("Join the session first.")
    last_seq = live.p_int(payload, "last_seq")
    events = live.events_after(session_id, last_seq)
    return {"ok": True, "events": [live.to_wire(e) for e in events], "more": len(events) == live.REPLAY_LIMIT}


@acked
def on_leave(payload):
    """Sent by a client leaving the board without disconnecting: a socket that joined it."""
    sid = _sid()
    session_id = live.p_int(payload, "session_id")
    sessions = joined.get(sid, set())
    if session_id not in sessions:  # as resume: an error ack, not a silent no-op
        raise NotAllowed("Join the session first.")
    sessions.discard(session_id)
    socketio.server.leave_room(sid, live.room(session_id), namespace="/")
    uids = live.close_presence(session_id, utcnow(), sid=sid)
    db.session.commit()
    for uid in uids:
        realtime.notify_presence(session_id, uid)
    return {"ok": True}


# --- posts -----------------------------------------------------------------------------------

@acked(load_user=False)
def on_post_question(payload):
    """Participants, specialists, coordinators: {session_id, case_id?, text, client_id, dismissals?}.

    The room gets `event` question_posted. Text with privacy findings is held (ack code privacy).
    """
    def build(ctx, session, user, role, client_id):
        case = _post_case(ctx, session, payload)
        text = live.p_text(payload)
        live.check_privacy(user, session, text, live.p_dismissals(payload))
        return lambda: live.do_post_question(session, user, role, case, text, client_id, ctx and ctx.guard)

    return _post(payload, "ask questions", build)


@acked
def on_answer_question(payload):
    """The case's presenter (or a coordinator): {session_id, question_id, text, client_id}. Room: question_answered."""
    def build(session, user, role, client_id):
        q = live.get_question(session, live.p_int(payload, "question_id"))
        role = live.check_answer(user, session, q)
        text = live.p_text(payload)
        live.check_privacy(user, session, text, live.p_dismissals(payload))
        return lambda: live.do_answer_question(session, user, role, q, text, client_id)

    return _write(payload, live.WATCHERS, "answer questions", build)


@acked(load_user=False)
def on_post_recommendation(payload):
    """Specialists (hub), participants (spoke suggestions), coordinators:
    {session_id, case_id?, category, text, client_id, dismissals?}. Room: recommendation_posted."""
    def build(ctx, session, user, role, client_id):
        case = _post_case(ctx, session, payload)
        category = live.p_category(payload)
        text = live.p_text(payload)
        live.check_privacy(user, session, text, live.p_dismissals(payload))
        return lambda: live.do_post_recommendation(session, user, role, case, category, text, client_id, ctx and ctx.guard)

    return _post(payload, "post recommendations", build)


@acked
def on_edit_post(payload):
    """The post's author: {session_id, kind: question|recommendation, id, text, category?, client_id}.

    The earlier text is kept (RecommendationEdit / the event log). Room: *_edited.
    """
    def build(session, user, role, client_id):
        post = live.get_post(session, payload.get("kind"), live.p_int(payload, "id"))
        role = live.check_own_post(user, session, post)
        live.check_item_case(session, post)
        text = live.p_text(payload)
        category = live.p_category(payload) if payload.get("category") is not None and payload.get("kind") == "recommendation" else None
        live.check_privacy(user, session, text, live.p_dismissals(payload))
        return lambda: live.do_edit_post(session, user, role, post, text, category, client_id)

    return _write(payload, live.WATCHERS, "edit posts", build)


@acked
def on_withdraw_post(payload):
    """The post's author: {session_id, kind, id, client_id}. Kept, shown as withdrawn. Room: *_withdrawn."""
    def build(session, user, role, client_id):
        post = live.get_post(session, payload.get("kind"), live.p_int(payload, "id"))
        role = live.check_own_post(user, session, post)
        return lambda: live.do_withdraw_post(session, user, role, post, client_id)

    return _write(payload, live.WATCHERS, "withdraw posts", build, need_live=False)


@acked
def on_endorse(payload):
    """Specialists and coordinators, not on their own: {session_id, recommendation_id, endorse?: bool, client_id}.
    Room: endorsement_changed (with the new count)."""
    def build(session, user, role, client_id):
        r = live.get_recommendation(session, live.p_int(payload, "recommendation_id"))
        live.check_item_case(session, r)
        endorse = payload.get("endorse", True)
        if not isinstance(endorse, bool):
            raise Invalid("endorse must be true or false.", "endorse")
        return lambda: live.do_endorse(session, user, role, r, endorse, client_id)

    return _write(payload, live.ENDORSERS, "endorse recommendations", build)


# --- facilitation (coordinators) --------------------------------------------------------------

@acked
def on_mark_consensus(payload):
    """Coordinators: {session_id, recommendation_id, consensus: bool, client_id}. Room: consensus_changed."""
    def build(session, user, role, client_id):
        r = live.get_recommendation(session, live.p_int(payload, "recommendation_id"))
        live.check_item_case(session, r)
        consensus = payload.get("consensus", True)
        if not isinstance(consensus, bool):
            raise Invalid("consensus must be true or false.", "consensus")
        return lambda: live.do_mark_consensus(session, user, role, r, consensus, client_id)

    return _write(payload, live.FACILITATORS, "mark consensus", build, need_live=False, rate_limited=False)


@acked
def on_start_session(payload):
    """Coordinators: {session_id, client_id, move_to_now?: bool}. The session goes live on its first
    agenda case; far from its scheduled time only with move_to_now (else the error ack `not_now`).
    Room: session_started."""
    def build(session, user, role, client_id):
        move = payload.get("move_to_now", False)
        if not isinstance(move, bool):
            raise Invalid("move_to_now must be true or false.", "move_to_now")
        return lambda: live.do_start_session(session, user, role, client_id, move_to_now=move)

    return _write(payload, live.FACILITATORS, "start the session", build, need_live=False, rate_limited=False)


@acked
def on_set_phase(payload):
    """Coordinators: {session_id, case_id, phase, client_id}; also moves to the next case. Room: phase_changed."""
    def build(session, user, role, client_id):
        case = live.check_agenda_case(session, live.p_int(payload, "case_id", required=False))
        # An unknown phase: do_set_phase refuses it (Invalid) before changing anything.
        return lambda: live.do_set_phase(session, user, role, case, payload.get("phase"), client_id)

    return _write(payload, live.FACILITATORS, "lead the session", build, rate_limited=False)


@acked
def on_end_session(payload):
    """Coordinators: {session_id, client_id}. Presence is closed at the end. Room: session_ended."""
    return _write(payload, live.FACILITATORS, "end the session",
                  lambda session, user, role, cid: (lambda: live.do_end_session(session, user, role, cid)),
                  need_live=False, rate_limited=False)


HANDLERS = {
    "connect": on_connect, "disconnect": on_disconnect, "join": on_join, "resume": on_resume, "leave": on_leave,
    "post_question": on_post_question, "answer_question": on_answer_question,
    "post_recommendation": on_post_recommendation, "edit_post": on_edit_post, "withdraw_post": on_withdraw_post,
    "endorse": on_endorse, "mark_consensus": on_mark_consensus, "start_session": on_start_session,
    "set_phase": on_set_phase, "end_session": on_end_session,
}


CONNECTION_EVENTS = ("connect", "disconnect")


def _direct(app, fn):
    """Run a handler under an app context only, not Flask-SocketIO's request context.

    Flask-SocketIO builds a request from the handshake's environ for every event and opens
    the login session cookie again (verify, inflate, decode): 0.2-0.5 ms of every post, for
    nothing, since the socket's user is fixed at connect (socket_users). connect and
    disconnect keep Flask-SocketIO's path: connect is where the cookie is read."""
    @functools.wraps(fn)
    def handler(sid, *args):
        # Reuse an app context already pushed for this app (the test client's), as Flask does.
        ctx = None if has_app_context() and current_app._get_current_object() is app else app.app_context()
        if ctx is not None:
            ctx.push()
        try:
            g.socket_sid = sid  # acked() then sets (or clears) this event's user
            return fn(*args)
        finally:
            g.pop("socket_sid", None)
            if ctx is not None:
                ctx.pop()

    return handler


def register(socketio, app) -> None:
    for name, fn in HANDLERS.items():
        if name in CONNECTION_EVENTS:
            socketio.on_event(name, fn)
        else:
            socketio.server.on(name, _direct(app, fn), namespace="/")
    # Any other event name: an error ack, not silence (the client would wait for its ack).
    socketio.server.on("*", limits.unknown_event, namespace="/")
