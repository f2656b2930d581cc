"""Both production servers (echo.server.serve's gevent server, gunicorn with echo.server.gunicorn_conf), per
accepted connection: frames leave at once (TCP_NODELAY), and a WebSocket that ends abruptly
leaves no traceback in the log."""
from __future__ import annotations

import base64
import ctypes
import errno
import os
import socket
import struct
import sys
import time
from pathlib import Path

import pytest
import requests

pytestmark = pytest.mark.server

SYS_PIDFD_GETFD = 438  # the same number on every Linux architecture


def _gunicorn(port: int) -> list[str]:
    return [sys.executable, "-m", "gunicorn", "-c", "python:echo.server.gunicorn_conf", "-b", f"127.0.0.1:{port}", "echo.server.wsgi:app"]


SERVERS = {"echo.server.serve": None, "gunicorn": _gunicorn}


def _frame(opcode: int, payload: bytes, mask: bytes | None = None) -> bytes:
    """A client's WebSocket frame (clients mask their frames, RFC 6455)."""
    mask = mask or os.urandom(4)
    return bytes([0x80 | opcode, 0x80 | len(payload)]) + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))


def _open_websocket(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=10)
    key = base64.b64encode(os.urandom(16)).decode()
    s.sendall((f"GET /socket.io/?EIO=4&transport=websocket HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
               f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: {key}\r\n"
               "Sec-WebSocket-Version: 13\r\n\r\n").encode())
    answer = b""
    while b"\r\n\r\n" not in answer:
        answer += s.recv(4096)
    assert answer.startswith(b"HTTP/1.1 101"), answer[:100]
    return s


@pytest.mark.parametrize("server", SERVERS)
def test_a_websocket_that_ends_abruptly_leaves_no_traceback(app, live_server, server):
    s = live_server(command=SERVERS[server])
    port = int(s.url.rsplit(":", 1)[1])
    for _ in range(3):
        ws = _open_websocket(port)
        ws.sendall(_frame(1, b"2probe"))
        ws.sendall(_frame(8, struct.pack("!H", 1000)))  # close
        time.sleep(0.3)  # the server has answered the close and left the WebSocket
        # A frame the client had already written, whose bytes happen to hold a line end (one
        # frame in a few dozen does, with random masks); then the client is gone.
        ws.sendall(_frame(1, b'42["late"]\r\n', mask=b"\0\0\0\0"))
        ws.close()
    time.sleep(0.5)
    assert requests.get(s.url + "/healthz", timeout=10).status_code == 200
    s.stop()
    logged = s.log_path.read_text()
    for sign in ("Traceback", "Invalid HTTP method", "ConnectionResetError", "BrokenPipeError", "Invalid request"):
        assert sign not in logged, logged[-3000:]


def _process_tree(pid: int) -> list[int]:
    pids = [pid]
    for task in Path(f"/proc/{pid}/task").iterdir():
        for child in (task / "children").read_text().split():
            pids += _process_tree(int(child))
    return pids


def _server_side_of(pid: int, client: socket.socket) -> socket.socket:
    """The server's own socket of this connection, duplicated into this process (pidfd_getfd:
    the server is this test's child)."""
    libc = ctypes.CDLL(None, use_errno=True)
    refused = 0
    for p in _process_tree(pid):
        pidfd = os.pidfd_open(p)
        try:
            for name in os.listdir(f"/proc/{p}/fd"):
                if not os.readlink(f"/proc/{p}/fd/{name}").startswith("socket:"):
                    continue
                fd = libc.syscall(SYS_PIDFD_GETFD, pidfd, int(name), 0)
                if fd < 0:
                    refused += ctypes.get_errno() == errno.EPERM
                    continue
                sock = socket.socket(fileno=fd)
                try:
                    if sock.family == socket.AF_INET and sock.getpeername() == client.getsockname():
                        return sock
                except OSError:
                    pass
                sock.close()
        finally:
            os.close(pidfd)
    raise AssertionError("the server's side of the connection was not found"
                         + (" (pidfd_getfd refused: this system forbids reading a child's sockets)" if refused else ""))


@pytest.mark.parametrize("server", SERVERS)
def test_accepted_connections_send_frames_at_once(app, live_server, server):
    s = live_server(command=SERVERS[server])
    port = int(s.url.rsplit(":", 1)[1])
    plain = socket.create_connection(("127.0.0.1", port), timeout=10)
    plain.sendall(b"GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
    assert plain.recv(4096).startswith(b"HTTP/1.1 200")  # accepted and being served
    ws = _open_websocket(port)
    for client in (plain, ws):
        with _server_side_of(s.proc.pid, client) as theirs:
            assert theirs.getsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY) != 0
        client.close()
