"""Sequence numbers under concurrent writers (threads with their own connections), on both databases."""
from __future__ import annotations

import threading

from sqlalchemy import select

from echo.domain import live
from echo.extensions import db
from echo.models import LiveEvent, Recommendation, Session, User


def test_concurrent_posts_get_distinct_consecutive_seqs(live_board, app):
    sid, uid, cid = live_board["session"].id, live_board["specialist"].id, live_board["case"].id
    start = db.session.get(Session, sid).last_seq
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def writer(k: int) -> None:
        try:
            with app.app_context():
                s, u = db.session.get(Session, sid), db.session.get(User, uid)
                role = live.role_of(u, s)
                case = live.check_agenda_case(s, cid)
                barrier.wait()
                for i in range(5):
                    live.commit_idempotent(sid, u, f"t{k}-{i}", lambda: live.do_post_recommendation(s, u, role, case, "other", f"{k}/{i}", f"t{k}-{i}"))
                # A retry racing with itself from another thread: still one row.
                live.commit_idempotent(sid, u, "shared", lambda: live.do_post_recommendation(s, u, role, case, "other", "shared", "shared"))
                db.session.remove()
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=writer, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    db.session.expire_all()
    seqs = db.session.scalars(select(LiveEvent.seq).where(LiveEvent.session_id == sid, LiveEvent.seq > start).order_by(LiveEvent.seq)).all()
    assert seqs == list(range(start + 1, start + 8 * 5 + 2))
    assert db.session.get(Session, sid).last_seq == start + 41
    assert len(db.session.scalars(select(Recommendation).where(Recommendation.text == "shared")).all()) == 1
