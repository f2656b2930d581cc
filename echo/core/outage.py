"""The database out of reach (restarting, failing over, refusing connections): a clean,
retryable answer and one log line per outage, instead of a traceback per request.

A post on the live board gets {"ok": false, "error": {"code": "unavailable", "retryable": true}}
and the board keeps it to send again; a page or API call gets 503 with Retry-After. Nothing is
half-written: the transaction is rolled back, and the pool reconnects by itself once the
database answers again (echo.core.dbpool), so no restart is needed.
"""
from __future__ import annotations

import logging
import threading
import time

import psycopg
from flask_babel import LazyString, force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import exc as sa_exc

from echo.core.extensions import db
from echo.core.i18n import visitor_language

log = logging.getLogger("echo.outage")

MESSAGE = _l("The database is not reachable for a moment. Nothing was saved; try again in a few seconds.")
TITLE = _l("Unavailable")
RETRY_AFTER_SECONDS = 5
# While it lasts, one warning per LOG_EVERY seconds with the count of failures meanwhile.
LOG_EVERY = 10.0

_lock = threading.Lock()
_state = {"last_logged": 0.0, "suppressed": 0}


def database_unreachable(exc: BaseException) -> bool:
    """An error that means "no connection to the database", not a bug or bad data."""
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, (sa_exc.OperationalError, sa_exc.InterfaceError, sa_exc.DisconnectionError)):
        return True
    if isinstance(exc, sa_exc.TimeoutError):  # the pool's wait for a connection ran out
        return True
    return isinstance(exc, (psycopg.OperationalError, psycopg.InterfaceError))


def rollback_quietly() -> None:
    """Roll back the failed transaction; with the connection gone the rollback may fail too."""
    try:
        db.session.rollback()
    except Exception:  # noqa: BLE001 - the connection is already known to be broken
        db.session.close()


def note_outage(where: str, exc: BaseException) -> None:
    """Log the outage: the error's kind only (its text may hold the server's address)."""
    now = time.monotonic()
    with _lock:
        if now - _state["last_logged"] < LOG_EVERY:
            _state["suppressed"] += 1
            return
        suppressed, _state["suppressed"], _state["last_logged"] = _state["suppressed"], 0, now
    log.warning("database unreachable (%s) in %s; %d more failures since the last warning",
                type(exc).__name__, where, suppressed)


def in_visitor_language(text: LazyString) -> str:
    """text in the language the request asks for by itself (switcher, browser): the account's
    own setting would have to be read from the database, which is out of reach."""
    with force_locale(visitor_language()):
        return str(text)


def unavailable_ack() -> dict[str, object]:
    return {"ok": False, "error": {"code": "unavailable", "message": in_visitor_language(MESSAGE), "retryable": True}}


class OncePerOutage(logging.Filter):
    """Lets through one record per `every` seconds among those whose message starts with one of
    `prefixes` (the others pass untouched), noting how many were held back.

    For python-socketio's Redis manager: while Redis is away it logs two ERROR lines per emit
    ("Cannot publish to redis... retrying", "... giving up"), dozens a second on a busy board."""

    def __init__(self, prefixes: tuple[str, ...], every: float = LOG_EVERY):
        super().__init__()
        self.prefixes, self.every = prefixes, every
        # None until the first line: the monotonic clock starts near 0 at boot, so a start of
        # 0.0 would hold back the first line of an outage in a server's first hour.
        self.last: float | None = None
        self.held = 0

    def filter(self, record: logging.LogRecord) -> bool:
        if not str(record.msg).startswith(self.prefixes):
            return True
        now = time.monotonic()
        if self.last is not None and now - self.last < self.every:
            self.held += 1
            return False
        if self.held:
            record.msg = f"{record.msg} ({self.held} similar lines held back)"
        self.last, self.held = now, 0
        return True


REDIS_OUTAGE = OncePerOutage(("Cannot publish to redis", "Cannot receive from redis"))
