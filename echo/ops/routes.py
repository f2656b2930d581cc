"""/readyz and /metrics: for the load balancer and the metrics scraper, not for people."""
from __future__ import annotations

import hmac
import logging
import threading

import redis
from flask import abort, current_app, request
from flask.typing import ResponseReturnValue
from prometheus_client import CONTENT_TYPE_LATEST, REGISTRY, generate_latest
from sqlalchemy import Engine, text

from echo.core.extensions import db, socketio
from echo.ops.blueprint import bp

log = logging.getLogger("echo.ops")


def _database_answers(engine: Engine, timeout: float) -> bool:
    """SELECT 1 within the timeout. The query runs in a task of its own so that a database that
    accepts the connection but never answers still gets an answer here in time."""
    done = threading.Event()
    ok: list[bool] = []

    def ask() -> None:
        try:
            with engine.connect() as conn:
                conn.execute(text("SELECT 1"))
            ok.append(True)
        except Exception as exc:  # noqa: BLE001 (any failure means "not ready"; its kind is logged below)
            log.warning("readiness: the database did not answer (%s)", type(exc).__name__)
        finally:
            done.set()

    socketio.start_background_task(ask)
    return done.wait(timeout) and bool(ok)


def _queue_answers(url: str, timeout: float) -> bool:
    try:
        client = redis.Redis.from_url(url, socket_timeout=timeout, socket_connect_timeout=timeout)
        try:
            return bool(client.ping())
        finally:
            client.close()
    except Exception as exc:  # noqa: BLE001 (any failure means "not ready"; the URL may hold a password: log the kind only)
        log.warning("readiness: the message queue did not answer (%s)", type(exc).__name__)
        return False


@bp.route("/readyz")
def readyz() -> ResponseReturnValue:
    """Anyone (the load balancer). 200 when the database and (when configured) the message
    queue answer within READY_TIMEOUT seconds, else 503 naming which did not; never an address."""
    timeout = float(current_app.config["READY_TIMEOUT"])
    checks = {"database": "ok" if _database_answers(db.engine, timeout) else "unavailable"}
    queue = current_app.config.get("MESSAGE_QUEUE")
    if queue:
        checks["queue"] = "ok" if _queue_answers(queue, timeout) else "unavailable"
    ready = all(v == "ok" for v in checks.values())
    return {"status": "ok" if ready else "unavailable", "checks": checks}, 200 if ready else 503


@bp.route("/metrics")
def metrics() -> ResponseReturnValue:
    """The metrics scraper, with `Authorization: Bearer $ECHO_METRICS_TOKEN`. Without a token
    configured the endpoint does not exist (404); a missing or wrong token gets 401."""
    token = current_app.config.get("METRICS_TOKEN")
    if not token:
        abort(404)
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {token}".encode()):
        return {"error": "a bearer token is required"}, 401, {"WWW-Authenticate": 'Bearer realm="metrics"'}
    return generate_latest(REGISTRY), 200, {"Content-Type": CONTENT_TYPE_LATEST}
