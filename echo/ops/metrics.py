"""Prometheus metrics of one server process (prometheus-client's default registry), served at
/metrics to a scraper holding ECHO_METRICS_TOKEN.

Each production process runs one gevent worker on its own port (docs/deployment.md), so each
process is scraped on its own and Prometheus adds them up: no multiprocess mode, whose files
would only be needed with several workers behind one port.

Labels are bounded: the endpoint's name (e.g. "cases.view"), never the path (paths carry ids
and secret tokens), the method and the status.
"""
from __future__ import annotations

import time

from flask import Flask, Response, request, request_finished, request_started
from prometheus_client import Counter, Gauge, Histogram

from echo.core.extensions import socketio

REQUESTS = Counter("echo_http_requests", "HTTP requests answered, by endpoint, method and status",
                   ["endpoint", "method", "status"])
LATENCY = Histogram("echo_http_request_duration_seconds", "Time to answer an HTTP request, by endpoint and method",
                    ["endpoint", "method"])
ERRORS = Counter("echo_http_server_errors", "HTTP requests answered with a server error (5xx), by endpoint and method",
                 ["endpoint", "method"])
LIVE_POSTS = Counter("echo_live_posts", "Events stored on live boards (posts, answers, edits, endorsements...), by kind",
                     ["kind"])
FANOUT = Histogram("echo_live_fanout_seconds", "Time to hand a new live board event to its room's sockets",
                   buckets=(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5))
SOCKETS = Gauge("echo_sockets_connected", "Socket.IO connections open in this process")


def _open_sockets() -> int:
    # Flask-SocketIO sets .server in init_app; its stubs do not declare it.
    server = getattr(socketio, "server", None)
    return len(getattr(getattr(server, "eio", None), "sockets", ()))


SOCKETS.set_function(_open_sockets)

_STARTED = "echo.metrics_started"


def _endpoint() -> str:
    return request.endpoint or "(no route)"


def _started(sender: Flask, **_: object) -> None:
    request.environ[_STARTED] = time.perf_counter()


def _finished(sender: Flask, response: Response, **_: object) -> None:
    started = request.environ.get(_STARTED)
    endpoint, method = _endpoint(), request.method
    REQUESTS.labels(endpoint, method, str(response.status_code)).inc()
    if response.status_code >= 500:
        ERRORS.labels(endpoint, method).inc()
    if started is not None:
        LATENCY.labels(endpoint, method).observe(time.perf_counter() - started)


def init_metrics(app: Flask) -> None:
    # Flask's signals rather than before/after_request: they bracket the whole request, the
    # other hooks and an error page included. Module-level receivers, held for the app's life.
    request_started.connect(_started, app)
    request_finished.connect(_finished, app)
