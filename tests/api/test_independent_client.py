"""An outside client written from the documents alone (docs/realtime.md, "A client from
scratch", and docs/api.md): it logs in over HTTP, finds a session through the JSON API, and
takes part in the live board with python-socketio's own client against a real server process.

Nothing here uses the app's code or the other tests' helpers: only requests, python-socketio
and what the documents say, so a change that breaks the documented contract fails here.
"""
from __future__ import annotations

import threading
import time
import uuid
from html.parser import HTMLParser

import pytest
import requests
import socketio

from echo.cases.models import CaseState
from tests.factories import PASSWORD, make_case, make_session, soon

pytestmark = pytest.mark.server


class _CsrfField(HTMLParser):
    """The value of the login form's <input name="csrf_token">."""

    def __init__(self):
        super().__init__()
        self.value: str | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "input" and a.get("name") == "csrf_token":
            self.value = a.get("value")


class Script:
    """One person's client: an HTTP cookie jar and a Socket.IO connection."""

    def __init__(self, base: str, email: str, password: str):
        self.base = base
        self.http = requests.Session()
        page = self.http.get(base + "/auth/login", timeout=10)
        field = _CsrfField()
        field.feed(page.text)
        r = self.http.post(base + "/auth/login", data={"csrf_token": field.value, "email": email, "password": password},
                           allow_redirects=False, timeout=10)
        assert r.status_code == 302, "the doc: 302 means logged in"
        self.last_seq = 0
        self.applied: list[dict] = []
        self.buffer: dict[int, dict] = {}
        self.cond = threading.Condition()
        self.sio: socketio.Client | None = None

    def api(self, path: str, **params) -> dict:
        r = self.http.get(self.base + path, params=params, timeout=10)
        assert r.status_code == 200, r.text[:300]
        return r.json()

    def connect(self) -> None:
        self.sio = socketio.Client(reconnection=False)
        self.sio.on("event", self.receive)
        cookie = "; ".join(f"{c.name}={c.value}" for c in self.http.cookies)
        self.sio.connect(self.base, headers={"Cookie": cookie}, wait_timeout=10)  # default transports

    def call(self, event: str, **payload) -> dict:
        return self.sio.call(event, payload, timeout=10)

    def receive(self, ev: dict) -> None:
        """The doc's ordering rule: drop seq <= last_seq, apply last_seq + 1, buffer the rest."""
        with self.cond:
            if ev["seq"] > self.last_seq:
                self.buffer[ev["seq"]] = ev
            while self.last_seq + 1 in self.buffer:
                self.last_seq += 1
                self.applied.append(self.buffer.pop(self.last_seq))
            self.cond.notify_all()

    def wait_for_seq(self, seq: int, timeout: float = 10) -> None:
        deadline = time.monotonic() + timeout
        with self.cond:
            while self.last_seq < seq:
                left = deadline - time.monotonic()
                assert left > 0, f"seq {seq} never arrived; at {self.last_seq}"
                self.cond.wait(left)

    def join(self, session_id: int) -> dict:
        ack = self.call("join", session_id=session_id, last_seq=self.last_seq)
        assert ack["ok"] and ack["reset"] is False, ack
        for ev in ack["events"]:
            self.receive(ev)
        return ack

    def close(self) -> None:
        if self.sio is not None and self.sio.connected:
            self.sio.disconnect()


def test_a_client_written_from_the_docs_takes_part_in_a_live_session(live_server, people):
    p = people
    session = make_session(p.program, soon(), didactic_title="Alcohol use disorder in primary care")
    make_case(p.program, p.participant, CaseState.accepted, session, agenda_position=1, title="Insomnia and drinking")
    server = live_server()
    coord = Script(server.url, p.coordinator.email, PASSWORD)
    spec = Script(server.url, p.specialist.email, PASSWORD)
    try:
        # Find the session: my programs, then their scheduled sessions, then the agenda.
        programs = spec.api("/api/v1/programs")["programs"]
        assert [(x["name"], x["role"]) for x in programs] == [(p.program.name, "specialist")]
        found = spec.api(programs[0]["sessions_url"], status="scheduled")["sessions"]
        assert [s["didactic_title"] for s in found] == ["Alcohol use disorder in primary care"]
        detail = spec.api(found[0]["api_url"])
        session_id, case_id = detail["id"], detail["agenda"][0]["case_id"]
        assert detail["agenda"][0]["case"]["title"] == "Insomnia and drinking"  # specialists read accepted cases

        # The coordinator starts it.
        coord.connect()
        assert coord.join(session_id)["role"] == "coordinator"
        started = coord.call("start_session", session_id=session_id, client_id=str(uuid.uuid4()))
        assert started["ok"] and started["event"]["kind"] == "session_started"
        coord.wait_for_seq(started["event"]["seq"])

        # The specialist joins (replay from the API's last_seq), posts, and sees their own event once.
        spec.last_seq = found[0]["last_seq"]
        spec.connect()
        ack = spec.join(session_id)
        assert ack["role"] == "specialist" and ack["status"] == "live"
        assert p.specialist.id in [x["id"] for x in ack["present"]]
        assert [e["kind"] for e in spec.applied] == ["session_started"]
        post_id = str(uuid.uuid4())
        post = {"session_id": session_id, "case_id": case_id, "category": "medication",
                "text": "Consider naltrexone 50 mg daily; check liver function first.", "client_id": post_id}
        posted = spec.call("post_recommendation", **post)
        assert posted["ok"], posted
        ev = posted["event"]
        assert ev["kind"] == "recommendation_posted" and ev["author"] == {
            "id": p.specialist.id, "name": p.specialist.name, "role": "specialist"}
        assert ev["data"]["recommendation"]["source"] == "hub"
        spec.wait_for_seq(ev["seq"])
        coord.wait_for_seq(ev["seq"])
        assert [e["seq"] for e in spec.applied] == [1, 2]  # the broadcast of its own post was a duplicate, dropped

        # The specialist's connection drops; the room goes on.
        spec.close()
        q = coord.call("post_question", session_id=session_id, text="How much does the patient drink per week?",
                       client_id=str(uuid.uuid4()))
        phase = coord.call("set_phase", session_id=session_id, phase="recommendations", client_id=str(uuid.uuid4()))
        assert q["ok"] and phase["ok"] and phase["event"]["data"]["case_state"] == "accepted"

        # Reconnect and join with the last seq applied: exactly what was missed, in order.
        seen = spec.last_seq
        spec.connect()
        ack = spec.join(session_id)
        assert [e["seq"] for e in ack["events"]] == [seen + 1, seen + 2]
        assert [e["kind"] for e in spec.applied[-2:]] == ["question_posted", "phase_changed"]
        # resume gives the same from any point; the retry of a post whose ack was lost is the original.
        again = spec.call("resume", session_id=session_id, last_seq=seen)
        assert again["ok"] and [e["seq"] for e in again["events"]] == [seen + 1, seen + 2] and again["more"] is False
        retry = spec.call("post_recommendation", **post)
        assert retry["ok"] and retry["duplicate"] is True and retry["event"]["seq"] == ev["seq"]

        # The API agrees with the board.
        now = spec.api(found[0]["api_url"])
        assert now["status"] == "live" and now["started_at"] and now["last_seq"] == spec.last_seq == seen + 2
        assert now["current_case_id"] == case_id and now["phase"] == "recommendations"
        assert now["agenda"][0]["current"] is True
    finally:
        coord.close()
        spec.close()
