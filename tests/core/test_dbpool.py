"""Pooled PostgreSQL connections are pinged on checkout only after sitting idle (echo/core/dbpool.py)."""
from __future__ import annotations

import psycopg
import pytest
from sqlalchemy import create_engine, exc, text

from echo.core.dbpool import ping_when_idle

pytestmark = pytest.mark.postgres_only


def _engine(db_url: str, idle_seconds: float):
    engine = create_engine(db_url, pool_size=1, max_overflow=0)
    ping_when_idle(engine, idle_seconds)
    return engine


def _backend_pid(engine) -> int:
    with engine.connect() as conn:
        return conn.execute(text("SELECT pg_backend_pid()")).scalar_one()


def _kill(db_url: str, pid: int) -> None:
    """What a database restart or a firewall does to a pooled connection."""
    plain = db_url.replace("postgresql+psycopg://", "postgresql://", 1)
    with psycopg.connect(plain, autocommit=True) as admin:
        admin.execute("SELECT pg_terminate_backend(%s)", (pid,))


def test_a_connection_closed_while_idle_is_replaced_before_use(db_url):
    engine = _engine(db_url, idle_seconds=0.0)
    try:
        pid = _backend_pid(engine)
        _kill(db_url, pid)
        # The checkout's ping finds it closed: the query runs on a new connection, no error.
        assert _backend_pid(engine) != pid
    finally:
        engine.dispose()


def test_a_connection_in_steady_use_is_not_pinged_and_a_break_costs_one_statement(db_url):
    engine = _engine(db_url, idle_seconds=3600.0)
    try:
        pid = _backend_pid(engine)
        _kill(db_url, pid)
        with pytest.raises(exc.OperationalError):
            _backend_pid(engine)
        # The failed statement invalidated the pool: the next one reconnects.
        assert _backend_pid(engine) != pid
    finally:
        engine.dispose()


def test_the_app_pings_idle_connections_instead_of_every_checkout(app):
    from echo.core.extensions import db

    assert "pool_pre_ping" not in app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    assert db.engine.pool._pre_ping is False
    pid = _backend_pid(db.engine)
    _kill(db.engine.url.render_as_string(hide_password=False), pid)
    record = db.engine.pool._pool.queue[0]  # the pooled connection just used
    record.info["echo_idle_since"] -= 10  # as if it had sat unused for 10 s
    assert _backend_pid(db.engine) != pid
