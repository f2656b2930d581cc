"""The login each socket connected with, so that ending a login (logout, password change, "log
out everywhere") ends its live-board sockets too.

A socket authenticates once, from its handshake's cookie (events.on_connect); its events do not
read the cookie again. So each socket keeps its login id here, every event loads its user
through that login (an ended login loads no one), and ending a login tells its sockets in every process (the room `login-<id>`) and closes those of this one.
"""
from __future__ import annotations

from echo.core.extensions import socketio

# sid -> its login, for this process's sockets.
socket_logins: dict[str, int] = {}


def room(login_id: int) -> str:
    return f"login-{login_id}"


def remember(sid: str, login_id: int) -> None:
    socket_logins[sid] = login_id


def login_of(sid: str) -> int | None:
    return socket_logins.get(sid)


def forget(sid: str) -> None:
    socket_logins.pop(sid, None)


def notify_logins_ended(login_ids: list[int]) -> None:
    """After a commit that ended logins: their boards, in any process, are told to reload (to
    the login page), and this process's sockets of those logins are closed. A socket in another
    process is refused from its next event (the event's user is loaded through its login)."""
    if not login_ids:
        return
    ended = set(login_ids)
    for lid in ended:
        socketio.emit("access_changed", {}, to=room(lid), namespace="/")
    for sid, lid in list(socket_logins.items()):
        if lid in ended:
            forget(sid)
            socketio.server.disconnect(sid, namespace="/")
