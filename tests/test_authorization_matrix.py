"""Every route and every socket event, asked by each of the eight roles, answers as the table
says (tests/authz_table.py); a route or event without a row fails here by name.

One world per test (tests/authz_world.py). Refusals write nothing, so requests run one after
another on the same world; after an answer that may have changed something (a POST under 400,
a socket write that was acknowledged, a GET row marked `writes`) the world is put back as it was
before the next one. Each role is logged in through a login of its own made with the world (the
session cookie carries that login's secret, as after logging in).
CSRF protection stays on: every POST carries a valid token, as a browser's would.
"""
from __future__ import annotations

import hashlib
import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask, url_for
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer
from socketio import Namespace as BaseNamespace

from echo.core.extensions import db, socketio
from tests.authz_table import (
    HTTP,
    LOGIN,
    REFUSED,
    REMOVED,
    ROLES,
    SHOWN,
    SOCKET,
    WITHHELD,
    Http,
    Mine,
    Socket,
    W,
)
from tests.authz_world import build_world

READ_ONLY_EVENTS = {"connect", "disconnect", "join", "resume", "leave"}
CSRF_EXEMPT: set[str] = set()   # endpoints that may take a POST without a token (none)


def http_keys(app: Flask) -> dict[str, str]:
    """'endpoint METHOD' -> rule, for every route of the app (HEAD and OPTIONS are Flask's own)."""
    keys = {}
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            keys[f"{rule.endpoint} {method}"] = rule.rule
    return keys


def socket_events() -> set[str]:
    """Every event with a handler on the Socket.IO server, in any namespace: function handlers
    (socketio.on, server.on), class-based namespaces (their on_<event> methods) and handlers
    Flask-SocketIO still holds for a server not made yet."""
    events = {event for handlers in socketio.server.handlers.values() for event in handlers}
    events |= {name for name, _handler, _namespace in socketio.handlers}
    for ns in socketio.server.namespace_handlers.values():
        events |= {name[3:] for name in dir(ns) if name.startswith("on_") and not hasattr(BaseNamespace, name)}
    return events


def unlisted(app: Flask) -> list[str]:
    """What the table misses (routes, events) or names wrongly, one message each."""
    routes = http_keys(app)
    rows = {r.key for r in HTTP}
    missing = [f"{key} ({routes[key]}): add a row to HTTP in tests/authz_table.py, e.g. "
               f"Http({key.split()[0]!r}, {key.split()[1]!r}, only(200, COORDS), {{...url args...}})"
               for key in sorted(set(routes) - rows)]
    stale = [f"{key}: the table has a row but the app has no such route" for key in sorted(rows - set(routes))]
    events = socket_events()
    table_events = {s.event for s in SOCKET}
    missing += [f"socket event {e!r}: add a row to SOCKET in tests/authz_table.py" for e in sorted(events - table_events)]
    stale += [f"socket event {e!r}: the table has a row but the server has no handler" for e in sorted(table_events - events)]
    return missing + stale


def test_every_route_and_event_has_a_row(app):
    problems = unlisted(app)
    assert not problems, "\n".join(problems)
    for row in [*HTTP, *SOCKET]:
        assert set(row.expect) == set(ROLES), f"{row}: an answer for each of {ROLES}"


def test_a_new_route_or_event_without_a_row_is_named(app):
    app.add_url_rule("/probe/<int:item_id>", "probe.item", lambda item_id: "", methods=["GET", "POST"])
    socketio.server.on("probe_event", lambda sid, data: None, namespace="/")
    try:
        problems = unlisted(app)
    finally:
        del socketio.server.handlers["/"]["probe_event"]
    assert len(problems) == 3
    assert problems[0].startswith("probe.item GET (/probe/<int:item_id>): add a row")
    assert problems[1].startswith("probe.item POST (/probe/<int:item_id>): add a row")
    assert problems[2] == "socket event 'probe_event': add a row to SOCKET in tests/authz_table.py"


# --- the world and putting it back ---------------------------------------------------------------

class Matrix:
    """The world's ids, a logged-in client per role, and a way back to the world as built."""

    def __init__(self, app: Flask):
        self.app = app
        self.url = app.config["SQLALCHEMY_DATABASE_URI"]
        self.world = build_world()
        self.dirty = False
        self.snapshot: str | None = None
        self.tables: dict[str, list[str]] = {}
        if self.url.startswith("sqlite"):
            self.snapshot = self.url.split("///", 1)[1] + ".snapshot"
            self._copy(self._path(), self.snapshot)
        else:
            self.tables = pg_snapshot()

    def _path(self) -> str:
        return self.url.split("///", 1)[1]

    @staticmethod
    def _copy(src: str, dst: str) -> None:
        db.session.remove()
        db.engine.dispose()
        # SQLite's backup API: a consistent copy whatever the journal mode.
        with sqlite3.connect(src) as a, sqlite3.connect(dst) as b:
            a.backup(b)
        a.close()
        b.close()

    def restore(self) -> None:
        """Back to the world as built, if the last answer may have changed it."""
        if not self.dirty:
            return
        if self.snapshot:
            self._copy(self.snapshot, self._path())
        else:
            pg_restore(self.tables)
        self.dirty = False

    def resolve(self, value: Any, role: str) -> Any:
        if isinstance(value, W):
            return self.world[value.name]
        if isinstance(value, Mine):
            return self.world["mine"][value.name][role]
        if isinstance(value, dict):
            return {k: self.resolve(v, role) for k, v in value.items()}
        return value

    def client(self, role: str) -> tuple[FlaskClient, str]:
        """A fresh test client for the role: logged in (not for anonymous) and holding a CSRF token."""
        c = self.app.test_client()
        raw = hashlib.sha1(os.urandom(64)).hexdigest()
        with c.session_transaction() as sess:
            if role != "anonymous":
                sess["_user_id"] = self.world["logins"][role]
                sess["_fresh"] = True
            sess["csrf_token"] = raw
        token = URLSafeTimedSerializer(self.app.secret_key, salt="wtf-csrf-token").dumps(raw)
        return c, token


# PostgreSQL: the world's rows are copied into a schema of their own once; putting them back
# is one transaction (delete, copy back, sequences to where they were), far quicker than
# emptying the tables and building the world again.
SNAPSHOT_SCHEMA = "authz_snapshot"


def pg_snapshot() -> dict[str, list[str]]:
    """Copy every table of the world; return each table's columns that can be written (not generated ones)."""
    db.session.commit()
    rows = db.session.execute(sa.text(
        "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public' "
        "AND is_generated = 'NEVER' AND table_name <> 'alembic_version' AND table_name IN "
        "(SELECT tablename FROM pg_tables WHERE schemaname = 'public') ORDER BY table_name, ordinal_position")).all()
    tables: dict[str, list[str]] = {}
    for table, column in rows:
        tables.setdefault(table, []).append(f'"{column}"')
    db.session.execute(sa.text(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE"))
    db.session.execute(sa.text(f"CREATE SCHEMA {SNAPSHOT_SCHEMA}"))
    for table, columns in tables.items():
        db.session.execute(sa.text(f'CREATE TABLE {SNAPSHOT_SCHEMA}."{table}" AS SELECT {", ".join(columns)} FROM "{table}"'))
    db.session.commit()
    return tables


def pg_restore(tables: dict[str, list[str]]) -> None:
    db.session.rollback()
    # Foreign keys are triggers in PostgreSQL: the replica role skips them (and the library's
    # state trigger) while every table is put back as one consistent set.
    db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    for table in tables:
        db.session.execute(sa.text(f'DELETE FROM "{table}"'))
    for table, columns in tables.items():
        cols = ", ".join(columns)
        db.session.execute(sa.text(f'INSERT INTO "{table}" ({cols}) SELECT {cols} FROM {SNAPSHOT_SCHEMA}."{table}"'))
        if '"id"' in columns:
            db.session.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), COALESCE(MAX(id), 0) + 1, false) FROM \"{table}\""))
    db.session.commit()
    db.session.remove()


@pytest.fixture
def matrix(app) -> Iterator[Matrix]:
    app.config["WTF_CSRF_ENABLED"] = True
    app.config["LIVE_PRESENCE_DELAY"] = 0
    m = Matrix(app)
    yield m
    if m.snapshot and os.path.exists(m.snapshot):
        os.remove(m.snapshot)
    elif not m.snapshot:
        db.session.rollback()
        db.session.execute(sa.text(f"DROP SCHEMA IF EXISTS {SNAPSHOT_SCHEMA} CASCADE"))
        db.session.commit()


def http_answer(m: Matrix, row: Http, role: str) -> object:
    c, token = m.client(role)
    with m.app.test_request_context():
        path = url_for(row.endpoint, **m.resolve(row.args, role), **m.resolve(row.query, role))
    kw: dict = {"headers": {"X-CSRFToken": token}}
    if row.json is not None:
        kw["json"] = m.resolve(row.json, role)
    elif row.data is not None:
        kw["data"] = {k: str(v) for k, v in m.resolve(row.data, role).items()}
    r = c.open(path, method=row.method, **kw)
    if (row.method != "GET" or row.writes) and r.status_code < 400:
        m.dirty = True
    if row.secret and r.status_code == 200:
        return SHOWN if row.secret in r.get_data(as_text=True) else WITHHELD
    location = urlsplit(r.headers.get("Location", ""))
    if r.status_code in (302, 303) and location.path == "/auth/login" and "next" in parse_qs(location.query):
        return LOGIN
    return r.status_code


def socket_answer(m: Matrix, row: Socket, role: str) -> object:
    flask_client, _ = m.client(role)
    sc = socketio.test_client(m.app, flask_test_client=flask_client)
    try:
        if not sc.is_connected():
            return REFUSED
        if row.event == "connect":
            return "ok"
        if row.event == "disconnect":
            sc.disconnect()
            return "ok" if not sc.is_connected() else "still connected"
        payload = m.resolve(row.payload, role)
        if row.join_first:
            sc.emit("join", {"session_id": payload["session_id"], "last_seq": 0}, callback=True)
        ack = sc.emit(row.send or row.event, payload, callback=True)
        if not isinstance(ack, dict):
            return f"no ack ({ack!r})"
        if ack.get("ok"):
            if row.event not in READ_ONLY_EVENTS:
                m.dirty = True
            return "ok"
        return ack["error"]["code"]
    finally:
        if sc.is_connected():
            sc.disconnect()


def run(m: Matrix, rows: Sequence[Http] | Sequence[Socket], answer: Callable[[Matrix, Any, str], object]) -> list[str]:
    wrong = []
    for row in rows:
        for role in row.expect:
            m.restore()
            got = answer(m, row, role)
            if got != row.expect[role]:
                wrong.append(f"{row} as {role}: expected {row.expect[role]}, got {got}")
    m.restore()
    return wrong


BLUEPRINTS = sorted({r.endpoint.split(".")[0] for r in HTTP})


@pytest.mark.parametrize("blueprint", BLUEPRINTS)
def test_http_answers_per_role(matrix, blueprint):
    wrong = run(matrix, [r for r in HTTP if r.endpoint.split(".")[0] == blueprint], http_answer)
    assert not wrong, "\n".join(wrong)


def test_socket_answers_per_role(matrix):
    matrix.app.config["LIVE_RATE_LIMIT"] = "1000/minute"
    wrong = run(matrix, SOCKET, socket_answer)
    assert not wrong, "\n".join(wrong)


def test_every_post_needs_the_csrf_token(matrix):
    """The matrix's POSTs carry a token; without one, even a role the row lets through is refused
    (400) and nothing is written: for the JSON endpoints too, which send it as a header."""
    wrong = []
    for row in HTTP:
        allowed = [role for role in ROLES[1:] if isinstance(row.expect[role], int) and row.expect[role] < 400]
        if row.method != "POST" or not allowed or row.endpoint in CSRF_EXEMPT:
            continue
        role = allowed[-1]
        c, _token = matrix.client(role)
        with matrix.app.test_request_context():
            path = url_for(row.endpoint, **matrix.resolve(row.args, role), **matrix.resolve(row.query, role))
        body = ({"json": matrix.resolve(row.json, role)} if row.json is not None
                else {"data": matrix.resolve(row.data or {}, role)})
        r = c.post(path, **body)
        if r.status_code != 400 or b"sent from elsewhere" not in r.data:  # the CSRF error's message (echo/core/web.py)
            wrong.append(f"{row} as {role} without a CSRF token: expected the CSRF 400, got {r.status_code}")
            matrix.dirty = True
            matrix.restore()
    assert not wrong, "\n".join(wrong)


def test_a_removed_member_writes_nothing(matrix):
    wrong = run(matrix, [r for r in REMOVED if isinstance(r, Http)], http_answer)
    wrong += run(matrix, [r for r in REMOVED if isinstance(r, Socket)], socket_answer)
    assert not wrong, "\n".join(wrong)
