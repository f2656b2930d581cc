"""Facts docs/realtime.md states for outside clients: which check answers when several fail."""
from __future__ import annotations

from echo.programs.clinic_session import SessionStatus
from tests.factories import make_user
from tests.helpers import ack


def test_forbidden_answers_before_conflict_and_invalid(board, socket_client):
    """A learner posting to a session that is not live, with a bad category: `forbidden` (the role
    is checked before the session's state and the payload)."""
    b = board
    sid = b["session"].id
    learner = socket_client(b["learner"])
    r = ack(learner, "post_recommendation", session_id=sid, category="nonsense", text="x", client_id="l1")
    assert r["error"]["code"] == "forbidden"
    outsider = socket_client(make_user("Olive Outside"))
    r = ack(outsider, "start_session", session_id=sid, client_id="o1")
    assert r["error"]["code"] == "forbidden"
    # A member who may post: the state (not live) comes before the payload's errors.
    spec = socket_client(b["specialist"])
    r = ack(spec, "post_recommendation", session_id=sid, category="nonsense", text="", client_id="s1")
    assert r["error"]["code"] == "conflict"


def test_unknown_session_before_forbidden_and_duplicate_before_conflict(live_board, socket_client):
    b = live_board
    sid = b["session"].id
    learner = socket_client(b["learner"])
    r = ack(learner, "post_question", session_id=987654, text="x", client_id="l1")
    assert r["error"]["code"] == "not_found"
    spec = socket_client(b["specialist"])
    first = ack(spec, "post_question", session_id=sid, text="What dose?", client_id="dup-1")
    assert first["ok"]
    r = ack(b["coord_client"], "end_session", session_id=sid, client_id="end")
    assert r["ok"] and r["event"]["data"]["status"] == SessionStatus.ended.value
    # The session has ended, but a retry of a stored post still gets its original.
    again = ack(spec, "post_question", session_id=sid, text="What dose?", client_id="dup-1")
    assert again["ok"] and again["duplicate"] and again["event"]["seq"] == first["event"]["seq"]
    r = ack(spec, "post_question", session_id=sid, text="What dose?", client_id="dup-2")
    assert r["error"]["code"] == "conflict"
