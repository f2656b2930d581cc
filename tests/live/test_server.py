"""Real server processes (`python -m echo.server.serve`, gevent) with python-socketio clients."""
from __future__ import annotations

import re
import threading
import time

import pytest
import socketio
from sqlalchemy import select

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.programs.models import Membership
from tests.factories import make_case, make_session, soon
from tests.helpers import PG_URL, REDIS_URL, Peer
from tests.helpers import start_live_session as _start

pytestmark = pytest.mark.server


@pytest.fixture
def scene(people):
    program = people.program
    session = make_session(program, starts_at=soon())
    case = make_case(program, people.participant, CaseState.accepted, session, agenda_position=1)
    return dict(vars(people), session=session, case=case)


def test_unauthenticated_connection_is_refused(live_server, scene):
    server = live_server()
    sio = socketio.Client(reconnection=False)
    with pytest.raises(socketio.exceptions.ConnectionError):
        sio.connect(server.url, transports=["websocket"], wait_timeout=5)


def test_reconnect_replays_what_was_missed(live_server, scene):
    server = live_server()
    sid = scene["session"].id
    coord = _start(server, scene)
    spec = Peer(server, scene["specialist"]).connect()
    part = Peer(server, scene["participant"]).connect()
    try:
        spec.call("join", session_id=sid, last_seq=0)
        r = part.call("join", session_id=sid, last_seq=0)
        seen = max(e["seq"] for e in r["events"])
        first = spec.call("post_recommendation", session_id=sid, category="medication", text="Start sertraline 50 mg.", client_id="r1")
        part.wait_for(lambda e: e["seq"] == first["event"]["seq"])
        seen = first["event"]["seq"]
        part.close()  # the presenter's connection drops
        missed = [spec.call("post_recommendation", session_id=sid, category="monitoring", text=f"Recheck in {i + 2} weeks.", client_id=f"m{i}")
                  for i in range(3)]
        # A retry of a post whose ack was lost: the original, not a second copy.
        again = spec.call("post_recommendation", session_id=sid, category="monitoring", text="Recheck in 2 weeks.", client_id="m0")
        assert again["duplicate"] and again["event"]["seq"] == missed[0]["event"]["seq"]
        part2 = Peer(server, scene["participant"]).connect()
        r = part2.call("join", session_id=sid, last_seq=seen)
        assert [e["seq"] for e in r["events"]] == [m["event"]["seq"] for m in missed]
        assert [e["data"]["recommendation"]["text"] for e in r["events"]] == [f"Recheck in {i + 2} weeks." for i in range(3)]
        part2.close()
    finally:
        for p in (coord, spec, part):
            p.close()


def test_long_polling_only_transport(live_server, scene):
    """A clinic whose network blocks WebSockets: everything works over HTTP long-polling."""
    server = live_server()
    sid = scene["session"].id
    coord = _start(server, scene)
    part = Peer(server, scene["participant"], transports=("polling",)).connect()
    try:
        assert part.sio.transport() == "polling"
        assert part.call("join", session_id=sid, last_seq=0)["ok"]
        r = coord.call("set_phase", session_id=sid, phase="recommendations", client_id="ph")
        part.wait_for(lambda e: e["seq"] == r["event"]["seq"])
        mine = part.call("post_recommendation", session_id=sid, category="behavioural", text="Behavioural activation weekly.", client_id="p1")
        assert mine["ok"]
        coord.wait_for(lambda e: e["seq"] == mine["event"]["seq"])
        assert part.sio.transport() == "polling"
    finally:
        part.close()
        coord.close()


@pytest.mark.parametrize("transport", ["websocket", "polling"])
def test_a_message_over_the_limit_is_answered_and_the_connection_stays(live_server, scene, transport):
    """A 1 MB post used to close the connection with no answer (over Engine.IO's buffer): now
    it is read, refused with an ack (docs/realtime.md, "Limits"), and the board goes on."""
    server = live_server()
    sid = scene["session"].id
    coord = _start(server, scene)
    spec = Peer(server, scene["specialist"], transports=(transport,)).connect()
    try:
        assert spec.call("join", session_id=sid, last_seq=0)["ok"]
        r = spec.call("post_question", session_id=sid, text="x" * 1_000_000, client_id="huge")
        assert r["ok"] is False and r["error"]["code"] == "too_large"
        assert spec.sio.connected
        r = spec.call("post_question", session_id=sid, text="Any thyroid tests?", client_id="small")
        assert r["ok"]
        coord.wait_for(lambda e: e["seq"] == r["event"]["seq"])
        assert spec.call("no_such_event", session_id=sid)["error"]["code"] == "unknown_event"
    finally:
        spec.close()
        coord.close()


def test_an_id_of_thousands_of_digits_is_not_found(live_server, scene):
    """The server's JSON reader refuses to convert over 4,300 digits: such a message used to be
    dropped with no ack at all."""
    import sys

    digits = sys.get_int_max_str_digits()
    sys.set_int_max_str_digits(0)  # lets this test's client write the number; the server keeps Python's limit
    try:
        server = live_server()
        spec = Peer(server, scene["specialist"]).connect()
        try:
            r = spec.call("join", session_id=10**5000, last_seq=0)
            assert r["ok"] is False and r["error"]["code"] == "not_found"
            assert spec.call("join", session_id=scene["session"].id, last_seq=-(10**5000))["error"]["code"] == "invalid"
        finally:
            spec.close()
    finally:
        sys.set_int_max_str_digits(digits)


@pytest.mark.postgres_only
@pytest.mark.skipif(not (REDIS_URL and PG_URL), reason="needs ECHO_TEST_REDIS_URL and ECHO_TEST_POSTGRES_URL (CI sets both)")
def test_two_processes_share_events_through_redis(live_server, scene, db_url):
    env = {"ECHO_MESSAGE_QUEUE": REDIS_URL}
    a, b = live_server(**env), live_server(**env)
    sid = scene["session"].id
    coord = _start(a, scene)
    spec = Peer(a, scene["specialist"]).connect()
    part = Peer(b, scene["participant"]).connect()
    learner = Peer(b, scene["learner"], transports=("polling",)).connect()
    try:
        for p in (spec, part, learner):
            assert p.call("join", session_id=sid, last_seq=0)["ok"]
        posted = [spec.call("post_recommendation", session_id=sid, category="referral", text=f"Refer to addiction medicine, note {i}.",
                            client_id=f"x{i}") for i in range(3)]
        # Seqs from one counter in the shared database, delivered through Redis to process B.
        seqs = [p["event"]["seq"] for p in posted]
        assert seqs == list(range(seqs[0], seqs[0] + 3))
        for p in (part, learner):
            for s in seqs:
                p.wait_for(lambda e, s=s: e["seq"] == s)
        # A post through B reaches A as well, with the next seq.
        ans = part.call("post_question", session_id=sid, text="Is buprenorphine available locally?", client_id="q")
        assert ans["event"]["seq"] == seqs[-1] + 1
        spec.wait_for(lambda e: e["seq"] == ans["event"]["seq"])

        # A role change made through process A reaches the participant's socket on process B:
        # told, then closed by the server, both through Redis (in that order).
        told = threading.Event()
        part.sio.on("access_changed", lambda data: told.set())
        m = db.session.scalar(select(Membership).where(Membership.program_id == scene["program"].id,
                                                       Membership.user_id == scene["participant"].id))
        page = coord.http.get(f"{a.url}/programs/{scene['program'].id}/members")
        token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
        r = coord.http.post(f"{a.url}/programs/{scene['program'].id}/members/{m.id}/role",
                            data={"csrf_token": token, "role": "learner"}, allow_redirects=False)
        assert r.status_code == 302
        assert told.wait(10)
        deadline = time.monotonic() + 10
        while part.sio.connected and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not part.sio.connected
        assert learner.sio.connected and spec.sio.connected
    finally:
        for p in (coord, spec, part, learner):
            p.close()
