"""Emitting after commit (notify_*): the board's events, coalesced presence, access changes."""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from echo.core.outage import REDIS_OUTAGE
from echo.accounts.models import User
from echo.core.extensions import db, socketio
from echo.live import rules
from echo.live.commands import Outcome
from echo.live.models import PresenceInterval
from echo.live.presence import present_users
from echo.live.store import find_existing, to_wire
from echo.ops.metrics import FANOUT, LIVE_POSTS
from echo.programs.clinic_session import ClinicSession

log = logging.getLogger("echo.live")


def init_app(app) -> None:
    app.config.setdefault("LIVE_PRESENCE_DELAY", 1.0)
    if str(app.config.get("MESSAGE_QUEUE") or "").startswith(("redis://", "rediss://")):
        # Redis away: python-socketio logs two lines per emit; one line per 10 s instead.
        server_log = logging.getLogger("socketio.server")
        if REDIS_OUTAGE not in server_log.filters:
            server_log.addFilter(REDIS_OUTAGE)


def notify_event(wire: dict) -> dict:
    """Emit one committed event to its session's room; the packet is encoded once for everyone."""
    socketio.emit("event", wire, to=rules.room(wire["session_id"]), namespace="/")
    return wire


Command = Callable[[User, object, dict], Outcome]


def commit_and_notify(command: Command, actor: User, session_id: object, data: dict) -> Outcome:
    """The end of every live write, for the socket handlers and the no-JS forms alike: run the
    command, commit, and only then emit its event to the room (a retry emits nothing).

    Two retries with one client_id can both pass the command's lookup; the unique key
    (session_id, author_id, client_id) then refuses the second INSERT, and it gets the original."""
    try:
        outcome = command(actor, session_id, data)
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        client_id = data.get("client_id")
        existing = find_existing(session_id, actor.id, client_id) if isinstance(session_id, int) and client_id else None
        if existing is None:
            raise
        return Outcome(existing, False, to_wire(existing))
    if outcome.created:
        with FANOUT.time():
            notify_event(outcome.wire)
            # Let this process's sockets write the event now, before the rest of the request (the
            # ack, giving the connection back): under gevent the frames only leave when this
            # greenlet yields, and the room waits for them, while nobody waits for the rest.
            socketio.sleep(0)
        LIVE_POSTS.labels(outcome.wire["kind"]).inc()
    return outcome


# Presence changes are coalesced per session: a room of 1,000 joining at the start would
# otherwise cost 1,000 x 1,000 sends. Each process flushes its own changes.
_lock = threading.Lock()
_dirty: dict[int, set[int]] = {}


def notify_presence(session_id: int, user_id: int) -> None:
    app = current_app._get_current_object()
    delay = app.config.get("LIVE_PRESENCE_DELAY", 1.0)
    with _lock:
        first = session_id not in _dirty
        _dirty.setdefault(session_id, set()).add(user_id)
    if not delay:
        _flush(app, session_id)
    elif first:
        socketio.start_background_task(_flush_later, app, session_id, delay)


def _flush_later(app, session_id: int, delay: float) -> None:
    socketio.sleep(delay)
    with app.app_context():
        try:
            _flush(app, session_id)
        finally:
            db.session.remove()


# The join ack's list of who is present, reused for a second: 1,000 people joining at the
# start would otherwise each read and encode the whole list (O(N^2)). Changes after the
# snapshot reach the newcomer as `presence` messages.
ROSTER_TTL = 1.0
_roster: dict[int, tuple[float, list[dict]]] = {}


def roster(session_id: int, joiner: dict) -> list[dict]:
    now = time.monotonic()
    hit = _roster.get(session_id)
    if hit is None or now - hit[0] > ROSTER_TTL:
        people = present_users(session_id)
        _roster[session_id] = (now, people)
        return people
    people = hit[1]
    if not any(p["id"] == joiner["id"] for p in people):
        people = people + [joiner]
        _roster[session_id] = (hit[0], people)
    return people


def _flush(app, session_id: int) -> None:
    _roster.pop(session_id, None)
    with _lock:
        users = _dirty.pop(session_id, set())
    if not users:
        return
    present = present_users(session_id, users)
    absent = sorted(users - {p["id"] for p in present})
    socketio.emit("presence", {"session_id": session_id, "present": present, "absent": absent},
                  to=rules.room(session_id), namespace="/")


def notify_access_changed(user_id: int, program_id: int | None = None) -> int:
    """After a commit that changed what a user may do on live boards (role changed, removed
    from the program, account deactivated or made admin): each of their open boards, in any
    process, is told to reload and its socket is closed.

    Writes are re-checked per event anyway; this is for what the socket receives: a removed
    member must stop getting the room's events now, not at their next reconnect. The reload
    joins again with the new role (or gets the 403 page). Returns the sockets told."""
    q = select(PresenceInterval.sid, PresenceInterval.session_id).where(
        PresenceInterval.user_id == user_id, PresenceInterval.left_at.is_(None))
    if program_id is not None:
        q = q.join(ClinicSession, ClinicSession.id == PresenceInterval.session_id).where(ClinicSession.program_id == program_id)
    rows = db.session.execute(q).all()
    for sid, session_id in rows:
        # Through the message queue when there is one: the socket may live in another process.
        # With a queue, a local socket may be closed before this emit comes back from Redis;
        # the board treats a close by the server ("io server disconnect") the same way.
        socketio.emit("access_changed", {"session_id": session_id}, to=sid, namespace="/")
        socketio.server.disconnect(sid, namespace="/")
    return len(rows)
