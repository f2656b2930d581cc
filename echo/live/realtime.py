"""Emitting after commit (notify_*), coalesced presence, and the per-user rate limit."""
from __future__ import annotations

import logging
import threading
import time

from flask import current_app
from ..domain import live
from ..extensions import db, socketio
from ..models import LiveEvent
from ..ratelimit import hit

log = logging.getLogger("echo.live")


def init_app(app) -> None:
    app.config.setdefault("LIVE_PRESENCE_DELAY", 1.0)


def check_rate(user_id: int) -> None:
    # echo.ratelimit shares the limit across processes through Redis when they share one.
    if not hit(current_app.config["LIVE_RATE_LIMIT"], "live-post", str(user_id)):
        raise live.RateLimited(f"You are posting too fast (limit {current_app.config['LIVE_RATE_LIMIT']}). Wait a moment.")


def notify_event(ev: LiveEvent | dict) -> dict:
    """Emit one committed event to its session's room; the packet is encoded once for everyone."""
    wire = ev if isinstance(ev, dict) else live.to_wire(ev)
    socketio.emit("event", wire, to=live.room(wire["session_id"]), namespace="/")
    return wire


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
        people = live.present_users(session_id)
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
    present = live.present_users(session_id, users)
    absent = sorted(users - {p["id"] for p in present})
    socketio.emit("presence", {"session_id": session_id, "present": present, "absent": absent},
                  to=live.room(session_id), namespace="/")
