"""The board's beat (echo.live.beat) and a database out of reach (echo.core.outage)."""
from __future__ import annotations

import logging
import time

import pytest
from sqlalchemy.exc import OperationalError

from echo.live import beat, rules
from tests.helpers import ack, events_of


def _unreachable(*_args, **_kwargs):
    raise OperationalError("SELECT 1", {}, ConnectionRefusedError("connection refused"))


def test_the_beat_tells_each_joined_board_the_last_stored_seq(live_board, socket_client):
    """Sent by the server to every socket of the room: a board behind it learns of an event it
    never received (its publish was lost) without waiting for a later one."""
    s = live_board["session"]
    spec = socket_client(live_board["specialist"])
    assert ack(spec, "join", session_id=s.id, last_seq=0)["ok"]
    outsider = socket_client(live_board["participant"])  # connected, never joined: told nothing
    posted = ack(spec, "post_question", session_id=s.id, text="Any thyroid tests?", client_id="q1")
    spec.get_received()
    assert beat.beat_once() == 1
    beats = events_of(spec, "beat")
    assert beats == [{"session_id": s.id, "last_seq": posted["event"]["seq"]}]
    assert events_of(outsider, "beat") == []


def test_no_joined_board_no_beat_and_no_query(app, socket_client, people):
    socket_client(people.participant)
    assert beat.beat_once() == 0


def test_a_post_while_the_database_is_unreachable_is_refused_as_retryable(live_board, socket_client, monkeypatch, caplog):
    s = live_board["session"]
    spec = socket_client(live_board["specialist"])
    assert ack(spec, "join", session_id=s.id, last_seq=0)["ok"]
    monkeypatch.setattr(rules, "events_after", _unreachable)
    caplog.set_level(logging.INFO)
    answers = [ack(spec, "resume", session_id=s.id, last_seq=0) for _ in range(3)]
    for r in answers:
        assert r["ok"] is False and r["error"]["code"] == "unavailable" and r["error"]["retryable"] is True
        assert "try again" in r["error"]["message"]
    # One warning for the outage, no traceback per failure.
    warnings = [r for r in caplog.records if r.name == "echo.outage"]
    assert len(warnings) <= 1 and not any(r.exc_info for r in caplog.records)
    monkeypatch.undo()
    assert ack(spec, "resume", session_id=s.id, last_seq=0)["ok"]  # recovers without a restart


@pytest.mark.parametrize("accept", ["text/html", "application/json"])
def test_a_page_while_the_database_is_unreachable_is_a_503_with_retry_after(app, client, accept, caplog):
    app.before_request_funcs.setdefault(None, []).append(_unreachable)
    r = client.get("/auth/login", headers={"Accept": accept})
    assert r.status_code == 503 and r.headers["Retry-After"] == "5"
    assert b"not reachable" in r.data
    if accept == "application/json":
        assert r.get_json()["error"]["retryable"] is True
    assert not any(rec.exc_info for rec in caplog.records)


def test_redis_errors_are_logged_once_per_outage_not_per_emit():
    from echo.core.outage import OncePerOutage

    f = OncePerOutage(("Cannot publish to redis",), every=3600)

    def rec(msg):
        return logging.LogRecord("socketio.server", logging.ERROR, __file__, 1, msg, None, None)

    passed = [f.filter(rec("Cannot publish to redis... retrying")) for _ in range(50)]
    assert passed.count(True) == 1
    assert f.filter(rec("Unrelated error")) is True  # other lines untouched
    f.last = time.monotonic() - f.every  # the next period
    later = rec("Cannot publish to redis... giving up")
    assert f.filter(later) and "49 similar lines held back" in later.msg
