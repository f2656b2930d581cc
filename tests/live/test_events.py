"""Socket events of the live board with the Flask-SocketIO test client (SQLite and PostgreSQL)."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from echo.cases.models import CaseState
from echo.core.extensions import db
from echo.live.models import (
    LiveEvent,
    PresenceInterval,
    Question,
    Recommendation,
    RecommendationEdit,
)
from echo.programs.clinic_session import SessionStatus
from tests.helpers import ack, events_of, join

GOOD = "Consider switching to venlafaxine 75 mg daily and recheck the PHQ-9 in four weeks."


def test_unauthenticated_socket_is_refused(board, socket_client):
    sc = socket_client(None)
    assert not sc.is_connected()


def test_outsider_cannot_join_but_members_can(board, socket_client):
    _, r = join(socket_client, board["outsider"], board["session"])
    assert r == {"ok": False, "error": {"code": "forbidden", "message": r["error"]["message"]}}
    for role in ("learner", "participant", "specialist", "coordinator", "admin"):
        _, r = join(socket_client, board[role], board["session"])
        assert r["ok"] and r["role"] == ("coordinator" if role == "admin" else role)


def test_learner_is_read_only(live_board, socket_client):
    sc, _ = join(socket_client, live_board["learner"], live_board["session"])
    s = live_board["session"]
    for event, payload in [
        ("post_question", {"text": "What dose?"}),
        ("post_recommendation", {"text": GOOD, "category": "medication"}),
        ("start_session", {}), ("end_session", {}),
        ("set_phase", {"phase": "questions"}),
    ]:
        r = ack(sc, event, session_id=s.id, client_id="x-" + event, **payload)
        assert r["ok"] is False and r["error"]["code"] in ("forbidden", "conflict"), (event, r)
    assert db.session.scalar(select(func.count(Recommendation.id))) == 0


def test_roles_for_each_event(live_board, socket_client):
    s = live_board["session"]
    part, _ = join(socket_client, live_board["participant"], s)
    spec, _ = join(socket_client, live_board["specialist"], s)
    # Only coordinators facilitate.
    for sc in (part, spec):
        assert ack(sc, "set_phase", session_id=s.id, phase="questions")["error"]["code"] == "forbidden"
        assert ack(sc, "end_session", session_id=s.id)["error"]["code"] == "forbidden"
    r = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="r1")
    rid = r["event"]["data"]["recommendation"]["id"]
    assert r["event"]["data"]["recommendation"]["source"] == "hub"
    # Participants do not endorse or mark consensus; spokes' recommendations are suggestions.
    assert ack(part, "endorse", session_id=s.id, recommendation_id=rid)["error"]["code"] == "forbidden"
    assert ack(part, "mark_consensus", session_id=s.id, recommendation_id=rid, consensus=True)["error"]["code"] == "forbidden"
    r = ack(part, "post_recommendation", session_id=s.id, category="behavioural", text="Try behavioural activation.", client_id="s1")
    assert r["event"]["data"]["recommendation"]["source"] == "spoke"
    # Only the presenter (the case's author) or a coordinator answers.
    q = ack(spec, "post_question", session_id=s.id, text="Any history of mania?", client_id="q1")["event"]["data"]["question"]
    assert ack(spec, "answer_question", session_id=s.id, question_id=q["id"], text="No.")["error"]["code"] == "forbidden"
    assert ack(part, "answer_question", session_id=s.id, question_id=q["id"], text="None known.", client_id="a1")["ok"]
    # Nobody edits or withdraws someone else's post.
    assert ack(part, "edit_post", session_id=s.id, kind="recommendation", id=rid, text="x")["error"]["code"] == "forbidden"
    assert ack(part, "withdraw_post", session_id=s.id, kind="recommendation", id=rid)["error"]["code"] == "forbidden"
    # Specialists endorse others' recommendations, not their own.
    assert ack(spec, "endorse", session_id=s.id, recommendation_id=rid)["error"]["code"] == "invalid"


@pytest.mark.parametrize("payload", [
    None, "text", [1, 2], {"session_id": "1"}, {"text": "x"},
    {"category": "astrology", "text": GOOD}, {"category": "medication", "text": ""},
    {"category": "medication", "text": "x" * 5000}, {"category": "medication", "text": GOOD, "client_id": 5},
    {"category": "medication", "text": GOOD, "case_id": 999999},
])
def test_bad_payload_gets_error_ack_and_changes_nothing(live_board, socket_client, payload):
    spec, _ = join(socket_client, live_board["specialist"], live_board["session"])
    if isinstance(payload, dict) and "session_id" not in payload:
        payload = dict(payload, session_id=live_board["session"].id)
    before = live_board["session"].last_seq
    r = spec.emit("post_recommendation", payload, callback=True)
    assert r["ok"] is False and r["error"]["code"] in ("invalid", "not_found"), r
    db.session.expire_all()
    assert db.session.scalar(select(func.count(Recommendation.id))) == 0
    assert db.session.get(type(live_board["session"]), live_board["session"].id).last_seq == before


def test_events_are_stored_with_consecutive_seq_and_broadcast_in_order(live_board, socket_client):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    watcher, _ = join(socket_client, live_board["learner"], s)
    watcher.get_received()
    for i in range(5):
        assert ack(spec, "post_recommendation", session_id=s.id, category="monitoring", text=f"Check sodium, note {i}.", client_id=f"c{i}")["ok"]
    got = events_of(watcher)
    assert [e["kind"] for e in got] == ["recommendation_posted"] * 5
    seqs = [e["seq"] for e in got]
    assert seqs == list(range(seqs[0], seqs[0] + 5))
    stored = db.session.scalars(select(LiveEvent.seq).where(LiveEvent.session_id == s.id).order_by(LiveEvent.seq)).all()
    assert stored == list(range(1, len(stored) + 1))
    assert got[-1]["data"]["recommendation"]["text"] == "Check sodium, note 4."
    assert got[0]["author"]["role"] == "specialist" and got[0]["client_id"] == "c0"


def test_replay_after_reconnect_gives_everything_after_last_seq_in_order(live_board, socket_client):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    part, r = join(socket_client, live_board["participant"], s)
    seen = max([e["seq"] for e in r["events"]] or [0])
    part.disconnect()
    for i in range(3):
        ack(spec, "post_recommendation", session_id=s.id, category="referral", text=f"Refer to psychiatry {i}.", client_id=f"p{i}")
    part2, r = join(socket_client, live_board["participant"], s, last_seq=seen)
    assert [e["seq"] for e in r["events"]] == [seen + 1, seen + 2, seen + 3]
    assert [e["data"]["recommendation"]["text"] for e in r["events"]] == [f"Refer to psychiatry {i}." for i in range(3)]
    r = ack(part2, "resume", session_id=s.id, last_seq=seen + 1)
    assert [e["seq"] for e in r["events"]] == [seen + 2, seen + 3] and r["more"] is False
    # From zero: the whole log, starting with the session's start.
    _, r = join(socket_client, live_board["learner"], s, last_seq=0)
    assert r["events"][0]["kind"] == "session_started" and [e["seq"] for e in r["events"]] == list(range(1, seen + 4))


def test_resume_needs_join(live_board, socket_client):
    sc = socket_client(live_board["specialist"])
    assert ack(sc, "resume", session_id=live_board["session"].id, last_seq=0)["error"]["code"] == "forbidden"


def test_retry_with_same_client_id_returns_the_original(live_board, socket_client):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    watcher, _ = join(socket_client, live_board["learner"], s)
    watcher.get_received()
    first = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="same")
    again = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="same")
    assert again["ok"] and again["duplicate"] and again["event"] == first["event"]
    assert db.session.scalar(select(func.count(Recommendation.id))) == 1
    assert len(events_of(watcher)) == 1
    # Another author may use the same client_id.
    part, _ = join(socket_client, live_board["participant"], s)
    other = ack(part, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="same")
    assert other["ok"] and not other.get("duplicate") and other["event"]["seq"] == first["event"]["seq"] + 1


def test_concurrent_retry_race_is_settled_by_the_unique_key(live_board):
    """Two writes with one client_id that both passed the lookup: the second gets the first."""
    from echo.live import commands, realtime, rules

    s, user = live_board["session"], live_board["specialist"]
    role = rules.role_of(user, s)
    case = rules.check_agenda_case(s, None)
    data = {"category": "other", "text": "A.", "client_id": "race"}
    first = realtime.commit_and_notify(commands.post_recommendation, user, s.id, data)

    def loser(actor, session_id, data):  # it skips the lookup and writes anyway (the event's INSERT is refused)
        return commands.written(commands.do_post_recommendation(s, user, role, case, "other", "A.", "race"))

    out = realtime.commit_and_notify(loser, user, s.id, data)
    assert not out.created and out.event.id == first.event.id
    assert db.session.scalar(select(func.count(Recommendation.id))) == 1
    db.session.expire_all()
    assert db.session.get(type(s), s.id).last_seq == first.event.seq  # the loser's seq was given back


def test_privacy_hold_returns_findings_to_author_and_broadcasts_nothing(live_board, socket_client):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    watcher, _ = join(socket_client, live_board["learner"], s)
    watcher.get_received()
    spec.get_received()
    text = "Dr. Smith at Gallup clinic can see her on 3/14/2025."
    r = ack(spec, "post_recommendation", session_id=s.id, category="referral", text=text, client_id="p1")
    assert r["ok"] is False and r["error"]["code"] == "privacy"
    kinds = {f["kind"] for f in r["error"]["findings"]}
    assert "date" in kinds
    for f in r["error"]["findings"]:
        assert text[f["start"]:f["end"]] == f["text"] and f["fingerprint"]
    assert events_of(watcher) == [] and events_of(spec) == []
    assert db.session.scalar(select(func.count(Recommendation.id))) == 0
    assert db.session.scalar(select(func.count(LiveEvent.id)).where(LiveEvent.kind == "recommendation_posted")) == 0
    # The author fixes it and sends again (same client_id: nothing was stored the first time).
    r = ack(spec, "post_recommendation", session_id=s.id, category="referral", text="Refer to the regional psychiatry service.", client_id="p1")
    assert r["ok"]
    # A false positive can be dismissed with a reason.
    text = "Start naltrexone 50 mg and monitor LFTs monthly."
    r = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=text, client_id="p2")
    if not r["ok"]:
        dismissals = [{"fingerprint": f["fingerprint"], "reason": "a lab test, not a name"} for f in r["error"]["findings"]]
        r = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=text, client_id="p2", dismissals=dismissals)
    assert r["ok"]


def test_privacy_hold_on_questions_answers_and_edits(live_board, socket_client):
    s = live_board["session"]
    part, _ = join(socket_client, live_board["participant"], s)
    bad = "Her phone is 505-555-0142."
    assert ack(part, "post_question", session_id=s.id, text=bad, client_id="q")["error"]["code"] == "privacy"
    q = ack(part, "post_question", session_id=s.id, text="Any family history?", client_id="q")["event"]["data"]["question"]
    assert ack(part, "answer_question", session_id=s.id, question_id=q["id"], text=bad)["error"]["code"] == "privacy"
    assert ack(part, "edit_post", session_id=s.id, kind="question", id=q["id"], text=bad)["error"]["code"] == "privacy"
    assert db.session.get(Question, q["id"]).text == "Any family history?"


def test_edit_and_withdraw_keep_history(live_board, socket_client):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    r = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="e0")
    rid = r["event"]["data"]["recommendation"]["id"]
    r = ack(spec, "edit_post", session_id=s.id, kind="recommendation", id=rid, text="Switch to bupropion.", category="medication", client_id="e1")
    assert r["ok"] and r["event"]["kind"] == "recommendation_edited" and r["event"]["data"]["text"] == "Switch to bupropion."
    r = ack(spec, "withdraw_post", session_id=s.id, kind="recommendation", id=rid, client_id="e2")
    assert r["ok"] and r["event"]["kind"] == "recommendation_withdrawn"
    rec = db.session.get(Recommendation, rid)
    assert rec.withdrawn and rec.text == "Switch to bupropion."
    history = db.session.scalars(select(RecommendationEdit).where(RecommendationEdit.recommendation_id == rid).order_by(RecommendationEdit.id)).all()
    assert [(h.action, h.old_text) for h in history] == [("edit", GOOD), ("withdraw", "Switch to bupropion.")]
    assert ack(spec, "edit_post", session_id=s.id, kind="recommendation", id=rid, text="again")["error"]["code"] == "conflict"


def test_endorse_and_consensus(live_board, socket_client):
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    coord = live_board["coord_client"]
    rid = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="x")["event"]["data"]["recommendation"]["id"]
    r = ack(coord, "endorse", session_id=s.id, recommendation_id=rid, client_id="en1")
    data = r["event"]["data"]
    assert {k: data[k] for k in ("recommendation_id", "user", "endorsed", "count")} == {
        "recommendation_id": rid, "user": r["event"]["author"], "endorsed": True, "count": 1}
    # The item as it is now, and its one rendering (templates/live/_item.html), for the boards.
    assert data["recommendation"]["count"] == 1 and data["recommendation"]["text"] == GOOD
    assert "1 endorsement<" in data["html"] and "Medication" in data["html"]
    r = ack(coord, "endorse", session_id=s.id, recommendation_id=rid, endorse=False, client_id="en2")
    assert r["event"]["data"]["count"] == 0
    r = ack(coord, "mark_consensus", session_id=s.id, recommendation_id=rid, consensus=True, client_id="co1")
    assert r["ok"] and db.session.get(Recommendation, rid).consensus


def test_facilitator_moves_phases_cases_and_ends(live_board, socket_client):
    s, coord = live_board["session"], live_board["coord_client"]
    db.session.refresh(s)
    assert s.status == SessionStatus.live and s.current_case_id == live_board["case"].id and s.current_phase == "presentation"
    for phase in ("questions", "recommendations", "summary"):
        r = ack(coord, "set_phase", session_id=s.id, phase=phase, client_id="ph-" + phase)
        assert r["ok"] and r["event"]["data"]["phase"] == phase
    db.session.refresh(live_board["case"])
    assert live_board["case"].state == CaseState.presented
    r = ack(coord, "set_phase", session_id=s.id, case_id=live_board["case2"].id, phase="presentation", client_id="next")
    assert r["event"]["data"]["current_case_id"] == live_board["case2"].id
    assert ack(coord, "set_phase", session_id=s.id, phase="dancing")["error"]["code"] == "invalid"
    assert ack(coord, "start_session", session_id=s.id)["error"]["code"] == "conflict"
    r = ack(coord, "end_session", session_id=s.id, client_id="end")
    assert r["ok"] and r["event"]["kind"] == "session_ended"
    db.session.expire_all()
    assert db.session.get(type(s), s.id).status == SessionStatus.ended
    assert db.session.get(type(live_board["case2"]), live_board["case2"].id).state == CaseState.presented
    # Presence is closed at the end; posting is refused.
    assert db.session.scalar(select(func.count(PresenceInterval.id)).where(PresenceInterval.left_at.is_(None))) == 0
    spec, _ = join(socket_client, live_board["specialist"], s)
    assert ack(spec, "post_recommendation", session_id=s.id, category="other", text="Late.", client_id="late")["error"]["code"] == "conflict"


def test_posting_before_the_session_is_live_is_refused(board, socket_client):
    spec, _ = join(socket_client, board["specialist"], board["session"])
    r = ack(spec, "post_recommendation", session_id=board["session"].id, case_id=board["case"].id, category="other", text="Early.")
    assert r["error"]["code"] == "conflict"


def test_rate_limit_per_user(live_board, socket_client, app):
    app.config["LIVE_RATE_LIMIT"] = "3/minute"
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    results = [ack(spec, "post_question", session_id=s.id, text=f"Question {i}?", client_id=f"rl{i}") for i in range(4)]
    assert [r["ok"] for r in results] == [True, True, True, False]
    assert results[-1]["error"]["code"] == "rate_limited"
    # A retry of an accepted post is not a new post: still answered with the original.
    assert ack(spec, "post_question", session_id=s.id, text="Question 0?", client_id="rl0")["duplicate"]
    # Another user has their own budget.
    part, _ = join(socket_client, live_board["participant"], s)
    assert ack(part, "post_question", session_id=s.id, text="Mine?", client_id="rl0")["ok"]
    assert db.session.scalar(select(func.count(Question.id))) == 4


def test_rate_limit_counts_every_kind_of_write_in_every_session_and_forgets_old_ones(live_board, socket_client, app):
    """The limit counts the user's stored board events in the window: posts (read with the
    post's own query) and edits (counted separately) share one budget, across sessions, and
    events older than the window no longer count."""
    from datetime import timedelta

    from echo.core.types import utcnow
    from tests.factories import make_session

    app.config["LIVE_RATE_LIMIT"] = "3/minute"
    s, spec_user = live_board["session"], live_board["specialist"]
    spec, _ = join(socket_client, spec_user, s)
    r = ack(spec, "post_recommendation", session_id=s.id, category="other", text="Check TSH.", client_id="w1")
    assert r["ok"]
    rid = r["event"]["data"]["recommendation"]["id"]
    assert ack(spec, "edit_post", session_id=s.id, kind="recommendation", id=rid, text="Check TSH and T4.", client_id="w2")["ok"]
    # An event of the same user in another session counts too.
    other = make_session(live_board["program"])
    db.session.add(LiveEvent(session_id=other.id, seq=1, kind="question_posted", author_id=spec_user.id,
                             payload={"author": {}, "data": {}}, client_id="elsewhere", created_at=utcnow()))
    db.session.commit()
    refused = ack(spec, "post_question", session_id=s.id, text="One more?", client_id="w3")
    assert refused["error"]["code"] == "rate_limited" and "3/minute" in refused["error"]["message"]
    refused = ack(spec, "edit_post", session_id=s.id, kind="recommendation", id=rid, text="Check TSH only.", client_id="w4")
    assert refused["error"]["code"] == "rate_limited"
    # A minute later the window has moved on: the same post goes through.
    db.session.execute(LiveEvent.__table__.update().where(LiveEvent.author_id == spec_user.id)
                       .values(created_at=utcnow() - timedelta(seconds=61)))
    db.session.commit()
    assert ack(spec, "post_question", session_id=s.id, text="One more?", client_id="w3")["ok"]


def test_presence_join_leave_and_roster(live_board, socket_client):
    s = live_board["session"]
    coord = live_board["coord_client"]
    coord.get_received()
    spec, r = join(socket_client, live_board["specialist"], s)
    assert {p["role"] for p in r["present"]} == {"coordinator", "specialist"}
    pres = events_of(coord, "presence")
    assert pres[-1]["present"] == [{"id": live_board["specialist"].id, "name": live_board["specialist"].name, "role": "specialist"}]
    spec.disconnect()
    pres = events_of(coord, "presence")
    assert pres[-1]["absent"] == [live_board["specialist"].id]
    rows = db.session.scalars(select(PresenceInterval).where(PresenceInterval.user_id == live_board["specialist"].id)).all()
    assert len(rows) == 1 and rows[0].left_at is not None


def test_join_beyond_the_log_asks_for_a_reload_and_minus_one_skips_replay(live_board, socket_client):
    s = live_board["session"]
    db.session.refresh(s)
    _, r = join(socket_client, live_board["participant"], s, last_seq=s.last_seq + 5)
    assert r["ok"] and r["reset"] is True
    _, r = join(socket_client, live_board["participant"], s, last_seq=-1)
    assert r["ok"] and r["reset"] is False and r["events"] == []


def test_leave_closes_presence(live_board, socket_client):
    s = live_board["session"]
    sc, _ = join(socket_client, live_board["specialist"], s)
    assert ack(sc, "leave", session_id=s.id)["ok"]
    open_ = db.session.scalars(select(PresenceInterval).where(PresenceInterval.user_id == live_board["specialist"].id,
                                                              PresenceInterval.left_at.is_(None))).all()
    assert open_ == []
    assert ack(sc, "resume", session_id=s.id, last_seq=0)["error"]["code"] == "forbidden"


def test_leave_from_a_socket_that_did_not_join_is_refused(live_board, socket_client):
    """As resume: an error ack, not a silent ok, for a member who never joined and for an outsider."""
    s = live_board["session"]
    for who in ("specialist", "outsider"):
        r = ack(socket_client(live_board[who]), "leave", session_id=s.id)
        assert r["ok"] is False and r["error"]["code"] == "forbidden", (who, r)


def _set_role(program, user, role):
    from echo.programs.models import Membership, Role

    m = db.session.scalar(select(Membership).where(Membership.program_id == program.id, Membership.user_id == user.id))
    if role is None:
        db.session.delete(m)
    else:
        m.role = Role(role)
    db.session.commit()


def test_a_role_changed_during_the_session_applies_to_the_next_event(live_board, socket_client):
    """The role is read with each write, not kept from join: no reconnect needed either way."""
    s, program = live_board["session"], live_board["program"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    learner, _ = join(socket_client, live_board["learner"], s)
    r = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="before")
    assert r["ok"]
    rid = r["event"]["data"]["recommendation"]["id"]
    r = ack(live_board["coord_client"], "post_recommendation", session_id=s.id, category="monitoring", text="Check sodium.", client_id="c-rec")
    coord_rid = r["event"]["data"]["recommendation"]["id"]
    assert ack(spec, "endorse", session_id=s.id, recommendation_id=coord_rid, client_id="end-0")["ok"]
    _set_role(program, live_board["specialist"], "learner")
    r = ack(spec, "post_recommendation", session_id=s.id, category="medication", text=GOOD, client_id="after")
    assert r["ok"] is False and r["error"]["code"] == "forbidden"
    assert ack(spec, "post_question", session_id=s.id, text="Any history of mania?", client_id="q-after")["error"]["code"] == "forbidden"
    # The general write path (endorse, answers, facilitation) too.
    assert ack(spec, "endorse", session_id=s.id, recommendation_id=coord_rid, endorse=False,
               client_id="end-1")["error"]["code"] == "forbidden"
    # The other way round: a learner made specialist posts at once.
    _set_role(program, live_board["learner"], "specialist")
    r = ack(learner, "post_recommendation", session_id=s.id, category="referral", text="Refer to psychiatry.", client_id="promoted")
    assert r["ok"] and r["event"]["author"]["role"] == "specialist"
    assert ack(learner, "endorse", session_id=s.id, recommendation_id=rid, client_id="end-2")["ok"]
    # Removed from the program: refused, nothing stored.
    _set_role(program, live_board["learner"], None)
    assert ack(learner, "post_recommendation", session_id=s.id, category="other", text="More.", client_id="gone")["error"]["code"] == "forbidden"
    texts = db.session.scalars(select(Recommendation.text).where(Recommendation.session_id == s.id)).all()
    assert sorted(texts) == sorted([GOOD, "Check sodium.", "Refer to psychiatry."])


def test_a_live_post_with_a_nul_character_is_stored_without_it(live_board, socket_client):
    """PostgreSQL refuses NUL in text; SQLite would store it (echo/core/request.py)."""
    s = live_board["session"]
    spec, _ = join(socket_client, live_board["specialist"], s)
    r = ack(spec, "post_recommendation", session_id=s.id, category="medication", text="Start\x00 sertraline 25 mg.", client_id="nul1")
    assert r["ok"], r
    assert r["event"]["data"]["recommendation"]["text"] == "Start sertraline 25 mg."
    assert db.session.scalar(select(Recommendation.text).where(Recommendation.id == r["event"]["data"]["recommendation"]["id"])) \
        == "Start sertraline 25 mg."
    # Nothing but NUL is no text at all: refused like an empty post.
    r = ack(spec, "post_question", session_id=s.id, text="\x00\x00", client_id="nul2")
    assert r["error"]["code"] == "invalid" and r["error"]["field"] == "text"


def test_an_unknown_phase_is_refused_and_changes_nothing(live_board):
    s = live_board["session"]
    coord = live_board["coord_client"]
    db.session.refresh(s)
    before = (s.current_phase, s.last_seq)
    r = ack(coord, "set_phase", session_id=s.id, case_id=live_board["case"].id, phase="dessert", client_id="ph-bad")
    assert r["ok"] is False and r["error"]["code"] == "invalid" and r["error"]["field"] == "phase"
    assert "phase must be one of" in r["error"]["message"]
    db.session.expire_all()
    s = db.session.get(type(s), s.id)
    assert (s.current_phase, s.last_seq) == before
