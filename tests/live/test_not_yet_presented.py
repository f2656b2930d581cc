"""The live board tells nobody anything about a case before it is presented (docs/cases.md, "Who
sees a case's text, and when"): its events go to the whole room and its replay to anyone who
joins, so writes are accepted only about a case everyone on the board may see now (the current
case of the live session, or one already presented). SQLite and PostgreSQL."""
from __future__ import annotations

import json

import pytest
from sqlalchemy import func, select

from echo.core.extensions import db
from echo.live.models import (
    Endorsement,
    LiveEvent,
    Question,
    Recommendation,
    RecommendationEdit,
)
from echo.programs.models import Role
from tests.factories import add_member, make_user
from tests.helpers import (
    RECOMMENDATION,
    ack,
    count,
    events_of,
    join,
    post_question,
    post_rec,
)

SECRET = "Any history of seizures with the taper?"
NOT_YET = {"code": "conflict", "message": "This case has not been presented yet."}


@pytest.fixture
def room(live_board, socket_client):
    """live_board (case 1 current, case 2 accepted and not yet presented) with a learner's and a
    non-author participant's boards joined; their backlog already read."""
    other = make_user("Pat Otherclinic")
    add_member(live_board["program"], other, Role.participant)
    s = live_board["session"]
    watchers = {}
    for name, user in (("learner", live_board["learner"]), ("other", other)):
        sc, r = join(socket_client, user, s, last_seq=-1)
        assert r["ok"], r
        sc.get_received()
        watchers[name] = sc
    return dict(live_board, other=other, watchers=watchers)


def about(case, texts, received) -> list:
    """Everything in `received` (events, acks) that names the case or carries one of the texts."""
    return [m for m in received if m.get("case_id") == case.id or any(t in json.dumps(m) for t in texts)
            or f'"case_id": {case.id}' in json.dumps(m)]


def no_events_since(seq: int) -> bool:
    db.session.expire_all()
    return db.session.scalar(select(func.count(LiveEvent.id)).where(LiveEvent.seq > seq)) == 0


def last_seq(s) -> int:
    return db.session.scalar(select(func.max(LiveEvent.seq)).where(LiveEvent.session_id == s.id)) or 0


def assert_nothing_reached(room, case2, texts, socket_client):
    """Neither watcher got anything about case 2, live or by replaying the whole log."""
    s = room["session"]
    for name, sc in room["watchers"].items():
        assert about(case2, texts, events_of(sc)) == [], name
        r = ack(sc, "resume", session_id=s.id, last_seq=0)
        assert r["ok"] and about(case2, texts, r["events"]) == [], name
    for user in (room["learner"], room["other"]):
        _, r = join(socket_client, user, s)
        assert r["ok"] and r["events"] and about(case2, texts, r["events"]) == []


def test_questions_and_recommendations_about_a_case_not_yet_presented_are_refused(room, socket_client):
    s, case2 = room["session"], room["case2"]
    spec, _ = join(socket_client, room["specialist"], s)
    coord = room["coord_client"]
    before = last_seq(s)
    refused = [
        ack(spec, "post_question", session_id=s.id, case_id=case2.id, text=SECRET, client_id="q-early"),
        ack(coord, "post_recommendation", session_id=s.id, case_id=case2.id, category="medication", text=RECOMMENDATION,
            client_id="r-early"),
    ]
    # A socket's second post takes the guarded write (no read first): it must refuse it too.
    assert ack(spec, "post_question", session_id=s.id, text="How is she sleeping?", client_id="q-now")["ok"]
    before_guarded = last_seq(s)
    refused.append(ack(spec, "post_recommendation", session_id=s.id, case_id=case2.id, category="referral",
                       text="Refer to the pain clinic.", client_id="r-early-2"))
    for r in refused:
        assert r == {"ok": False, "error": NOT_YET}, r
    assert before_guarded == before + 1 and no_events_since(before_guarded)
    assert db.session.scalar(select(func.count(Question.id)).where(Question.case_id == case2.id)) == 0
    assert db.session.scalar(select(func.count(Recommendation.id))) == 0
    # The refused client_ids stored nothing: the same one posts once the case comes up.
    assert_nothing_reached(room, case2, [SECRET, RECOMMENDATION, "Refer to the pain clinic."], socket_client)


def test_posts_on_the_current_case_still_reach_everyone_live_and_in_replay(room, socket_client):
    s, case1 = room["session"], room["case"]
    spec, _ = join(socket_client, room["specialist"], s)
    q = ack(spec, "post_question", session_id=s.id, text=SECRET, client_id="q1")
    r = ack(spec, "post_recommendation", session_id=s.id, case_id=case1.id, category="medication", text=RECOMMENDATION,
            client_id="r1")
    assert q["ok"] and r["ok"]
    for name, sc in room["watchers"].items():
        got = [(e["kind"], e["case_id"]) for e in events_of(sc)]
        assert got == [("question_posted", case1.id), ("recommendation_posted", case1.id)], name
        replay = ack(sc, "resume", session_id=s.id, last_seq=0)["events"]
        assert [e["seq"] for e in replay if e["kind"].endswith("_posted")] == [q["event"]["seq"], r["event"]["seq"]]


def test_when_the_case_comes_up_it_takes_posts_and_earlier_cases_stay_open(room, socket_client):
    s, case1, case2 = room["session"], room["case"], room["case2"]
    spec, _ = join(socket_client, room["specialist"], s)
    assert not ack(spec, "post_question", session_id=s.id, case_id=case2.id, text=SECRET, client_id="q2")["ok"]
    assert ack(room["coord_client"], "set_phase", session_id=s.id, case_id=case2.id, phase="presentation",
               client_id="next")["ok"]
    # The same client_id, refused before, now posts (a refusal stores nothing).
    assert ack(spec, "post_question", session_id=s.id, case_id=case2.id, text=SECRET, client_id="q2")["ok"]
    # Case 1 was presented when the board left it: everyone may still see it, so it takes posts.
    late = ack(spec, "post_recommendation", session_id=s.id, case_id=case1.id, category="monitoring", text=RECOMMENDATION,
               client_id="r1")
    assert late["ok"], late
    # The same through a socket's first post, which reads the case's state before writing.
    coord_first = socket_client(room["coordinator"])
    first = ack(coord_first, "post_question", session_id=s.id, case_id=case1.id, text="Did the sleep improve?",
                client_id="q3")
    assert first["ok"], first
    for name, sc in room["watchers"].items():
        kinds = [(e["kind"], e["case_id"]) for e in events_of(sc)]
        assert kinds == [("phase_changed", case2.id), ("question_posted", case2.id),
                         ("recommendation_posted", case1.id), ("question_posted", case1.id)], name


def legacy_posts(room):
    """A question and a recommendation on case 2 as a board before this rule could have stored them."""
    case2, s = room["case2"], room["session"]
    q = Question(case_id=case2.id, session_id=s.id, author_id=room["specialist"].id, text=SECRET, answer="")
    r = Recommendation(case_id=case2.id, session_id=s.id, author_id=room["other"].id, source="spoke",
                       category="medication", text=RECOMMENDATION)
    db.session.add_all([q, r])
    db.session.commit()
    return q, r


def test_answers_edits_endorsements_and_consensus_about_a_case_not_yet_presented_are_refused(room, socket_client):
    s, case2 = room["session"], room["case2"]
    q, r = legacy_posts(room)
    presenter, _ = join(socket_client, room["participant"], s)  # the author of case 2
    spec, _ = join(socket_client, room["specialist"], s)
    other, _ = join(socket_client, room["other"], s)
    before = last_seq(s)
    refused = [
        ack(presenter, "answer_question", session_id=s.id, question_id=q.id, text="No seizures.", client_id="a1"),
        ack(spec, "edit_post", session_id=s.id, kind="question", id=q.id, text="Any seizures ever?", client_id="e1"),
        ack(other, "edit_post", session_id=s.id, kind="recommendation", id=r.id, text="Taper slowly.", client_id="e2"),
        ack(spec, "endorse", session_id=s.id, recommendation_id=r.id, client_id="n1"),
        ack(room["coord_client"], "mark_consensus", session_id=s.id, recommendation_id=r.id, consensus=True,
            client_id="c1"),
    ]
    for ack_ in refused:
        assert ack_ == {"ok": False, "error": NOT_YET}, ack_
    assert no_events_since(before)
    db.session.expire_all()
    q, r = db.session.get(Question, q.id), db.session.get(Recommendation, r.id)
    assert (q.text, q.answer, r.text, r.consensus) == (SECRET, "", RECOMMENDATION, False)
    assert count(Endorsement) == 0 and count(RecommendationEdit) == 0
    for name, sc in room["watchers"].items():
        assert about(case2, ["No seizures.", "Any seizures ever?", "Taper slowly."], events_of(sc)) == [], name


def test_the_board_without_javascript_refuses_them_too(room, login_as):
    s, case2 = room["session"], room["case2"]
    q, r = legacy_posts(room)
    before = last_seq(s)
    spec = login_as(room["specialist"])
    res = post_question(spec, s, case2, text=SECRET)
    assert res.status_code == 409 and NOT_YET["message"] in res.get_data(as_text=True)
    assert post_rec(spec, s, case2, client_id="nojs-r").status_code == 409
    assert spec.post(f"/sessions/{s.id}/live/recommendations/{r.id}/endorse",
                     data={"client_id": "nojs-e"}).status_code == 409
    presenter = login_as(room["participant"])
    assert presenter.post(f"/sessions/{s.id}/live/questions/{q.id}/answer",
                          data={"text": "No seizures.", "client_id": "nojs-a"}).status_code == 409
    coord = login_as(room["coordinator"])
    assert coord.post(f"/sessions/{s.id}/live/recommendations/{r.id}/consensus",
                      data={"consensus": "1", "client_id": "nojs-c"}).status_code == 409
    assert no_events_since(before) and count(Question) == 1 and count(Endorsement) == 0
    for name, sc in room["watchers"].items():
        assert about(case2, [SECRET, RECOMMENDATION, "No seizures."], events_of(sc)) == [], name
