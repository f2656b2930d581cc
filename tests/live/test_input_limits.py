"""Socket messages that the board cannot use get an error acknowledgement, never silence or a
server_error: ids of any size, a message over the size limit, an unknown event name. And
leading a session does not use up the coordinator's own post budget.

Over a real connection (Engine.IO's transport limit): tests/live/test_server.py."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from echo.core.extensions import db
from echo.live.models import LiveEvent, Question
from tests.helpers import ack

HUGE = [2**31, 2**63, 10**30]


def _joined(socket_client, user, session):
    sc = socket_client(user)
    r = ack(sc, "join", session_id=session.id, last_seq=0)
    assert r["ok"], r
    return sc


@pytest.mark.parametrize("value", HUGE)
def test_ids_of_any_size_are_not_found(live_board, socket_client, value):
    s = live_board["session"]
    spec = _joined(socket_client, live_board["specialist"], s)
    coord = live_board["coord_client"]
    before = db.session.scalar(select(func.count(LiveEvent.id)))
    calls = [
        (spec, "join", {"session_id": value, "last_seq": 0}),
        (spec, "post_question", {"session_id": value, "text": "Any TSH?", "client_id": "a1"}),
        (spec, "post_question", {"session_id": s.id, "case_id": value, "text": "Any TSH?", "client_id": "a2"}),
        (spec, "post_recommendation", {"session_id": s.id, "case_id": value, "category": "other", "text": "TSH.",
                                       "client_id": "a3"}),
        (spec, "endorse", {"session_id": s.id, "recommendation_id": value, "client_id": "a4"}),
        (spec, "edit_post", {"session_id": s.id, "kind": "question", "id": value, "text": "Edited?", "client_id": "a5"}),
        (spec, "withdraw_post", {"session_id": s.id, "kind": "recommendation", "id": value, "client_id": "a6"}),
        (spec, "resume", {"session_id": value, "last_seq": 0}),
        (spec, "leave", {"session_id": value}),
        (coord, "answer_question", {"session_id": s.id, "question_id": value, "text": "No.", "client_id": "a7"}),
        (coord, "mark_consensus", {"session_id": s.id, "recommendation_id": value, "client_id": "a8"}),
        (coord, "set_phase", {"session_id": s.id, "case_id": value, "phase": "questions", "client_id": "a9"}),
        (coord, "end_session", {"session_id": value, "client_id": "a10"}),
    ]
    codes = {}
    for sc, event, payload in calls:
        r = ack(sc, event, **payload)
        codes[(event, next(k for k, v in payload.items() if v == value))] = r["error"]["code"] if not r["ok"] else "ok"
    assert set(codes.values()) == {"not_found"}, codes
    assert db.session.scalar(select(func.count(LiveEvent.id))) == before
    # The second post on a socket takes the guarded path (no read first): the same answer there.
    assert ack(spec, "post_question", session_id=s.id, text="First?", client_id="b1")["ok"]
    r = ack(spec, "post_question", session_id=s.id, case_id=value, text="Second?", client_id="b2")
    assert r["error"]["code"] == "not_found"


def test_a_huge_last_seq_replays_nothing_and_asks_for_a_reload(live_board, socket_client):
    s = live_board["session"]
    spec = socket_client(live_board["specialist"])
    r = ack(spec, "join", session_id=s.id, last_seq=2**63)
    assert r["ok"] and r["reset"] and r["events"] == []
    r = ack(spec, "resume", session_id=s.id, last_seq=10**30)
    assert r["ok"] and r["events"] == []


def test_a_message_over_the_limit_gets_an_error_ack_and_saves_nothing(live_board, socket_client, app):
    s = live_board["session"]
    spec = _joined(socket_client, live_board["specialist"], s)
    limit = app.config.get("SOCKET_MESSAGE_LIMIT", 64 * 1024)
    # A valid post with padding the handler would otherwise ignore.
    r = ack(spec, "post_question", session_id=s.id, text="Any TSH?", client_id="big", padding="x" * limit)
    assert r["ok"] is False and r["error"]["code"] == "too_large"
    assert f"{limit:,}" in r["error"]["message"]
    assert db.session.scalar(select(func.count(Question.id))) == 0
    # The socket goes on working, and a message under the limit is handled as usual.
    assert ack(spec, "post_question", session_id=s.id, text="Any TSH?", client_id="small", padding="x" * 100)["ok"]


def test_an_unknown_event_gets_an_error_ack(live_board, socket_client):
    spec = _joined(socket_client, live_board["specialist"], live_board["session"])
    r = ack(spec, "post_qeustion", session_id=live_board["session"].id, text="Typo?")
    assert r == {"ok": False, "error": {"code": "unknown_event",
                                        "message": "The live board has no event named 'post_qeustion'."}}
    assert ack(spec, "no_payload")["error"]["code"] == "unknown_event"


def test_leading_the_session_does_not_use_up_the_coordinators_post_budget(live_board, socket_client, app):
    """Start (done by the fixture), phase changes, consensus marks and the end are not posts."""
    app.config["LIVE_RATE_LIMIT"] = "3/minute"
    s, case = live_board["session"], live_board["case"]
    coord = live_board["coord_client"]
    spec = _joined(socket_client, live_board["specialist"], s)
    rec = ack(spec, "post_recommendation", session_id=s.id, category="other", text="Check TSH.", client_id="r1")
    rid = rec["event"]["data"]["recommendation"]["id"]
    for i, phase in enumerate(["questions", "recommendations", "summary", "questions", "recommendations"]):
        assert ack(coord, "set_phase", session_id=s.id, case_id=case.id, phase=phase, client_id=f"p{i}")["ok"]
    for i, mark in enumerate([True, False, True]):
        assert ack(coord, "mark_consensus", session_id=s.id, recommendation_id=rid, consensus=mark, client_id=f"c{i}")["ok"]
    posts = [ack(coord, "post_question", session_id=s.id, text=f"Question {i}?", client_id=f"q{i}") for i in range(4)]
    assert [p["ok"] for p in posts] == [True, True, True, False]
    assert posts[-1]["error"]["code"] == "rate_limited"
