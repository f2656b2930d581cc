"""Browser: under the Content-Security-Policy (connections to this site only, forms posting
here only) logging in works and the live board upgrades to its WebSocket, with no violation."""
from __future__ import annotations

import pytest

from tests.factories import live_session_on_case
from tests.helpers import browser_login

pytestmark = [pytest.mark.e2e, pytest.mark.server]


def test_the_board_reaches_its_websocket_under_the_csp(app, people, live_server, new_page):
    session, _case = live_session_on_case(people)
    server = live_server()
    page = new_page()
    violations: list[str] = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    sockets: list[str] = []
    page.on("websocket", lambda ws: sockets.append(ws.url))
    browser_login(page, server.url, people.participant.email)  # a form post under form-action 'self'
    resp = page.goto(f"{server.url}/sessions/{session.id}/live")
    assert "connect-src 'self' ws://127.0.0.1:" in resp.headers["content-security-policy"]
    page.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
    page.wait_for_function("() => window.echoLive.socket.io.engine.transport.name === 'websocket'")
    assert any(u.startswith(server.url.replace("http://", "ws://") + "/socket.io/") for u in sockets)
    assert violations == []
