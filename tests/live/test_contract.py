"""Facts docs/realtime.md states for outside clients: integer ranges, and which check answers
when several fail."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from echo.domain.live import MAX_INT
from echo.extensions import db
from echo.models import LiveEvent, SessionStatus
from tests.factories import make_user
from tests.live.conftest import ack


def _events() -> int:
    return db.session.scalar(select(func.count(LiveEvent.id)))


@pytest.mark.parametrize("big", [MAX_INT + 1, 2**63, 2**70])
def test_integers_beyond_the_documented_range_are_invalid_not_server_errors(live_board, socket_client, big):
    b = live_board
    sid = b["session"].id
    sc = socket_client(b["specialist"])
    assert ack(sc, "join", session_id=sid, last_seq=0)["ok"]
    before = _events()
    calls = [
        ("join", {"session_id": big, "last_seq": 0}, "session_id"),
        ("join", {"session_id": sid, "last_seq": big}, "last_seq"),
        ("resume", {"session_id": sid, "last_seq": big}, "last_seq"),
        ("post_question", {"session_id": sid, "case_id": big, "text": "What dose?", "client_id": "q-big"}, "case_id"),
        ("post_question", {"session_id": big, "text": "What dose?", "client_id": "q-big2"}, "session_id"),
        ("post_recommendation", {"session_id": sid, "case_id": big, "category": "other", "text": "Wait.", "client_id": "r-big"},
         "case_id"),
        ("endorse", {"session_id": sid, "recommendation_id": big, "client_id": "e-big"}, "recommendation_id"),
        ("edit_post", {"session_id": sid, "kind": "question", "id": big, "text": "x", "client_id": "ed-big"}, "id"),
    ]
    for event, payload, field in calls:
        r = ack(sc, event, **payload)
        assert r["ok"] is False and r["error"]["code"] == "invalid", (event, r)
        assert r["error"]["field"] == field and str(MAX_INT) in r["error"]["message"]
    assert _events() == before
    # The largest documented value is an ordinary unknown id.
    r = ack(sc, "endorse", session_id=sid, recommendation_id=MAX_INT, client_id="e-max")
    assert r["error"]["code"] == "not_found"
    assert ack(sc, "join", session_id=sid, last_seq=MAX_INT)["reset"] is True


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
    r = ack(learner, "post_question", session_id=MAX_INT, text="x", client_id="l1")
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
