"""Checking pooled database connections before use, but only those that sat idle.

SQLAlchemy's pool_pre_ping pings on every checkout: a round trip before every request and
every live board event. A post on the live board costs three round trips to PostgreSQL
(ping, read, write), and each is a wake-up of a database process that idled since the last
post, so the ping was a sixth of a post's time before its emit (docs/realtime.md,
"Measuring"). Connections break mostly while they sit unused (a restarted or failed-over
server, a firewall dropping idle connections), so a connection is pinged only when it has
been idle for PING_AFTER_IDLE seconds. One that breaks while in steady use fails its next
statement once; SQLAlchemy then invalidates the whole pool, so the next request reconnects.

SQLAlchemy has no setting for this; the checkout event is its documented hook for custom
pessimistic disconnect handling.
"""
from __future__ import annotations

import time
from typing import Any

from sqlalchemy import Engine, event, exc
from sqlalchemy.pool import ConnectionPoolEntry, PoolProxiedConnection

PING_AFTER_IDLE = 5.0


def ping_when_idle(engine: Engine, idle_seconds: float = PING_AFTER_IDLE) -> None:
    """Ping a connection on checkout if it was checked in more than idle_seconds ago."""
    if engine.dialect.name == "sqlite":  # a file: nothing to lose on the way
        return

    @event.listens_for(engine, "checkin")
    def _stamp(dbapi_connection: Any, record: ConnectionPoolEntry) -> None:
        record.info["echo_idle_since"] = time.monotonic()

    @event.listens_for(engine, "checkout")
    def _ping(dbapi_connection: Any, record: ConnectionPoolEntry, proxy: PoolProxiedConnection) -> None:
        since = record.info.get("echo_idle_since")
        if since is None or time.monotonic() - since < idle_seconds:
            return  # a new connection, or one in steady use
        try:
            ok = engine.dialect.do_ping(dbapi_connection)
        except engine.dialect.loaded_dbapi.Error as err:
            if engine.dialect.is_disconnect(err, dbapi_connection, None):
                ok = False
            else:
                raise
        if not ok:
            # The pool discards this connection and checks out a new one.
            raise exc.DisconnectionError("the pooled connection was closed while idle")
