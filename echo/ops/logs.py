"""Log lines: readable text by default (`make run`), one JSON object per line with
ECHO_LOG_FORMAT=json (for a log collector). Every line carries the request id of the request it
was written in: the client's or proxy's X-Request-ID when it is well-formed, else a new one, sent
back in the response's X-Request-ID.

The request id is a label the client chose or a random one; it never holds a path (paths carry
secret tokens) and never case text (it is limited to a short run of plain characters).
"""
from __future__ import annotations

import logging
import re
import uuid

from flask import Flask, Response, has_request_context, request
from pythonjsonlogger.json import JsonFormatter

from echo.ops.accesslog import install_log_redaction

HEADER = "X-Request-ID"
ENVIRON_KEY = "echo.request_id"
# What proxies and tracing tools send (UUIDs, hex ids, nginx's $request_id): letters, digits and
# a few separators, at most 128 of them. Anything else is replaced, not cleaned.
WELL_FORMED = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s"
FORMATS = ("text", "json")


def request_id() -> str:
    """This request's id, chosen once per request (the incoming header when well-formed)."""
    environ = request.environ
    rid = environ.get(ENVIRON_KEY)
    if rid is None:
        incoming = request.headers.get(HEADER, "")
        rid = incoming if WELL_FORMED.fullmatch(incoming) else uuid.uuid4().hex
        environ[ENVIRON_KEY] = rid
    return rid


class RequestIdFilter(logging.Filter):
    """Gives every record a request_id: the request's, or "-" outside a request."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id() if has_request_context() else "-"
        return True


REQUEST_ID = RequestIdFilter()


def json_formatter() -> logging.Formatter:
    return JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
                         rename_fields={"asctime": "time", "levelname": "level", "name": "logger"},
                         datefmt="%Y-%m-%dT%H:%M:%S%z")


def configure_logging(fmt: str) -> None:
    """The process's log handler (on the root logger) writes text or JSON lines, each with its
    request id. Handlers others installed (a test's capture, gunicorn's own) keep their format."""
    if fmt not in FORMATS:
        raise ValueError(f"ECHO_LOG_FORMAT must be one of {', '.join(FORMATS)} (got {fmt!r})")
    logging.basicConfig(level=logging.INFO)  # a handler on stderr, unless the root has one already
    formatter = json_formatter() if fmt == "json" else logging.Formatter(TEXT_FORMAT)
    for handler in logging.getLogger().handlers:
        if REQUEST_ID not in handler.filters:
            handler.addFilter(REQUEST_ID)
        if type(handler) is logging.StreamHandler:  # the one basicConfig made
            handler.setFormatter(formatter)
    logging.getLogger("alembic.runtime.plugins").setLevel(logging.WARNING)
    install_log_redaction()


def init_request_ids(app: Flask) -> None:
    @app.after_request
    def send_request_id(resp: Response) -> Response:
        resp.headers[HEADER] = request_id()
        return resp
