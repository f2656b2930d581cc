"""The login each socket connected with, so that ending a login (logout, password change, "log
out everywhere") ends its live-board sockets too.

A socket authenticates once, from its handshake's cookie (events.on_connect); its events do not
read the cookie again. So each socket keeps its login id here, events re-check it (with the
user they load, or for the posts' fast path at most every LOGIN_RECHECK seconds), and ending a
login tells its sockets in every process (the room `login-<id>`) and closes those of this one.
"""
from __future__ import annotations

import time

from flask import current_app

from echo.accounts import logins
from echo.core.extensions import socketio

# sid -> (its login, when that login was last found active), for this process's sockets.
socket_logins: dict[str, tuple[int, float]] = {}
# Posts read no user before writing (events._post); they re-read the socket's login at most this
# often, so a login ended in another process stops that process's sockets' posts within it.
LOGIN_RECHECK = 5.0


def room(login_id: int) -> str:
    return f"login-{login_id}"


def remember(sid: str, login_id: int) -> None:
    socket_logins[sid] = (login_id, time.monotonic())


def login_of(sid: str) -> int | None:
    return socket_logins.get(sid, (None, 0.0))[0]


def forget(sid: str) -> None:
    socket_logins.pop(sid, None)


def still_active(sid: str) -> bool:
    """Whether the socket's login still exists, re-read when not checked for LOGIN_RECHECK s."""
    lid, checked = socket_logins.get(sid, (None, 0.0))
    if lid is None:
        return False
    if time.monotonic() - checked < LOGIN_RECHECK:
        return True
    if logins.is_active(lid, current_app.config["REMEMBER_COOKIE_DURATION"]):
        remember(sid, lid)
        return True
    forget(sid)
    return False


def notify_logins_ended(login_ids: list[int]) -> None:
    """After a commit that ended logins: their boards, in any process, are told to reload (to
    the login page), and this process's sockets of those logins are closed. A socket in another
    process is refused from its next event (posts: within LOGIN_RECHECK seconds)."""
    if not login_ids:
        return
    ended = set(login_ids)
    for lid in ended:
        socketio.emit("access_changed", {}, to=room(lid), namespace="/")
    for sid, (lid, _checked) in list(socket_logins.items()):
        if lid in ended:
            forget(sid)
            socketio.server.disconnect(sid, namespace="/")
