"""Socket.IO handlers of the live board (protocol: docs/realtime.md).

Each write handler is an adapter: it hands the payload to one command (echo/live/commands.py,
echo/live/facilitation.py: read, check_*, do_*), commits, and then emits the event to the room
`session-<id>` (realtime.commit_and_notify). The forms without JavaScript (echo/live/nojs.py)
call the same commands. Every client event takes an acknowledgement:

    {"ok": true, "event": {...}}                       a write (also for a retried client_id)
    {"ok": false, "error": {"code": ..., "message": ..., "findings": [...]}}

Nothing is written when the ack says ok: false.
"""
from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import Any

from flask import g, request
from flask_babel import gettext as _
from flask_babel import refresh
from flask_login import current_user
from flask_socketio import SocketIO, join_room, leave_room
from sqlalchemy import select

from echo.accounts.models import User, UserLogin
from echo.core.errors import DomainError, Invalid, NotAllowed
from echo.core.extensions import db, login_manager
from echo.core.outage import database_unreachable, note_outage, rollback_quietly, unavailable_ack
from echo.core.request import without_nul
from echo.core.types import utcnow
from echo.live import commands, facilitation, limits, realtime, rules, socket_logins
from echo.live.commands import Outcome
from echo.live.payloads import NO_REPLAY, JoinIn, LeaveIn, ResumeIn
from echo.live.presence import do_close_presence, do_open_presence
from echo.live.store import to_wire, who

log = logging.getLogger("echo.live")

# sid -> the sessions it joined, for the sockets of this process (a socket lives in one process).
# No role is kept: writes read the role as it is now.
joined: dict[str, set[int]] = {}
# sid -> the user id authenticated from the handshake's login cookie at connect. A socket's
# cookie cannot change after the handshake, so events need not decode it again.
socket_users: dict[str, int] = {}


def _user() -> User:
    """The user acked() loaded for this event."""
    return g._login_user


def _socket_user() -> User | None:
    """The user this socket authenticated as at connect, reloaded by primary key through the
    socket's login (a deactivated account or an ended login is refused on its next event, as on
    its next HTTP request) and made the user of this event (flask_login's current_user).
    One query, instead of flask_login decoding the handshake's cookie again on every event."""
    sid = request.sid
    uid, lid = socket_users.get(sid), socket_logins.login_of(sid)
    user = None
    if uid is not None and lid is not None:
        user = db.session.scalar(select(User).join(UserLogin, UserLogin.user_id == User.id).where(
            User.id == uid, UserLogin.id == lid))
    if user is None or not user.is_active:
        user = None
        socket_logins.forget(sid)
    g._login_user = user if user is not None else login_manager.anonymous_user()
    return user


def error_ack(exc: DomainError) -> dict:
    err: dict[str, Any] = {"code": exc.code, "message": exc.message}
    if exc.field:
        err["field"] = exc.field
    if isinstance(exc, rules.PrivacyHeld):
        err["findings"] = exc.findings
    return {"ok": False, "error": err}


def acked(fn: Callable[[dict], dict]) -> Callable[..., dict]:
    """Turn domain errors and bad payloads into error acks; nothing is left half-written."""
    @functools.wraps(fn)
    def wrapper(payload: object = None, *extra: object) -> dict:
        try:
            user = _socket_user()
            # The answer's language is this event's user's (else the handshake's Accept-Language).
            # Flask-Babel caches the locale on `g`, which a socket's events may share with other
            # sockets' (one app context), so it is worked out again for every event.
            refresh()
            limits.check_size(payload)
            if user is None:
                raise NotAllowed(_("Log in first."))
            if not isinstance(payload, dict):
                raise Invalid(_("The payload must be a JSON object."))
            return fn(without_nul(payload))  # as HTTP input is (echo/core/request.py)
        except DomainError as exc:
            db.session.rollback()
            log.info("live %s refused for user %s: %s", fn.__name__, socket_users.get(request.sid), exc.code)
            return error_ack(exc)
        except Exception as exc:
            if database_unreachable(exc):  # retryable, one log line per outage (echo.core.outage)
                rollback_quietly()
                note_outage(f"live {fn.__name__}", exc)
                return unavailable_ack()
            db.session.rollback()
            log.exception("live %s failed", fn.__name__)
            return {"ok": False, "error": {"code": "server_error", "message": _("Something went wrong on our side; try again.")}}

    return wrapper


def _write(command: realtime.Command, payload: dict) -> dict:
    """One write: the command, the commit, the emit; the ack carries the stored event."""
    outcome: Outcome = realtime.commit_and_notify(command, _user(), payload.get("session_id"), payload)
    if not outcome.created:  # a retry: the original, never a second copy
        return {"ok": True, "event": outcome.wire, "duplicate": True}
    return {"ok": True, "event": outcome.wire}


# --- connection, joining, replay ------------------------------------------------------------

def on_connect(auth: object = None) -> bool:
    """Any logged-in user (the login session cookie of the handshake); others are refused."""
    g.pop("_login_user", None)  # this socket's cookie, not a user left on a shared app context
    if not current_user.is_authenticated:
        return False
    joined[request.sid] = set()
    socket_users[request.sid] = current_user.id
    socket_logins.remember(request.sid, current_user.login_id)
    join_room(socket_logins.room(current_user.login_id))
    return True


def on_disconnect(*args: object) -> None:
    """Sent by the transport. Closes this socket's presence; the room hears `presence`."""
    socket_users.pop(request.sid, None)
    socket_logins.forget(request.sid)
    sessions = joined.pop(request.sid, set())
    if not sessions:
        return
    now = utcnow()
    changed = []
    for session_id in sessions:
        for uid in do_close_presence(session_id, now, sid=request.sid):
            changed.append((session_id, uid))
    db.session.commit()
    for session_id, uid in changed:
        realtime.notify_presence(session_id, uid)


@acked
def on_join(payload: dict) -> dict:
    """Sent by every board page on connect and reconnect: {session_id, last_seq}.

    Members of the program (any role) and admins. The ack carries the caller's role, the
    events after last_seq in order (at most 500; `more` says to resume again) and who is
    present; `reset` when last_seq is beyond the log (reload). last_seq = -1: no replay.
    The room then gets `presence` for the newcomer.
    """
    session = rules.get_session(payload.get("session_id"))
    last_seq = JoinIn.read(payload).last_seq or 0
    user = _user()
    role = rules.check_watch(user, session)
    if last_seq == NO_REPLAY:  # "only what comes next" (used by the benchmark's receivers)
        last_seq = session.last_seq
    # Join first, then read: an event committed meanwhile arrives twice at worst (dropped by seq).
    join_room(rules.room(session.id))
    joined.setdefault(request.sid, set()).add(session.id)
    if session.status.value not in ("ended", "cancelled"):
        do_open_presence(session, user, request.sid)
    db.session.commit()
    events = rules.events_after(session.id, last_seq)
    ack = {"ok": True, "role": role.value, "user_id": user.id, "status": session.status.value,
           # The client has seen more than the database holds (a restored backup, a lost
           # SQLite tail after a power cut): it must reload instead of trusting its state.
           "reset": last_seq > session.last_seq and last_seq != NO_REPLAY,
           "events": [to_wire(e) for e in events], "more": len(events) == rules.REPLAY_LIMIT,
           "present": realtime.roster(session.id, who(user, role))}
    realtime.notify_presence(session.id, user.id)
    return ack


@acked
def on_resume(payload: dict) -> dict:
    """Sent by a joined client that saw a gap in seq: {session_id, last_seq} -> the events after it."""
    body = ResumeIn.read(payload)
    if body.session_id not in joined.get(request.sid, ()):
        raise NotAllowed(_("Join the session first."))
    events = rules.events_after(body.session_id, body.last_seq)
    return {"ok": True, "events": [to_wire(e) for e in events], "more": len(events) == rules.REPLAY_LIMIT}


@acked
def on_leave(payload: dict) -> dict:
    """Sent by a client leaving the board without disconnecting: a socket that joined it."""
    session_id = LeaveIn.read(payload).session_id
    sessions = joined.get(request.sid, set())
    if session_id not in sessions:  # as resume: an error ack, not a silent no-op
        raise NotAllowed(_("Join the session first."))
    sessions.discard(session_id)
    leave_room(rules.room(session_id))
    uids = do_close_presence(session_id, utcnow(), sid=request.sid)
    db.session.commit()
    for uid in uids:
        realtime.notify_presence(session_id, uid)
    return {"ok": True}


# --- posts -----------------------------------------------------------------------------------

@acked
def on_post_question(payload: dict) -> dict:
    """Participants, specialists, coordinators: {session_id, case_id?, text, client_id, dismissals?}.

    The room gets `event` question_posted. Text with privacy findings is held (ack code privacy).
    """
    return _write(commands.post_question, payload)


@acked
def on_answer_question(payload: dict) -> dict:
    """The case's presenter (or a coordinator): {session_id, question_id, text, client_id}. Room: question_answered."""
    return _write(commands.answer_question, payload)


@acked
def on_post_recommendation(payload: dict) -> dict:
    """Specialists (hub), participants (spoke suggestions), coordinators:
    {session_id, case_id?, category, text, client_id, dismissals?}. Room: recommendation_posted."""
    return _write(commands.post_recommendation, payload)


@acked
def on_edit_post(payload: dict) -> dict:
    """The post's author: {session_id, kind: question|recommendation, id, text, category?, client_id}.

    The earlier text is kept (RecommendationEdit / the event log). Room: *_edited.
    """
    return _write(commands.edit_post, payload)


@acked
def on_withdraw_post(payload: dict) -> dict:
    """The post's author: {session_id, kind, id, client_id}. Kept, shown as withdrawn. Room: *_withdrawn."""
    return _write(commands.withdraw_post, payload)


@acked
def on_endorse(payload: dict) -> dict:
    """Specialists and coordinators, not on their own: {session_id, recommendation_id, endorse?: bool, client_id}.
    Room: endorsement_changed (with the new count)."""
    return _write(commands.endorse, payload)


# --- facilitation (coordinators) --------------------------------------------------------------

@acked
def on_mark_consensus(payload: dict) -> dict:
    """Coordinators: {session_id, recommendation_id, consensus: bool, client_id}. Room: consensus_changed."""
    return _write(commands.mark_consensus, payload)


@acked
def on_start_session(payload: dict) -> dict:
    """Coordinators: {session_id, client_id, move_to_now?: bool}. The session goes live on its first
    agenda case; far from its scheduled time only with move_to_now (else the error ack `not_now`).
    Room: session_started."""
    return _write(facilitation.start_session, payload)


@acked
def on_set_phase(payload: dict) -> dict:
    """Coordinators: {session_id, case_id, phase, client_id}; also moves to the next case. Room: phase_changed."""
    return _write(facilitation.set_phase, payload)


@acked
def on_end_session(payload: dict) -> dict:
    """Coordinators: {session_id, client_id}. Presence is closed at the end. Room: session_ended."""
    return _write(facilitation.end_session, payload)


HANDLERS: dict[str, Callable[..., Any]] = {
    "connect": on_connect, "disconnect": on_disconnect, "join": on_join, "resume": on_resume, "leave": on_leave,
    "post_question": on_post_question, "answer_question": on_answer_question,
    "post_recommendation": on_post_recommendation, "edit_post": on_edit_post, "withdraw_post": on_withdraw_post,
    "endorse": on_endorse, "mark_consensus": on_mark_consensus, "start_session": on_start_session,
    "set_phase": on_set_phase, "end_session": on_end_session,
}


CONNECTION_EVENTS = ("connect", "disconnect")


def register(socketio: SocketIO, app: object = None) -> None:
    for name, fn in HANDLERS.items():
        socketio.on_event(name, fn, namespace="/")
    # Any other event name: an error ack, not silence (the client would wait for its ack).
    socketio.on_event("*", limits.unknown_event, namespace="/")
