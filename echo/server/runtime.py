"""Settings of a long-running server process (`python -m echo.server.serve`, gunicorn's echo.server.wsgi).

Both are about the live board's tail latency: a recommendation waits for whatever the process
is doing when it arrives, so nothing slow may run inside a post that can run elsewhere.
Measured with `make bench-live` (docs/realtime.md, "Where the tail came from").
"""
from __future__ import annotations

import gc
import logging
import os
from collections.abc import Callable
from typing import Any

from flask import Flask
from sqlalchemy import event

from echo.core.extensions import db

log = logging.getLogger("echo.server.runtime")

# The WAL is checkpointed every CHECKPOINT_EVERY seconds by a thread of its own; if it still
# grows past WAL_LIMIT bytes (a writer busy without a pause for minutes), a checkpoint that
# waits for writers resets it.
CHECKPOINT_EVERY = 1.0
WAL_LIMIT = 64 * 1024 * 1024


def tune_sqlite(app: Flask) -> Checkpointer | None:
    """SQLite under a server: WAL, synchronous=NORMAL, and checkpoints off the request path.

    - WAL: readers never block the writer.
    - synchronous=NORMAL: a commit without fsync; an app crash loses nothing, a power cut may
      lose the last commits, which the live board detects (docs/realtime.md). About 23 -> 13 ms
      per live post when it was measured.
    - SQLite's automatic checkpoint runs inside the commit that crosses 1,000 WAL pages: it
      copies them into the database and fsyncs, 10-20 ms here, once every 150-300 posts; that
      was a p99 outlier of the live board by itself. Autocheckpoint is turned off on the app's
      connections and a native thread checkpoints (PASSIVE: never waits for the writer) once a
      second. sqlite3 releases the GIL while it copies and syncs, so the gevent loop goes on.

    Returns the running checkpointer, or None (and changes nothing) for other databases.
    """
    with app.app_context():
        engine = db.engine
        if engine.dialect.name != "sqlite" or not engine.url.database or engine.url.database == ":memory:":
            return None
        path = engine.url.database

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_conn: Any, _record: Any) -> None:
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA synchronous=NORMAL")
            cur.execute("PRAGMA wal_autocheckpoint=0")
            # After a reset the WAL file is cut back to this size instead of staying at its peak.
            cur.execute("PRAGMA journal_size_limit=8388608")
            cur.close()

        engine.dispose()
    ckpt = Checkpointer(path, app.config.get("SQLITE_CHECKPOINT_SECONDS", CHECKPOINT_EVERY))
    _start_native_thread(ckpt.run)
    return ckpt


def _start_native_thread(fn: Callable[..., object], *args: object) -> None:
    """A real OS thread even when gevent has patched `threading` (a greenlet would block the loop
    for the whole checkpoint)."""
    try:
        from gevent import monkey

        start = monkey.get_original("_thread", "start_new_thread")
    except ImportError:  # pragma: no cover - gevent is a dependency; plain threads then
        import _thread

        start = _thread.start_new_thread
    start(fn, args)


class Checkpointer:
    """The loop of the checkpoint thread; stop() ends it at its next round."""

    def __init__(self, path: str, every: float) -> None:
        self.path, self.every = path, every
        self.rounds = 0
        self._stopped = False

    def stop(self) -> None:
        self._stopped = True

    def run(self) -> None:
        import sqlite3

        try:
            from gevent import monkey

            sleep = monkey.get_original("time", "sleep")
        except ImportError:  # pragma: no cover
            from time import sleep
        conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        conn.execute("PRAGMA busy_timeout=2000")
        wal = self.path + "-wal"
        try:
            while not self._stopped and os.path.exists(self.path):
                sleep(self.every)
                try:
                    conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
                    if os.path.exists(wal) and os.path.getsize(wal) > WAL_LIMIT:
                        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
                except sqlite3.Error as exc:  # a locked file now and then: try again next round
                    log.warning("SQLite checkpoint failed: %s", exc)
                self.rounds += 1
        finally:
            conn.close()


def freeze_startup_objects() -> None:
    """Move everything allocated at start-up (modules, app, metadata: ~160,000 objects) out of
    the cyclic garbage collector's sight.

    Otherwise every full collection walks them all: 40-150 ms here, and the post that arrives
    meanwhile waits. Objects made later (sockets, rows) are collected as usual; what is frozen
    lives as long as the process anyway."""
    gc.collect()
    gc.freeze()
