"""gunicorn settings for production (docs/deployment.md):

    gunicorn -c python:echo.server.gunicorn_conf -b 127.0.0.1:8001 --access-logfile - echo.server.wsgi:app

One gevent worker per process (Socket.IO's long-polling needs a client's requests to reach the
same process) that sends frames at once (TCP_NODELAY, echo.server.sockets), and an access log with
secret tokens cut out of paths and Referers.
"""
from __future__ import annotations

from gunicorn.glogging import Logger
from gunicorn.workers.ggevent import GeventWorker

from echo.ops.accesslog import REDACT_SECRETS, redact
from echo.server.sockets import send_at_once


class NoDelayGeventWorker(GeventWorker):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn's gevent worker with TCP_NODELAY set on every accepted connection (gunicorn sets
    it on its listening socket only, which not every system passes on to accepted ones)."""

    def handle(self, listener, client, addr) -> None:  # type: ignore[no-untyped-def]
        send_at_once(client)
        super().handle(listener, client, addr)


worker_class = "echo.server.gunicorn_conf.NoDelayGeventWorker"
workers = 1


class RedactingLogger(Logger):  # type: ignore[misc]  # gunicorn ships no types
    """gunicorn's logger with every access-log field (request line, path, Referer, headers)
    passed through echo.ops.accesslog.redact, and the same for its error log."""

    def setup(self, cfg) -> None:  # type: ignore[no-untyped-def]
        super().setup(cfg)
        self.error_log.addFilter(REDACT_SECRETS)

    def atoms(self, resp, req, environ, request_time):  # type: ignore[no-untyped-def]
        return {k: redact(v) if isinstance(v, str) else v for k, v in super().atoms(resp, req, environ, request_time).items()}


logger_class = RedactingLogger
