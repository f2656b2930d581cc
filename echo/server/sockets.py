"""What both production servers do with each accepted connection (echo.server.serve's gevent server and
gunicorn's gevent worker, echo.server.gunicorn_conf).

TCP_NODELAY: a live board's ack or frame is a few dozen bytes. With Nagle's algorithm on, a small
write that follows another not yet acknowledged by the client waits for the client's delayed ACK
(about 40 ms on Linux) before it leaves; with it off, every frame leaves when it is written.
"""
from __future__ import annotations

import socket
from collections.abc import Mapping
from typing import Any


def send_at_once(sock: socket.socket) -> None:
    """Turns Nagle's algorithm off on an accepted connection."""
    try:
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    except OSError:
        # Not a TCP socket (gunicorn bound to a Unix socket behind the proxy): nothing to turn off.
        pass


def ended_a_websocket(environ: Mapping[str, Any] | None) -> bool:
    """Whether the request just answered was a WebSocket upgrade: once the WebSocket is over, the
    connection carried frames, not HTTP, and what is left on it must never be read as a request."""
    return environ is not None and str(environ.get("HTTP_UPGRADE", "")).lower() == "websocket"
