"""The live board without JavaScript (echo/live/nojs.py): the stream rendered on the server
and plain HTML forms that POST through the socket handlers' domain functions (SQLite and
PostgreSQL)."""
from __future__ import annotations

import html as htmllib
import re

import pytest
from sqlalchemy import func, select

from echo.accounts.models import AuditLog
from echo.core.extensions import db
from echo.live.models import (
    Endorsement,
    LiveEvent,
    Question,
    Recommendation,
    RecommendationEdit,
)
from echo.programs.clinic_session import ClinicSession, SessionStatus
from tests.helpers import (
    ack,
    board_url,
    count,
    events_of,
    here,
    post_question,
    post_rec,
    shown_text,
)

GOOD = "Consider switching to venlafaxine 75 mg daily and recheck the PHQ-9 in four weeks."
PHONE = "Call her on 505-555-0142 next week."


def page(client, s, **args) -> str:
    r = client.get(board_url(s), query_string=args)
    assert r.status_code == 200
    return r.get_data(as_text=True)


def item(page_html: str, dom_id: str) -> str:
    """The outer HTML of <li id=dom_id> (nested lists included)."""
    start = page_html.index(f'<li id="{dom_id}"')
    depth, pos = 0, start
    for m in re.finditer(r"<li\b|</li>", page_html[start:]):
        depth += 1 if m.group() == "<li" else -1
        if depth == 0:
            pos = start + m.end()
            break
    return page_html[start:pos]


def client_id_of(page_html: str, form_id: str) -> str:
    form = page_html[page_html.index(f'id="{form_id}"'):]
    return re.search(r'name="client_id" value="([^"]+)"', form).group(1)


def textarea(page_html: str, dom_id: str) -> str:
    return htmllib.unescape(re.search(rf'<textarea id="{dom_id}"[^>]*>(.*?)</textarea>', page_html, re.DOTALL).group(1))


def watching(socket_client, user, s):
    """A JavaScript board of `user` joined to the session, its backlog already read."""
    sc = socket_client(user)
    assert ack(sc, "join", session_id=s.id, last_seq=-1)["ok"]
    sc.get_received()
    return sc


def test_posting_by_form_is_stored_with_next_seq_and_redirects_to_the_board(live_board, login_as):
    s, case = live_board["session"], live_board["case"]
    before = db.session.scalar(select(func.max(LiveEvent.seq)).where(LiveEvent.session_id == s.id))
    spec = login_as(live_board["specialist"])
    r = post_rec(spec, s, case, text="Add mirtazapine\r\nat night.")
    assert r.status_code == 303  # Post/Redirect/Get
    rec = db.session.scalar(select(Recommendation))
    assert r.headers["Location"].endswith(f"{board_url(s)}?case={case.id}#r-{rec.id}")
    assert rec.text == "Add mirtazapine\nat night." and rec.source == "hub" and rec.category == "medication"
    ev = db.session.scalar(select(LiveEvent).where(LiveEvent.kind == "recommendation_posted"))
    assert ev.seq == before + 1 and ev.client_id == "nojs-1" and ev.author_id == live_board["specialist"].id
    html = spec.get(r.headers["Location"]).get_data(as_text=True)
    assert "Your recommendation was posted." in html
    li = item(html, f"r-{rec.id}")
    assert "Add mirtazapine\nat night." in li and "Medication" in li and "Hub" in li and "0 endorsements" in li
    # A participant's recommendation is a spoke suggestion; a question goes to the same log.
    part = login_as(live_board["participant"])
    assert post_rec(part, s, case, text="Try a sleep diary.", category="behavioural", client_id="s1").status_code == 303
    assert post_question(part, s, case).status_code == 303
    assert [e.seq for e in db.session.scalars(select(LiveEvent).where(LiveEvent.session_id == s.id).order_by(LiveEvent.seq))] \
        == list(range(1, before + 4))
    html = page(spec, s)
    assert "Spoke suggestion" in html and "Any history of mania?" in html


def test_the_stream_is_rendered_on_the_server(live_board, socket_client, login_as):
    """Questions with answers, recommendations with category, hub/spoke, count, consensus, withdrawn."""
    s, _case = live_board["session"], live_board["case"]
    spec = socket_client(live_board["specialist"])
    part = socket_client(live_board["participant"])
    for sc in (spec, part):
        assert ack(sc, "join", session_id=s.id, last_seq=0)["ok"]
    coord = live_board["coord_client"]
    q = ack(spec, "post_question", session_id=s.id, text="Any history of mania?", client_id="q")["event"]["data"]["question"]
    ack(part, "answer_question", session_id=s.id, question_id=q["id"], text="None known.", client_id="a")
    hub = ack(spec, "post_recommendation", session_id=s.id, category="referral", text="Refer for CBT.", client_id="r1")
    hub_id = hub["event"]["data"]["recommendation"]["id"]
    ack(coord, "endorse", session_id=s.id, recommendation_id=hub_id, client_id="e")
    ack(coord, "mark_consensus", session_id=s.id, recommendation_id=hub_id, consensus=True, client_id="c")
    spoke = ack(part, "post_recommendation", session_id=s.id, category="monitoring", text="Weekly calls.", client_id="r2")
    spoke_id = spoke["event"]["data"]["recommendation"]["id"]
    ack(part, "withdraw_post", session_id=s.id, kind="recommendation", id=spoke_id, client_id="w")

    html = page(login_as(live_board["learner"]), s)
    qi = item(html, f"q-{q['id']}")
    assert "Any history of mania?" in qi and "Answer: </strong>None known." in qi and "Specialist Person (specialist)" in qi
    assert "<form" not in qi  # learners read only
    hi = item(html, f"r-{hub_id}")
    assert "Referral" in hi and ">Hub<" in hi and "1 endorsement<" in hi and "Consensus" in hi and "consensus" in hi.split(">")[0]
    wi = item(html, f"r-{spoke_id}")
    assert "(withdrawn by its author)" in wi and "Weekly calls." not in wi and "Spoke suggestion" in wi
    assert 'action="/sessions/' not in html  # no form for a learner
    assert "JavaScript is off" in html and ">Refresh</a>" in html and 'http-equiv="refresh"' not in html
    # The presenter gets an answer form; the specialist an endorse form (not on their own).
    html = page(login_as(live_board["participant"]), s)
    assert f'/questions/{q["id"]}/answer#q-{q["id"]}' in item(html, f"q-{q['id']}")
    html = page(login_as(live_board["specialist"]), s)
    assert "/endorse" not in item(html, f"r-{hub_id}")


def test_a_form_post_reaches_the_socket_room_after_commit(live_board, socket_client, login_as):
    s, case = live_board["session"], live_board["case"]
    watcher = socket_client(live_board["learner"])
    r = ack(watcher, "join", session_id=s.id, last_seq=0)
    assert r["ok"]
    last = max(e["seq"] for e in r["events"])
    watcher.get_received()
    assert post_rec(login_as(live_board["specialist"]), s, case, client_id="room-1").status_code == 303
    got = events_of(watcher)
    assert [e["kind"] for e in got] == ["recommendation_posted"]
    assert got[0]["seq"] == last + 1 and got[0]["client_id"] == "room-1"
    assert got[0]["data"]["recommendation"]["text"] == GOOD and got[0]["author"]["role"] == "specialist"
    stored = db.session.scalar(select(LiveEvent).where(LiveEvent.seq == got[0]["seq"], LiveEvent.session_id == s.id))
    assert stored is not None and stored.kind == "recommendation_posted"


def test_double_submit_with_the_same_client_id_stores_one(live_board, socket_client, login_as):
    s, case = live_board["session"], live_board["case"]
    watcher = socket_client(live_board["learner"])
    ack(watcher, "join", session_id=s.id, last_seq=0)
    watcher.get_received()
    spec = login_as(live_board["specialist"])
    html = page(spec, s)
    cid = client_id_of(html, f"recommend-{case.id}")
    assert cid != client_id_of(html, f"ask-{case.id}")  # one key per rendered form
    first, second = post_rec(spec, s, case, client_id=cid), post_rec(spec, s, case, client_id=cid)
    assert first.status_code == second.status_code == 303
    assert first.headers["Location"] == second.headers["Location"]
    assert count(Recommendation) == 1
    assert db.session.scalar(select(func.count(LiveEvent.id)).where(LiveEvent.client_id == cid)) == 1
    assert len(events_of(watcher)) == 1  # the repeat is not broadcast
    assert "sent twice" in spec.get(second.headers["Location"]).get_data(as_text=True)
    # A fresh render gives a fresh key, so the next post is a new one.
    assert client_id_of(page(spec, s), f"recommend-{case.id}") != cid


@pytest.mark.parametrize("role", ["learner", "outsider"])
def test_roles_that_may_not_post_get_403(live_board, login_as, role):
    s, case = live_board["session"], live_board["case"]
    c = login_as(live_board[role])
    q = Question(case_id=case.id, session_id=s.id, author_id=live_board["specialist"].id, text="Q?", answer="")
    db.session.add(q)
    r = Recommendation(case_id=case.id, session_id=s.id, author_id=live_board["specialist"].id, source="hub",
                       category="other", text="R.")
    db.session.add(r)
    db.session.commit()
    before = db.session.get(ClinicSession, s.id).last_seq
    assert post_rec(c, s, case).status_code == 403
    assert post_question(c, s, case).status_code == 403
    assert c.post(f"{board_url(s)}/questions/{q.id}/answer", data={"text": "Yes.", "client_id": "a"}).status_code == 403
    assert c.post(f"{board_url(s)}/recommendations/{r.id}/endorse", data={"client_id": "e"}).status_code == 403
    db.session.expire_all()
    assert count(Recommendation) == 1 and count(Question) == 1 and count(Endorsement) == 0
    assert db.session.get(ClinicSession, s.id).last_seq == before


def test_answer_is_for_the_presenter_and_endorsing_for_the_hub(live_board, login_as):
    s, case = live_board["session"], live_board["case"]
    spec, part, coord = (login_as(live_board[k]) for k in ("specialist", "participant", "coordinator"))
    post_question(spec, s, case, client_id="q1")
    q = db.session.scalar(select(Question))
    url = f"{board_url(s)}/questions/{q.id}/answer"
    assert spec.post(url, data={"text": "Me?", "client_id": "a0"}).status_code == 403  # not the presenter
    r = part.post(url, data={"text": "None known.", "client_id": "a1"})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"#q-{q.id}")
    db.session.expire_all()
    assert db.session.get(Question, q.id).answer == "None known."
    assert "Answer: </strong>None known." in item(page(spec, s), f"q-{q.id}")
    assert db.session.scalar(select(LiveEvent).where(LiveEvent.kind == "question_answered")).client_id == "a1"

    post_rec(spec, s, case, client_id="r1")
    rec = db.session.scalar(select(Recommendation))
    url = f"{board_url(s)}/recommendations/{rec.id}/endorse"
    assert part.post(url, data={"client_id": "e0"}).status_code == 403  # spokes do not endorse
    own = spec.post(url, data={"client_id": "e1"})  # not your own: refused beside the post
    assert own.status_code == 400 and "You cannot endorse your own recommendation." in item(own.get_data(as_text=True), f"r-{rec.id}")
    r = coord.post(url, data={"client_id": "e2", "endorse": "1"})
    assert r.status_code == 303 and r.headers["Location"].endswith(f"#r-{rec.id}")
    li = item(page(coord, s), f"r-{rec.id}")
    assert "1 endorsement<" in li and "Withdraw endorsement" in li and 'aria-pressed="true"' in li
    assert coord.post(url, data={"client_id": "e3", "endorse": "0"}).status_code == 303
    assert count(Endorsement) == 0
    changes = db.session.scalars(select(LiveEvent).where(LiveEvent.kind == "endorsement_changed").order_by(LiveEvent.seq)).all()
    assert [(e.payload["data"]["endorsed"], e.payload["data"]["count"]) for e in changes] == [(True, 1), (False, 0)]


def test_privacy_finding_keeps_the_text_stores_nothing_and_can_be_dismissed(live_board, socket_client, login_as):
    s, case = live_board["session"], live_board["case"]
    watcher = socket_client(live_board["learner"])
    ack(watcher, "join", session_id=s.id, last_seq=0)
    watcher.get_received()
    part = login_as(live_board["participant"])
    before = db.session.get(ClinicSession, s.id).last_seq
    r = post_rec(part, s, case, text=PHONE, category="monitoring", client_id="p1")
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert textarea(html, f"r-text-{case.id}") == PHONE  # the text is kept
    assert "<mark>505-555-0142</mark>" in html and 'name="dismiss"' in html and 'name="dismiss_reason"' in html
    assert f'id="r-text-{case.id}-error"' in html and f'aria-describedby="r-text-{case.id}-error"' in html
    assert client_id_of(html, f"recommend-{case.id}") == "p1"  # nothing stored: the key is reused
    assert 'selected>Monitoring' in html
    db.session.expire_all()
    assert count(Recommendation) == 0 and db.session.get(ClinicSession, s.id).last_seq == before
    assert events_of(watcher) == []
    fp = re.search(r'name="dismiss" value="([^"]+)"', html).group(1)
    # Ticked without a reason: still held, and told why.
    r = post_rec(part, s, case, text=PHONE, category="monitoring", client_id="p1", dismiss=fp)
    assert r.status_code == 422 and "Say why the ticked parts are not identifiers." in r.get_data(as_text=True)
    assert count(Recommendation) == 0
    # Ticked with a reason: posted, and the dismissal audited (kinds only).
    r = post_rec(part, s, case, text=PHONE, category="monitoring", client_id="p1", dismiss=fp,
                 dismiss_reason="the clinic's public line")
    assert r.status_code == 303 and count(Recommendation) == 1
    log = db.session.scalar(select(AuditLog).where(AuditLog.action == "live.privacy_dismissed"))
    assert log is not None and "505" not in (log.detail or "")
    assert [e["kind"] for e in events_of(watcher)] == ["recommendation_posted"]


def test_privacy_hold_on_questions_and_answers(live_board, login_as):
    s, case = live_board["session"], live_board["case"]
    part = login_as(live_board["participant"])
    r = post_question(part, s, case, text=PHONE)
    assert r.status_code == 422 and textarea(r.get_data(as_text=True), f"q-text-{case.id}") == PHONE
    post_question(part, s, case, text="Any mania?", client_id="q2")
    q = db.session.scalar(select(Question))
    r = part.post(f"{board_url(s)}/questions/{q.id}/answer", data={"text": PHONE, "client_id": "a"})
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert textarea(html, f"answer-{q.id}") == PHONE and "<details class=\"nojs-answer\" open>" in html
    db.session.expire_all()
    assert count(Question) == 1 and db.session.get(Question, q.id).answer == ""


@pytest.mark.parametrize("data, field, message", [
    ({"text": "   "}, "text", "Write your recommendation before posting."),
    ({"text": "x" * 4001}, "text", "This is 4,001 characters long; the limit is 4,000."),
    ({"category": "astrology"}, "cat", "Choose one of the categories."),
])
def test_bad_input_is_shown_beside_the_field_with_the_text_kept(live_board, login_as, data, field, message):
    s, case = live_board["session"], live_board["case"]
    fields = {"case_id": str(case.id), "category": "medication", "text": GOOD, "client_id": "b1"}
    fields.update(data)
    r = login_as(live_board["specialist"]).post(f"{board_url(s)}/recommendations", data=fields)
    assert r.status_code == 400
    html = r.get_data(as_text=True)
    err = re.search(rf'<p class="error" id="r-{field}-{case.id}-error" role="alert">(.*?)</p>', html, re.DOTALL)
    assert err and message in err.group(1)
    assert textarea(html, f"r-text-{case.id}") == fields["text"]
    assert "Nothing was posted" in html and f'href="#recommend-{case.id}"' in html
    assert count(Recommendation) == 0


def test_case_not_on_the_agenda_is_404(live_board, login_as):
    s = live_board["session"]
    r = login_as(live_board["specialist"]).post(f"{board_url(s)}/recommendations",
                                                  data={"case_id": "999999", "category": "other", "text": GOOD, "client_id": "x"})
    assert r.status_code == 404 and count(Recommendation) == 0
    assert login_as(live_board["specialist"]).post("/sessions/999999/live/questions", data={"text": "Q?"}).status_code == 404


def test_wrong_csrf_token_is_refused(live_board, csrf_app, login_as):
    s, case = live_board["session"], live_board["case"]
    spec = login_as(live_board["specialist"])
    html = page(spec, s)
    assert post_rec(spec, s, case, csrf_token="not-the-token").status_code == 400
    assert post_rec(spec, s, case).status_code == 400  # no token at all
    assert count(Recommendation) == 0
    token = re.search(rf'id="recommend-{case.id}".*?name="csrf_token" value="([^"]+)"', html, re.DOTALL).group(1)
    assert post_rec(spec, s, case, csrf_token=token).status_code == 303 and count(Recommendation) == 1


@pytest.mark.parametrize("status, expected", [
    (SessionStatus.ended, "The session has ended: posting is closed, so nothing was posted."),
    (SessionStatus.scheduled, "The session has not started yet"),
])
def test_a_session_that_is_not_live_refuses_posting_with_a_clear_message(board, login_as, status, expected):
    s, case = board["session"], board["case"]
    s.status = status
    db.session.commit()
    part = login_as(board["participant"])
    html = page(part, s)
    assert ("posting is closed" in html) == (status == SessionStatus.ended)
    r = post_question(part, s, case, text="Is she sleeping better?")
    assert r.status_code == 409
    html = r.get_data(as_text=True)
    assert expected in html and "What you wrote is kept below." in html
    assert textarea(html, f"q-text-{case.id}") == "Is she sleeping better?"
    assert count(Question) == 0 and count(LiveEvent) == 0


def test_rate_limited_post_keeps_the_text(live_board, login_as, app):
    app.config["LIVE_RATE_LIMIT"] = "2/minute"
    s, case = live_board["session"], live_board["case"]
    spec = login_as(live_board["specialist"])
    assert [post_question(spec, s, case, text=f"Q{i}?", client_id=f"rl{i}").status_code for i in range(2)] == [303, 303]
    r = post_question(spec, s, case, text="One more?", client_id="rl2")
    assert r.status_code == 429
    html = r.get_data(as_text=True)
    assert "posting too fast" in html and textarea(html, f"q-text-{case.id}") == "One more?"
    assert count(Question) == 2


def test_refresh_keeps_the_typed_text_and_posts_nothing(live_board, login_as):
    s, case2 = live_board["session"], live_board["case2"]
    part = login_as(live_board["participant"])
    r = post_rec(part, s, case2, text="Half-written sugg", category="referral", client_id="k1", action="refresh")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    assert textarea(html, f"r-text-{case2.id}") == "Half-written sugg" and 'selected>Referral' in html
    assert client_id_of(html, f"recommend-{case2.id}") == "k1"
    assert re.search(rf'<section[^>]*id="case-{case2.id}"[^>]*>', html).group(0).count("hidden") == 0  # its case is shown
    assert "Nothing was posted" not in shown_text(html) and count(Recommendation) == 0


def test_agenda_links_choose_the_case_shown(live_board, login_as):
    s, case, case2 = live_board["session"], live_board["case"], live_board["case2"]
    c = login_as(live_board["learner"])

    def shown(html):
        return [int(m.group(1)) for m in re.finditer(r'<section class="case-block card" id="case-(\d+)"[^>]*>', html)
                if "hidden" not in m.group(0)]

    html = page(c, s)
    assert shown(html) == [case.id]  # the case being presented
    assert f'href="{board_url(s)}?case={case2.id}#case-{case2.id}"' in html
    assert shown(page(c, s, case=case2.id)) == [case2.id]
    assert shown(page(c, s, case=999999)) == [case.id]  # not on the agenda: the current one


def test_refused_forms_are_labelled(live_board, login_as):
    """tests/test_accessibility.py's rules on the pages a refused form renders (findings, reason, errors)."""
    from tests.helpers import check_accessible as check

    s, case = live_board["session"], live_board["case"]
    part = login_as(live_board["participant"])
    post_question(part, s, case, text="Any mania?", client_id="q1")
    q = db.session.scalar(select(Question))
    pages = [post_rec(part, s, case, text=PHONE, client_id="p1"),
             post_rec(part, s, case, text=PHONE, client_id="p1", dismiss="x"),
             post_rec(part, s, case, text="", client_id="p2", category="nope"),
             part.post(f"{board_url(s)}/questions/{q.id}/answer", data={"text": PHONE, "client_id": "a"})]
    for r in pages:
        assert r.status_code in (400, 422)
        assert check(r.get_data(as_text=True), "refused form") > 0


# --- attendance without JavaScript: the board's self-reloading attendance frame ---------------

def client_user_id(client) -> int | None:
    """The user a test client is logged in as (through its login's secret)."""
    from datetime import timedelta

    from echo.accounts import logins

    with client.session_transaction() as sess:
        user = logins.load(sess.get("_user_id", ""), timedelta(days=1))
    return user.id if user is not None else None


def page_intervals(user):
    from echo.live.models import PresenceInterval

    db.session.expire_all()
    return db.session.scalars(select(PresenceInterval).where(PresenceInterval.user_id == user.id)
                              .order_by(PresenceInterval.joined_at)).all()


def test_a_board_without_javascript_frames_its_attendance_while_live(live_board, login_as, board):
    s = live_board["session"]
    html = page(login_as(live_board["participant"]), s)
    noscript = html[html.index("<noscript>"):html.index("</noscript>")]
    assert f'src="{board_url(s)}/here?beat=' in noscript and 'title="Attendance"' in noscript
    r = here(login_as(live_board["participant"]), s)
    assert r.status_code == 200 and r.headers["Cache-Control"] == "no-store"
    # The board frames it; no other site may (the rest of the app is never framed).
    assert r.headers["X-Frame-Options"] == "SAMEORIGIN" and "frame-ancestors 'self'" in r.headers["Content-Security-Policy"]
    body = r.get_data(as_text=True)
    assert '<meta http-equiv="refresh" content="60">' in body and "attendance is being recorded" in body


def test_each_beat_extends_one_interval_and_a_gap_starts_another(live_board, login_as, socket_client):
    from datetime import timedelta

    from echo.core.types import utcnow
    from echo.live import presence as live

    s, user = live_board["session"], live_board["participant"]
    watcher = watching(socket_client, live_board["coordinator"], s)
    part = login_as(user)
    assert here(part, s).status_code == 200
    [p] = page_intervals(user)
    assert p.sid == f"page:{user.id}" and p.left_at > utcnow() + timedelta(seconds=60)
    # The room hears the newcomer, as it does a socket's join.
    pres = events_of(watcher, "presence")
    assert pres and pres[-1]["present"][0]["id"] == user.id and pres[-1]["present"][0]["role"] == "participant"
    assert any(x["id"] == user.id for x in live.present_users(s.id))
    first_until = p.left_at
    assert here(part, s).status_code == 200
    [p] = page_intervals(user)
    assert p.left_at >= first_until
    # The frame stopped (tab closed) long enough for the grace to run out: gone from the room,
    # and the next beat is a new stay.
    p.joined_at, p.left_at = utcnow() - timedelta(minutes=20), utcnow() - timedelta(minutes=5)
    db.session.commit()
    assert not any(x["id"] == user.id for x in live.present_users(s.id))
    assert here(part, s).status_code == 200
    assert len(page_intervals(user)) == 2


def test_attendance_counts_a_board_without_javascript(live_board, login_as):
    from datetime import timedelta

    from echo.core.types import utcnow
    from echo.live import presence as live

    s, user = live_board["session"], live_board["learner"]  # learners watch, and attend
    now = utcnow()
    db.session.refresh(s)
    # The session went live 24:45 ago; the board had been open since before that. Beats each
    # minute until 10 minutes ago, then nothing: counted from the start to the last beat's grace.
    s.started_at = now - timedelta(minutes=24, seconds=45)
    db.session.commit()
    for minutes_ago in range(30, 9, -1):
        live.do_page_beat(s, user, at=now - timedelta(minutes=minutes_ago))
    db.session.commit()
    expected = round((14 * 60 + 45 + live.PAGE_BEAT_GRACE) / 60)
    [row] = [r for r in live.attendance(s) if r["user"].id == user.id]
    assert row["minutes"] == expected and row["last_left"] is not None
    # A beat now: still here.
    assert here(login_as(user), s).status_code == 200
    [row] = [r for r in live.attendance(s) if r["user"].id == user.id]
    assert row["last_left"] is None and row["minutes"] == expected


def test_ending_the_session_closes_a_board_without_javascript(live_board, login_as):
    s, user = live_board["session"], live_board["specialist"]
    part = login_as(user)
    assert here(part, s).status_code == 200
    assert ack(live_board["coord_client"], "end_session", session_id=s.id, client_id="end")["ok"]
    db.session.expire_all()
    ended = db.session.get(ClinicSession, s.id).ended_at
    [p] = page_intervals(user)
    assert p.left_at == ended
    # After the end the frame records nothing and stops reloading.
    r = here(part, s)
    assert r.status_code == 200
    body = r.get_data(as_text=True)
    assert "http-equiv" not in body and "recorded while the session is live" in body
    assert len(page_intervals(user)) == 1
    assert 'class="attendance-frame"' not in page(part, s)


def test_the_attendance_frame_is_for_members_only(live_board, login_as, client):
    s = live_board["session"]
    assert here(login_as(live_board["outsider"]), s).status_code == 403
    assert here(client, s).status_code in (302, 401)
    assert here(login_as(live_board["participant"]), type("S", (), {"id": 999999})()).status_code == 404
    assert page_intervals(live_board["outsider"]) == []


def test_a_scheduled_session_records_no_attendance(board, login_as):
    s = board["session"]
    r = here(login_as(board["participant"]), s)
    assert r.status_code == 200 and "http-equiv" not in r.get_data(as_text=True)
    assert page_intervals(board["participant"]) == []


# --- facilitating without JavaScript -----------------------------------------------------------

def facilitate(client, s, what, **data):
    return client.post(f"{board_url(s)}/{what}", data=dict(client_id=data.pop("client_id", f"f-{what}"), **data))


def test_a_coordinator_runs_the_session_without_javascript(board, login_as, socket_client):
    s, case1, case2 = board["session"], board["case"], board["case2"]
    watcher = watching(socket_client, board["participant"], s)
    coord = login_as(board["coordinator"])
    html = page(coord, s)
    assert f'action="{board_url(s)}/start"' in html and f'action="{board_url(s)}/end"' not in html
    r = facilitate(coord, s, "start", client_id="start-1")
    assert r.status_code == 303
    assert "The session is live." in page(coord, s)
    # Each phase of the case shown; the JavaScript boards hear each change live.
    html = page(coord, s)
    assert html.count(f'action="{board_url(s)}/phase"') == 5  # four phases and the next case
    assert facilitate(coord, s, "phase", case_id=str(case1.id), phase="questions", client_id="ph-1").status_code == 303
    assert facilitate(coord, s, "phase", case_id=str(case2.id), phase="presentation", client_id="ph-2").status_code == 303
    kinds = [(e["kind"], e["data"].get("phase"), e["data"].get("current_case_id")) for e in events_of(watcher)]
    assert kinds == [("session_started", "presentation", case1.id), ("phase_changed", "questions", case1.id),
                     ("phase_changed", "presentation", case2.id)]
    db.session.expire_all()
    assert db.session.get(ClinicSession, s.id).current_case_id == case2.id
    assert f'<li data-case-id="{case2.id}" aria-current="step"' in page(coord, s)
    # The same form sent twice changes nothing the second time.
    assert facilitate(coord, s, "phase", case_id=str(case2.id), phase="presentation", client_id="ph-2").status_code == 303
    assert count(LiveEvent) == 3
    # Ending needs the tick box; without it nothing happens and the reason is shown.
    r = facilitate(coord, s, "end", client_id="end-1")
    assert r.status_code == 400 and 'Tick "Yes, end the session"' in htmllib.unescape(r.get_data(as_text=True))
    assert db.session.get(ClinicSession, s.id).status == SessionStatus.live
    assert facilitate(coord, s, "end", confirm="yes", client_id="end-2").status_code == 303
    db.session.expire_all()
    assert db.session.get(ClinicSession, s.id).status == SessionStatus.ended
    assert events_of(watcher)[-1]["kind"] == "session_ended"
    # Over: no phase changes any more, with the reason.
    r = facilitate(coord, s, "phase", case_id=str(case1.id), phase="summary", client_id="ph-3")
    assert r.status_code == 409 and "The session is not live." in r.get_data(as_text=True)


def test_consensus_is_marked_and_unmarked_without_javascript(live_board, login_as, socket_client):
    s, case = live_board["session"], live_board["case"]
    watcher = watching(socket_client, live_board["participant"], s)
    spec = login_as(live_board["specialist"])
    assert post_rec(spec, s, case, client_id="c-rec").status_code == 303
    rid = db.session.scalar(select(Recommendation.id))
    coord = login_as(live_board["coordinator"])
    form = item(page(coord, s), f"r-{rid}")
    assert "Mark as consensus" in form
    assert "Mark as consensus" not in item(page(spec, s), f"r-{rid}")  # facilitators only
    assert facilitate(coord, s, f"recommendations/{rid}/consensus", consensus="1", client_id="k1").status_code == 303
    db.session.expire_all()
    assert db.session.get(Recommendation, rid).consensus is True
    assert "Remove consensus mark" in item(page(coord, s), f"r-{rid}")
    assert [(e["kind"], e["data"]["consensus"]) for e in events_of(watcher) if e["kind"] == "consensus_changed"] == [
        ("consensus_changed", True)]
    assert facilitate(coord, s, f"recommendations/{rid}/consensus", consensus="0", client_id="k2").status_code == 303
    db.session.expire_all()
    assert db.session.get(Recommendation, rid).consensus is False
    assert facilitate(coord, s, "recommendations/999999/consensus", consensus="1", client_id="k3").status_code == 404
    # A withdrawn recommendation can't be marked: the reason is shown at the item, nothing changes.
    db.session.get(Recommendation, rid).withdrawn = True
    db.session.commit()
    r = facilitate(coord, s, f"recommendations/{rid}/consensus", consensus="1", client_id="k4")
    assert r.status_code == 409 and "That recommendation was withdrawn." in item(r.get_data(as_text=True), f"r-{rid}")
    db.session.expire_all()
    assert db.session.get(Recommendation, rid).consensus is False


@pytest.mark.parametrize("role", ["specialist", "participant", "learner", "outsider"])
def test_only_coordinators_facilitate_without_javascript(live_board, login_as, role):
    s, case = live_board["session"], live_board["case"]
    c = login_as(live_board[role])
    before = count(LiveEvent)
    for what, data in [("phase", {"case_id": str(case.id), "phase": "questions"}), ("end", {"confirm": "yes"}),
                       ("start", {})]:
        assert facilitate(c, s, what, **data).status_code == 403
    assert count(LiveEvent) == before
    if role != "outsider":
        assert f'action="{board_url(s)}/end"' not in page(c, s)


def test_starting_twice_or_a_bad_phase_is_refused_with_the_reason(live_board, login_as):
    s, case = live_board["session"], live_board["case"]
    coord = login_as(live_board["coordinator"])
    before = count(LiveEvent)
    r = facilitate(coord, s, "start", client_id="again")
    assert r.status_code == 409 and "cannot be started" in r.get_data(as_text=True)
    r = facilitate(coord, s, "phase", case_id=str(case.id), phase="dessert", client_id="bad")
    assert r.status_code == 400 and "phase must be one of" in r.get_data(as_text=True)
    assert facilitate(coord, s, "phase", case_id="999999", phase="questions", client_id="gone").status_code == 404
    assert count(LiveEvent) == before


# --- withdrawing one's own post without JavaScript ---------------------------------------------

def withdraw(client, s, kind, pid, client_id="w-1"):
    return client.post(f"{board_url(s)}/{kind}/{pid}/withdraw", data={"client_id": client_id})


def test_authors_withdraw_their_own_posts_without_javascript(live_board, login_as, socket_client):
    s, case = live_board["session"], live_board["case"]
    watcher = watching(socket_client, live_board["learner"], s)
    spec = login_as(live_board["specialist"])
    assert post_rec(spec, s, case, client_id="wr").status_code == 303
    assert post_question(spec, s, case, client_id="wq").status_code == 303
    rid, qid = db.session.scalar(select(Recommendation.id)), db.session.scalar(select(Question.id))
    wr_action = f'action="{board_url(s)}/recommendations/{rid}/withdraw'
    html = page(spec, s)
    assert wr_action in item(html, f"r-{rid}") and f'/questions/{qid}/withdraw' in item(html, f"q-{qid}")
    coord = login_as(live_board["coordinator"])
    assert wr_action not in item(page(coord, s), f"r-{rid}")  # not someone else's
    assert withdraw(coord, s, "recommendations", rid).status_code == 403
    r = withdraw(spec, s, "recommendations", rid, client_id="w-r")
    assert r.status_code == 303 and f"#r-{rid}" in r.headers["Location"]
    html = page(spec, s)
    assert "Your recommendation was withdrawn." in html
    assert "(withdrawn by its author)" in item(html, f"r-{rid}") and wr_action not in item(html, f"r-{rid}")
    db.session.expire_all()
    rec = db.session.get(Recommendation, rid)
    assert rec.withdrawn and rec.text == GOOD  # kept, with its history
    assert db.session.scalar(select(func.count(RecommendationEdit.id)).where(RecommendationEdit.action == "withdraw")) == 1
    assert withdraw(spec, s, "questions", qid, client_id="w-q").status_code == 303
    assert db.session.get(Question, qid).withdrawn
    assert [e["kind"] for e in events_of(watcher)][-2:] == ["recommendation_withdrawn", "question_withdrawn"]
    # Twice with a new form: refused with the reason at the item, nothing changes.
    r = withdraw(spec, s, "recommendations", rid, client_id="w-r2")
    assert r.status_code == 409 and "That post was withdrawn." in item(r.get_data(as_text=True), f"r-{rid}")
    assert withdraw(spec, s, "recommendations", 999999, client_id="w-x").status_code == 404


def test_withdrawing_works_after_the_session_ended(live_board, login_as):
    s, case = live_board["session"], live_board["case"]
    part = login_as(live_board["participant"])
    assert post_question(part, s, case, client_id="late").status_code == 303
    qid = db.session.scalar(select(Question.id))
    assert ack(live_board["coord_client"], "end_session", session_id=s.id, client_id="end")["ok"]
    assert withdraw(part, s, "questions", qid).status_code == 303
    db.session.expire_all()
    assert db.session.get(Question, qid).withdrawn
