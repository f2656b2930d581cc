"""Sequence numbers under concurrent writers (threads with their own connections), on both databases."""
from __future__ import annotations

import threading

import pytest
from sqlalchemy import select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.live import commands, realtime, rules
from echo.live.models import LiveEvent, Recommendation
from echo.programs.clinic_session import ClinicSession


def run_writers(writer, n: int, errors: list) -> None:
    """writer(0..n-1) in threads of their own; what they raised fails the test."""
    threads = [threading.Thread(target=writer, args=(k,)) for k in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors


def test_concurrent_posts_get_distinct_consecutive_seqs(live_board, app):
    """The socket's and the form's path (the command, then commit_and_notify) from 8 writers at once."""
    sid, uid, cid = live_board["session"].id, live_board["specialist"].id, live_board["case"].id
    start = db.session.get(ClinicSession, sid).last_seq
    db.session.commit()
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def post(u: User, text: str, client_id: str) -> commands.Outcome:
        data = {"case_id": cid, "category": "other", "text": text, "client_id": client_id}
        return realtime.commit_and_notify(commands.post_recommendation, u, sid, data)

    def writer(k: int) -> None:
        try:
            with app.app_context():
                u = db.session.get(User, uid)
                db.session.commit()
                barrier.wait()
                for i in range(5):
                    out = post(u, f"{k}/{i}", f"t{k}-{i}")
                    assert out.created and out.wire["data"]["recommendation"]["id"] is not None
                # A retry racing with itself from another thread: still one row.
                post(u, "shared", "shared")
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001  # pragma: no cover - reported below
            errors.append(exc)

    run_writers(writer, 8, errors)
    db.session.expire_all()
    events = db.session.scalars(select(LiveEvent).where(LiveEvent.session_id == sid, LiveEvent.seq > start).order_by(LiveEvent.seq)).all()
    assert [e.seq for e in events] == list(range(start + 1, start + 8 * 5 + 2))
    assert db.session.get(ClinicSession, sid).last_seq == start + 41
    assert len(db.session.scalars(select(Recommendation).where(Recommendation.text == "shared")).all()) == 1
    # Each stored event names its own recommendation, with the text it was posted with.
    for e in events:
        rec = db.session.get(Recommendation, e.payload["data"]["recommendation"]["id"])
        assert rec is not None and rec.text == e.payload["data"]["recommendation"]["text"] and rec.session_id == sid


def _writer_context(app, sid, uid):
    s, u = db.session.get(ClinicSession, sid), db.session.get(User, uid)
    return s, u, rules.role_of(u, s)


def test_a_post_to_a_session_ended_since_it_was_checked_is_refused_and_writes_nothing(live_board, app):
    """check_live ran on a session that ends before the write: the write itself refuses."""
    from echo.programs.clinic_session import SessionStatus

    sid, uid, cid = live_board["session"].id, live_board["specialist"].id, live_board["case"].id
    s, u, role = _writer_context(app, sid, uid)
    case = rules.check_agenda_case(s, cid)
    rules.check_live(s)
    before = s.last_seq
    db.session.execute(ClinicSession.__table__.update().where(ClinicSession.id == sid).values(status=SessionStatus.ended))
    db.session.commit()
    for kind in ("recommendation", "question"):
        with pytest.raises(rules.NotLive) as refused:
            if kind == "recommendation":
                commands.do_post_recommendation(s, u, role, case, "other", "too late", f"late-{kind}")
            else:
                commands.do_post_question(s, u, role, case, "too late?", f"late-{kind}")
        assert "not live" in refused.value.message
        db.session.rollback()
    db.session.expire_all()
    assert db.session.get(ClinicSession, sid).last_seq == before
    assert db.session.scalar(select(Recommendation).where(Recommendation.text == "too late")) is None
    assert db.session.scalar(select(LiveEvent).where(LiveEvent.client_id.like("late-%"))) is None
