"""The board's heartbeat: every few seconds each server process tells its own sockets in each
session room the session's last seq, as stored.

Why: an event reaches the other processes' sockets through Redis after its commit. A process
that dies between the commit and the publish (or a Redis restart that drops the publish)
leaves those sockets without the event, and until now they noticed the gap only when a later
event arrived, which may be never near the end of a session. With the beat, a board that has
applied less than the beat's seq asks for the rest (`resume`) within a few seconds.

Each process beats to its own sockets only (not through Redis): it costs one query per
process per period for all its rooms together, and a process that cannot reach Redis still
beats.

    Sent by: the server (every LIVE_BEAT_SECONDS, default 3). Received by: every socket in a
    session's room, as `beat` {"session_id": int, "last_seq": int}.
"""
from __future__ import annotations

import logging

from flask import Flask
from sqlalchemy import select

from echo.core.extensions import db, socketio
from echo.live.rules import room
from echo.programs.clinic_session import ClinicSession

log = logging.getLogger("echo.live.beat")

ROOM_PREFIX = "session-"  # echo.live.rules.room
DEFAULT_SECONDS = 3.0


def local_sessions() -> list[int]:
    """Sessions with at least one socket of this process in their room."""
    rooms = socketio.server.manager.rooms.get("/", {})
    out = []
    for name, members in list(rooms.items()):
        if isinstance(name, str) and name.startswith(ROOM_PREFIX) and members:
            try:
                out.append(int(name[len(ROOM_PREFIX):]))
            except ValueError:
                continue
    return out


def beat_once() -> int:
    """Send one beat to each local room; returns the rooms told. Needs an app context."""
    ids = local_sessions()
    if not ids:
        return 0
    rows = db.session.execute(select(ClinicSession.id, ClinicSession.last_seq).where(ClinicSession.id.in_(ids))).all()
    db.session.rollback()  # ends the read: no transaction left open between beats
    for session_id, last_seq in rows:
        socketio.server.emit("beat", {"session_id": session_id, "last_seq": last_seq or 0},
                             to=room(session_id), namespace="/", ignore_queue=True)
    return len(rows)


def beat_loop(app: Flask, every: float) -> None:
    failing = False
    while True:
        socketio.sleep(every)
        with app.app_context():
            try:
                beat_once()
                if failing:
                    log.info("live beat: database reachable again")
                failing = False
            except Exception as exc:  # noqa: BLE001 - the beat must outlive a database outage
                if not failing:  # one line per outage, not one per beat
                    log.warning("live beat skipped: %s", type(exc).__name__)
                failing = True
            finally:
                db.session.remove()


def start_beat(app: Flask):
    """Start this process's beat (server entry points only); returns the background task."""
    every = float(app.config.get("LIVE_BEAT_SECONDS", DEFAULT_SECONDS))
    return socketio.start_background_task(beat_loop, app, every)
