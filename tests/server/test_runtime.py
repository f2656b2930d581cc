"""Server-process settings (echo/server/runtime.py): SQLite checkpoints off the request path, and the
start-up objects frozen out of the garbage collector's full collections."""
from __future__ import annotations

import gc
import sqlite3
import time

from sqlalchemy import text

from echo import create_app
from echo.core.extensions import db
from echo.server.runtime import freeze_startup_objects, tune_sqlite


def _app(path):
    return create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
                       "SQLITE_CHECKPOINT_SECONDS": 0.05})


def _wait(cond, timeout=10.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if cond():
            return True
        time.sleep(0.02)
    return False


def test_sqlite_commits_leave_checkpoints_to_the_thread(tmp_path):
    path = tmp_path / "echo.db"
    app = _app(path)
    ckpt = tune_sqlite(app)
    try:
        assert ckpt is not None
        with app.app_context():
            with db.engine.begin() as c:
                assert c.execute(text("PRAGMA journal_mode")).scalar() == "wal"
                # No checkpoint inside a commit: the app's connections leave it to the thread.
                assert c.execute(text("PRAGMA wal_autocheckpoint")).scalar() == 0
                c.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT)"))
            for i in range(300):  # ~1.5 MB of WAL, past the 1,000 pages SQLite would checkpoint at
                with db.engine.begin() as c:
                    c.execute(text("INSERT INTO t (body) VALUES (:b)"), {"b": "x" * 4000})
            # Nothing else checkpoints (autocheckpoint is off): only the thread can have copied
            # the WAL into the database, after which the next writer starts the WAL over.
            rounds = ckpt.rounds
            assert _wait(lambda: ckpt.rounds > rounds + 1)
            with db.engine.begin() as c:
                c.execute(text("INSERT INTO t (body) VALUES ('y')"))
            probe = sqlite3.connect(path)
            try:
                busy, frames, _done = probe.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
            finally:
                probe.close()
            assert busy == 0 and frames < 10, frames  # ~400 frames had it not been checkpointed
            with db.engine.connect() as c:
                assert c.execute(text("SELECT count(*) FROM t")).scalar() == 301
    finally:
        if ckpt:
            ckpt.stop()
        with app.app_context():
            db.engine.dispose()


def test_the_checkpoint_thread_ends_when_stopped(tmp_path):
    app = _app(tmp_path / "echo.db")
    with app.app_context(), db.engine.begin() as c:
        c.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY)"))
    ckpt = tune_sqlite(app)
    assert _wait(lambda: ckpt.rounds > 0)
    ckpt.stop()
    time.sleep(0.2)
    stopped_at = ckpt.rounds
    time.sleep(0.3)
    assert ckpt.rounds == stopped_at
    with app.app_context():
        db.engine.dispose()


def test_other_databases_are_left_alone(tmp_path):
    app = create_app({"TESTING": True, "SECRET_KEY": "t", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    assert tune_sqlite(app) is None


def test_startup_objects_are_frozen():
    before = gc.get_freeze_count()
    try:
        freeze_startup_objects()
        assert gc.get_freeze_count() > before
        # A full collection no longer walks them (it only sees what came after).
        assert gc.get_freeze_count() > len(gc.get_objects())
    finally:
        gc.unfreeze()
