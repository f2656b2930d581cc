"""The production topology (`make serve-prod`): nginx in front of two gunicorn processes on
PostgreSQL and Redis. Socket.IO clients (WebSocket and long-polling) and a browser reach the
board through nginx only; a post made through one process reaches clients on the other;
long-polling clients stay on their process; when a process dies, its browser moves to the
other one and catches up."""
from __future__ import annotations

import re
import socket
import threading
import time
from pathlib import Path

import pytest
import requests
import socketio

from deploy.topology import Topology
from tests.factories import PASSWORD, live_session_on_case
from tests.helpers import PG_URL, REDIS_URL, browser_login, http_login

pytestmark = [
    pytest.mark.server, pytest.mark.e2e, pytest.mark.postgres_only,
    pytest.mark.skipif(not (REDIS_URL and PG_URL), reason="needs ECHO_TEST_REDIS_URL and ECHO_TEST_POSTGRES_URL (CI sets both)"),
]

METRICS_TOKEN = "topology-test-metrics-token"


class Client:
    """A python-socketio client logged in through nginx and pinned to one app process by
    nginx's echo_node cookie (the cookie a browser gets on its first request)."""

    def __init__(self, topo: Topology, user, node: str, transport: str):
        self.http = requests.Session()
        self.http.cookies.set("echo_node", node, domain="127.0.0.1", path="/")
        logged = http_login(topo.url, user.email, PASSWORD)  # a requests.Session of its own
        for c in logged.cookies:
            if c.name != "echo_node":
                self.http.cookies.set(c.name, c.value, domain="127.0.0.1", path="/")
        self.events: list[dict] = []
        self.cond = threading.Condition()
        self.sio = socketio.Client(reconnection=False, http_session=self.http)
        self.sio.on("event", self._on_event)
        self.sio.connect(topo.url, transports=[transport], wait_timeout=10)

    def _on_event(self, e: dict) -> None:
        with self.cond:
            self.events.append(e)
            self.cond.notify_all()

    def call(self, event: str, **payload) -> dict:
        return self.sio.call(event, payload, timeout=10)

    def wait_for_seq(self, seq: int, timeout: float = 10.0) -> dict:
        deadline = time.monotonic() + timeout
        with self.cond:
            while not any(e["seq"] == seq for e in self.events):
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"seq {seq} not received; got {[e['seq'] for e in self.events]}")
                self.cond.wait(left)
        return next(e for e in self.events if e["seq"] == seq)

    def close(self) -> None:
        if self.sio.connected:
            self.sio.disconnect()


def sockets_connected(app_url: str) -> float:
    """echo_sockets_connected of one app process, scraped on its own port (as Prometheus does)."""
    r = requests.get(app_url + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=5)
    r.raise_for_status()
    return float(re.search(r"^echo_sockets_connected (\S+)$", r.text, re.MULTILINE).group(1))


@pytest.fixture
def topology(app, db_url, tmp_path):
    from echo.core.extensions import db

    db.session.commit()
    topo = Topology(db_url.replace("postgresql+psycopg://", "postgresql://", 1), REDIS_URL, tmp_path / "run",
                    env={"SECRET_KEY": "test-secret-key-not-for-production", "ECHO_METRICS_TOKEN": METRICS_TOKEN,
                         "ECHO_LIVE_BEAT_SECONDS": "1"})
    topo.start()
    yield topo
    topo.stop()
    # A clean teardown: every process ended and nginx's port is closed.
    assert topo.nginx.poll() is not None and all(a.proc.poll() is not None for a in topo.apps)
    with socket.socket() as s:
        assert s.connect_ex(("127.0.0.1", topo.port)) != 0


def test_nginx_config_renders_the_sticky_cookie_for_each_process(topology):
    conf = (topology.run_dir / "nginx.conf").read_text()
    for a in topology.apps:
        assert f"server {a.address}" in conf and f"echo_node={a.name};" in conf
    # A first visit gets a cookie naming a process; with it, later requests stay there.
    r = requests.get(topology.url + "/auth/login", timeout=5)
    node = r.cookies.get("echo_node")
    assert node in {a.name for a in topology.apps}
    again = requests.get(topology.url + "/auth/login", cookies={"echo_node": node}, timeout=5)
    assert again.status_code == 200 and "echo_node" not in again.cookies
    # A made-up value picks nothing: the request goes to the group and gets a real name.
    forged = requests.get(topology.url + "/auth/login", cookies={"echo_node": "127.0.0.1:22"}, timeout=5)
    assert forged.status_code == 200 and forged.cookies.get("echo_node") in {a.name for a in topology.apps}
    # /metrics is not served through the proxy.
    assert requests.get(topology.url + "/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"}, timeout=5).status_code == 404


def test_posts_cross_processes_and_polling_clients_stay_on_theirs(topology, people, new_page):
    session, case = live_session_on_case(people)
    a1, a2 = topology.apps
    spec = Client(topology, people.specialist, "a1", "websocket")
    part = Client(topology, people.participant, "a2", "polling")
    learner = Client(topology, people.learner, "a2", "websocket")
    clients = [spec, part, learner]
    try:
        for c in clients:
            assert c.call("join", session_id=session.id, last_seq=0)["ok"]
        # Where each socket landed, from each process's own metrics: the WebSocket's handshake
        # and every polling request of the learner reached the process its cookie names.
        assert sockets_connected(a1.url) == 1 and sockets_connected(a2.url) == 2

        # Through process a1, to clients on a2 (WebSocket and long-polling).
        r = spec.call("post_recommendation", session_id=session.id, category="medication",
                      text="Start sertraline 50 mg daily.", client_id="t1")
        assert r["ok"], r
        for c in (part, learner):
            c.wait_for_seq(r["event"]["seq"])
        # Through a2 over long-polling, back to a1. Many polling round trips later the presenter
        # is still connected: a request reaching the other process would end its session there.
        for i in range(5):
            q = part.call("post_question", session_id=session.id, text=f"Any labs needed, point {i}?", client_id=f"q{i}")
            assert q["ok"], q
            spec.wait_for_seq(q["event"]["seq"])
        assert part.sio.transport() == "polling" and part.sio.connected

        # A browser through nginx: its board shows a post made through the other process, and
        # its own post reaches a client there.
        page = new_page()
        page.context.add_cookies([{"name": "echo_node", "value": "a1", "url": topology.url}])
        browser_login(page, topology.url, people.coordinator.email)
        page.goto(f"{topology.url}/sessions/{session.id}/live")
        page.wait_for_function("() => document.getElementById('conn-status').textContent.startsWith('Connected')")
        recs = f"#recs-{case.id} > li"
        page.wait_for_selector(f"{recs} >> text=Start sertraline 50 mg daily.")
        r2 = part.call("post_recommendation", session_id=session.id, category="monitoring",
                       text="Recheck the PHQ-9 in four weeks.", client_id="t2")
        page.wait_for_selector(f"{recs} >> text=Recheck the PHQ-9 in four weeks.")
        page.select_option(f"#r-cat-{case.id}", "referral")
        page.fill(f"#r-text-{case.id}", "Refer for CBT.")
        page.click(f"#case-{case.id} form[data-post=post_recommendation] button[type=submit]")
        mine = part.wait_for_seq(r2["event"]["seq"] + 1)
        assert mine["data"]["recommendation"]["text"] == "Refer for CBT."

        # Process a1 dies. The browser reconnects through nginx to a2 and catches up on what was
        # posted meanwhile; the WebSocket client of a1 is gone, the others never noticed.
        topology.kill_app(a1)
        r3 = part.call("post_recommendation", session_id=session.id, category="referral",
                       text="Refer to addiction medicine.", client_id="t3")
        assert r3["ok"], r3
        page.wait_for_selector(f"{recs} >> text=Refer to addiction medicine.", timeout=30000)
        page.wait_for_function(f"() => window.echoLive.lastSeq() === {r3['event']['seq']}")
        assert learner.wait_for_seq(r3["event"]["seq"])
        assert {c["name"]: c["value"] for c in page.context.cookies()}["echo_node"] == "a2"
    finally:
        for c in clients:
            c.close()
    # Normal operation (all but the killed process) logged no traceback.
    time.sleep(0.5)
    assert "Traceback" not in Path(a2.log).read_text()
