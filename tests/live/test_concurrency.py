"""Sequence numbers under concurrent writers (threads with their own connections), on both databases."""
from __future__ import annotations

import threading

from sqlalchemy import select

from echo.accounts.models import User
from echo.core.extensions import db
from echo.live import commands as live
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
    sid, uid, cid = live_board["session"].id, live_board["specialist"].id, live_board["case"].id
    start = db.session.get(ClinicSession, sid).last_seq
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def writer(k: int) -> None:
        try:
            with app.app_context():
                s, u = db.session.get(ClinicSession, sid), db.session.get(User, uid)
                role = live.role_of(u, s)
                case = live.check_agenda_case(s, cid)
                barrier.wait()
                for i in range(5):
                    live.commit_idempotent(sid, u, f"t{k}-{i}", lambda i=i: live.do_post_recommendation(s, u, role, case, "other", f"{k}/{i}", f"t{k}-{i}"))
                # A retry racing with itself from another thread: still one row.
                live.commit_idempotent(sid, u, "shared", lambda: live.do_post_recommendation(s, u, role, case, "other", "shared", "shared"))
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001  # pragma: no cover - reported below
            errors.append(exc)

    run_writers(writer, 8, errors)
    db.session.expire_all()
    seqs = db.session.scalars(select(LiveEvent.seq).where(LiveEvent.session_id == sid, LiveEvent.seq > start).order_by(LiveEvent.seq)).all()
    assert seqs == list(range(start + 1, start + 8 * 5 + 2))
    assert db.session.get(ClinicSession, sid).last_seq == start + 41
    assert len(db.session.scalars(select(Recommendation).where(Recommendation.text == "shared")).all()) == 1


def _writer_context(app, sid, uid):
    s, u = db.session.get(ClinicSession, sid), db.session.get(User, uid)
    return s, u, live.role_of(u, s)


def test_concurrent_single_statement_posts_get_distinct_consecutive_seqs(live_board, app):
    """The socket path's posts: each a unit of work of its own in single_statement_writes
    (on PostgreSQL autocommit and one statement for seq, post and event)."""
    sid, uid, cid = live_board["session"].id, live_board["specialist"].id, live_board["case"].id
    start = db.session.get(ClinicSession, sid).last_seq
    db.session.commit()
    errors: list[BaseException] = []
    barrier = threading.Barrier(6)

    def writer(k: int) -> None:
        try:
            with app.app_context():
                s, u, role = _writer_context(app, sid, uid)
                case = live.check_agenda_case(s, cid)
                db.session.commit()
                barrier.wait()
                for i in range(5):
                    live.single_statement_writes()
                    out = live.commit_idempotent(sid, u, f"s{k}-{i}", lambda i=i: live.do_post_recommendation(
                        s, u, role, case, "other", f"{k}/{i}", f"s{k}-{i}"), looked_up=True)
                    assert out.created and out.wire["data"]["recommendation"]["id"] is not None
                db.session.remove()
        except BaseException as exc:  # noqa: BLE001  # pragma: no cover - reported below
            errors.append(exc)

    run_writers(writer, 6, errors)
    db.session.expire_all()
    events = db.session.scalars(select(LiveEvent).where(LiveEvent.session_id == sid, LiveEvent.seq > start).order_by(LiveEvent.seq)).all()
    assert [e.seq for e in events] == list(range(start + 1, start + 31))
    # Each stored event names its own recommendation, with the text it was posted with.
    for e in events:
        rec = db.session.get(Recommendation, e.payload["data"]["recommendation"]["id"])
        assert rec is not None and rec.text == e.payload["data"]["recommendation"]["text"] and rec.session_id == sid


def test_a_single_statement_post_is_stored_without_a_commit_on_postgresql(live_board, app):
    """On PostgreSQL the post's one statement is its own transaction; on SQLite the unit of work
    stays a transaction that its commit ends (there a rollback takes the post back)."""
    sid, uid, cid = live_board["session"].id, live_board["specialist"].id, live_board["case"].id
    db.session.commit()
    result: dict = {}

    def post() -> None:
        with app.app_context():
            live.single_statement_writes()
            s, u, role = _writer_context(app, sid, uid)
            case = live.check_agenda_case(s, cid)
            ev = live.do_post_recommendation(s, u, role, case, "other", "stored by itself", "solo-1")
            result["seq"] = ev.seq
            db.session.rollback()  # no commit: only a statement that committed by itself survives this
            db.session.remove()

    t = threading.Thread(target=post)
    t.start()
    t.join(30)
    db.session.expire_all()
    stored = db.session.scalar(select(LiveEvent).where(LiveEvent.session_id == sid, LiveEvent.client_id == "solo-1"))
    if db.engine.dialect.name == "postgresql":
        assert stored is not None and stored.seq == result["seq"]
        assert stored.payload["data"]["recommendation"]["text"] == "stored by itself"
    else:
        assert stored is None
        assert db.session.scalar(select(Recommendation).where(Recommendation.text == "stored by itself")) is None


def test_a_post_to_a_session_ended_since_it_was_checked_is_refused_and_writes_nothing(live_board, app):
    """check_live ran on a session that ends before the write: the write itself refuses."""
    from echo.core.errors import Conflict
    from echo.programs.clinic_session import SessionStatus

    sid, uid, cid = live_board["session"].id, live_board["specialist"].id, live_board["case"].id
    s, u, role = _writer_context(app, sid, uid)
    case = live.check_agenda_case(s, cid)
    live.check_live(s)
    before = s.last_seq
    db.session.execute(ClinicSession.__table__.update().where(ClinicSession.id == sid).values(status=SessionStatus.ended))
    db.session.commit()
    for kind in ("recommendation", "question"):
        try:
            live.single_statement_writes()
            if kind == "recommendation":
                live.do_post_recommendation(s, u, role, case, "other", "too late", f"late-{kind}")
            else:
                live.do_post_question(s, u, role, case, "too late?", f"late-{kind}")
            raise AssertionError("the post was not refused")
        except Conflict as exc:
            assert "not live" in exc.message
        db.session.rollback()
    db.session.expire_all()
    assert db.session.get(ClinicSession, sid).last_seq == before
    assert db.session.scalar(select(Recommendation).where(Recommendation.text == "too late")) is None
    assert db.session.scalar(select(LiveEvent).where(LiveEvent.client_id.like("late-%"))) is None
