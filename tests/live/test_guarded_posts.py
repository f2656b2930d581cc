"""A socket's second post on a board reads nothing first: its write checks what the first post
read (live.PostGuard). These tests prove it is taken, and that whenever anything it assumed has
changed, nothing is written by it and the post gets exactly the full path's answer
(SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.live import commands as live
from echo.live.models import LiveEvent, Question, Recommendation
from echo.programs.clinic_session import SessionStatus
from tests.helpers import RECOMMENDATION, ack, join, set_role


@pytest.fixture
def reads(monkeypatch):
    """Counts post_context's reads (the full path's one query)."""
    calls = []
    real = live.post_context

    def counted(*args, **kwargs):
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(live, "post_context", counted)
    return calls


def rec(sc, s, client_id, text=RECOMMENDATION, **extra):
    return ack(sc, "post_recommendation", session_id=s.id, category="medication", text=text, client_id=client_id, **extra)


def stored(model=Recommendation) -> int:
    db.session.expire_all()
    return db.session.scalar(select(func.count(model.id)))


def test_the_second_post_is_one_write_with_the_same_result(live_board, socket_client, reads):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    first = rec(spec, s, "g1")
    second = rec(spec, s, "g2", text="Recheck sodium in a week.")
    third = ack(spec, "post_question", session_id=s.id, text="Any falls?", client_id="g3")
    assert first["ok"] and second["ok"] and third["ok"]
    assert len(reads) == 1  # only the socket's first post read anything
    assert [e["seq"] for e in (first["event"], second["event"], third["event"])] == [
        first["event"]["seq"], first["event"]["seq"] + 1, first["event"]["seq"] + 2]
    for a, b in ((first, second),):
        assert a["event"]["author"] == b["event"]["author"] == {
            "id": live_board["specialist"].id, "name": live_board["specialist"].name, "role": "specialist"}
    r2 = second["event"]["data"]["recommendation"]
    row = db.session.get(Recommendation, r2["id"])
    assert (row.text, row.case_id, row.source, row.author_id) == (
        "Recheck sodium in a week.", live_board["case"].id, "hub", live_board["specialist"].id)
    ev = db.session.scalar(select(LiveEvent).where(LiveEvent.client_id == "g2"))
    assert ev.payload["data"]["recommendation"]["id"] == r2["id"] and ev.seq == second["event"]["seq"]
    assert stored(Question) == 1


def test_a_retry_is_answered_with_the_original(live_board, socket_client, reads):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    first = rec(spec, s, "same")
    again = rec(spec, s, "same")
    assert again["duplicate"] and again["event"] == first["event"]
    assert stored() == 1


def test_a_role_change_between_posts_is_applied(live_board, socket_client, reads):
    s, program = live_board["session"], live_board["program"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    assert rec(spec, s, "r1")["ok"]
    set_role(program, live_board["specialist"], "participant")
    r = rec(spec, s, "r2")
    assert r["ok"] and r["event"]["author"]["role"] == "participant"
    assert r["event"]["data"]["recommendation"]["source"] == "spoke"
    set_role(program, live_board["specialist"], "learner")
    assert rec(spec, s, "r3")["error"]["code"] == "forbidden"
    assert rec(spec, s, "r4")["error"]["code"] == "forbidden"
    assert stored() == 2


def test_a_renamed_or_deactivated_poster(live_board, socket_client):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    assert rec(spec, s, "n1")["ok"]
    user = db.session.get(User, live_board["specialist"].id)
    user.name = "Dr. Renamed"
    db.session.commit()
    assert rec(spec, s, "n2")["event"]["author"]["name"] == "Dr. Renamed"
    user.is_active_account = False
    db.session.commit()
    r = rec(spec, s, "n3")
    assert r["ok"] is False and r["error"]["code"] == "forbidden"
    assert stored() == 2


def test_a_session_ended_between_posts(live_board, socket_client):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    assert rec(spec, s, "e1")["ok"]
    assert ack(live_board["coord_client"], "end_session", session_id=s.id, client_id="end")["ok"]
    r = rec(spec, s, "e2")
    assert r["ok"] is False and r["error"]["code"] == "conflict"
    db.session.expire_all()
    assert db.session.get(type(s), s.id).status == SessionStatus.ended
    assert stored() == 1


def test_posts_follow_the_current_case_and_refuse_cases_off_the_agenda(live_board, socket_client):
    s, case1, case2 = live_board["session"], live_board["case"], live_board["case2"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    assert rec(spec, s, "c1")["event"]["data"]["recommendation"]["case_id"] == case1.id
    # The facilitator moves on: a post that names no case goes to the new current case.
    assert ack(live_board["coord_client"], "set_phase", session_id=s.id, case_id=case2.id, phase="presentation",
               client_id="move")["ok"]
    assert rec(spec, s, "c2")["event"]["data"]["recommendation"]["case_id"] == case2.id
    # A post that names a case goes there, if the case is on this session's agenda.
    assert rec(spec, s, "c3", case_id=case1.id)["event"]["data"]["recommendation"]["case_id"] == case1.id
    assert rec(spec, s, "c4", case_id=999999)["error"]["code"] == "not_found"
    assert stored() == 3


def test_rate_limit_and_privacy_hold_still_apply(live_board, socket_client, app):
    app.config["LIVE_RATE_LIMIT"] = "2/minute"
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    assert rec(spec, s, "l1")["ok"]
    held = rec(spec, s, "l2", text="Mrs. Jane Hollister, 42 Elm Street, called yesterday.")
    assert held["ok"] is False and held["error"]["code"] == "privacy" and held["error"]["findings"]
    assert rec(spec, s, "l3")["ok"]
    r = rec(spec, s, "l4")
    assert r["error"]["code"] == "rate_limited"
    assert stored() == 2
    assert db.session.scalar(select(func.count(LiveEvent.id)).where(LiveEvent.client_id == "l2")) == 0


def test_one_socket_guard_is_not_another_users(live_board, socket_client, reads):
    """Each socket posts as its own user: a learner's socket never rides on a specialist's guard."""
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    learner, _ = join(socket_client, live_board["learner"], s)
    assert rec(spec, s, "u1")["ok"]
    assert rec(learner, s, "u2")["error"]["code"] == "forbidden"
    assert rec(learner, s, "u3")["error"]["code"] == "forbidden"
    assert stored() == 1
