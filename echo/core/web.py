"""Request-wide web concerns: error pages, template helpers, security headers."""
from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from flask import Flask, Response, jsonify, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from markupsafe import escape
from werkzeug.exceptions import HTTPException, MethodNotAllowed

from echo.core.errors import DomainError
from echo.core.extensions import db
from echo.core.i18n import visitor_language
from echo.core.links import external_url
from echo.core.outage import MESSAGE as OUTAGE_MESSAGE
from echo.core.outage import (
    RETRY_AFTER_SECONDS,
    database_unreachable,
    in_visitor_language,
    note_outage,
    rollback_quietly,
)
from echo.core.outage import TITLE as OUTAGE_TITLE
from echo.core.timefmt import fmt, fmt_pair

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

log = logging.getLogger("echo.core.web")

ERROR_TEXT = {
    400: (_l("Bad request"), _l("The request could not be understood. Go back and check what you entered.")),
    403: (_l("Not allowed"), _l("You do not have permission to see or do this. If you think you should, ask the program's coordinator.")),
    404: (_l("Not found"), _l("There is nothing here. The link may be wrong, or the item was removed.")),
    405: (_l("Not allowed"), _l("That action is not available here.")),
    409: (_l("Changed meanwhile"), _l("Someone else changed this in the meantime. Reload and try again.")),
    413: (_l("Too large"), _l("What you sent is too large.")),
    429: (_l("Slow down"), _l("Too many requests. Wait a moment and try again.")),
    500: (_l("Something went wrong"), _l("An unexpected error happened on our side. It has been logged; try again in a moment.")),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, message: str | None = None, **extra: object) -> tuple[Response | str, int]:
    """The error page, or under /api/ (or for a client asking for JSON) {"error": {status, title,
    message, **extra}}."""
    title_text = ERROR_TEXT.get(status)
    title, text = (str(title_text[0]), str(title_text[1])) if title_text else (_("Error"), _("Something went wrong."))
    if message:
        text = str(message)
    if _wants_json():
        return jsonify({"error": {"status": status, "title": title, "message": text, **extra}}), status
    return render_template("error.html", status=status, title=title, text=text), status


HSTS_MAX_AGE = 365 * 24 * 3600


def _is_static(endpoint: str | None) -> bool:
    return endpoint is not None and endpoint.rsplit(".", 1)[-1] == "static"


@lru_cache(maxsize=8)
def content_security_policy(base_url: str) -> str:
    """Everything is served from here (no CDN); no inline scripts; forms post and <base> point
    only here; the page connects only to this site, its Socket.IO WebSocket included (named
    from the configured origin: older browsers do not count ws: as 'self')."""
    parts = urlsplit(base_url)
    socket_origin = ("wss" if parts.scheme == "https" else "ws") + "://" + parts.netloc
    return ("default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
            f"connect-src 'self' {socket_origin}; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")


class _NoStoreSocketIO:
    """Socket.IO's long-polling answers carry the live board's posts but bypass Flask's
    after_request (Engine.IO answers them below Flask) and Engine.IO has no header option:
    this adds no-store to them."""

    def __init__(self, wsgi_app: WSGIApplication) -> None:
        self.wsgi_app = wsgi_app

    def __call__(self, environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        if not environ.get("PATH_INFO", "").startswith("/socket.io"):
            return self.wsgi_app(environ, start_response)

        def start(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            if not any(k.lower() == "cache-control" for k, _ in headers):
                headers = [*headers, ("Cache-Control", "no-store")]
            return start_response(status, headers, exc_info) if exc_info else start_response(status, headers)

        return self.wsgi_app(environ, start)


def register_web(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException) -> ResponseReturnValue:
        custom = exc.description if exc.description != type(exc).description else None
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            # RFC 9110: a 405 names the methods the resource allows (Allow header).
            allowed = sorted(exc.valid_methods)
            body, status = error_response(405, _("This address accepts only %(methods)s.", methods=", ".join(allowed)), allowed=allowed)
            return body, status, {"Allow": ", ".join(allowed)}
        return error_response(exc.code or 500, custom)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError) -> ResponseReturnValue:
        return error_response(400, _("The form expired or was sent from elsewhere. Reload the page and try again; what you typed may need re-entering."))

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError) -> ResponseReturnValue:
        return error_response(exc.status, exc.message)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception) -> ResponseReturnValue:
        if database_unreachable(exc):
            rollback_quietly()
            note_outage(request.url_rule.rule if request.url_rule else "(no route)", exc)
            # No template: rendering the error page would ask the database for the user again.
            title, message = in_visitor_language(OUTAGE_TITLE), in_visitor_language(OUTAGE_MESSAGE)
            if _wants_json():
                body: Response | str = jsonify({"error": {"status": 503, "title": title, "message": message, "retryable": True}})
            else:
                body = (f'<!doctype html><html lang="{visitor_language()}"><title>{escape(title)}</title>'
                        f"<h1>{escape(title)}</h1><p>{escape(message)}</p>")
            return body, 503, {"Retry-After": str(RETRY_AFTER_SECONDS)}
        # One failing request must not take the server down, and the traceback goes to the
        # log without request bodies (they may hold case text).
        # The route's pattern, not the path: a path may hold a secret token (calendar, reset, invitation).
        log.exception("unhandled error on %s %s", request.method, request.url_rule.rule if request.url_rule else "(no route)")
        db.session.rollback()
        return error_response(500)

    # A handful of fixed headers, set here rather than with Flask-Talisman: its HTTPS redirect
    # and cookie settings would duplicate the TLS proxy's and echo.core.config's.
    @app.after_request
    def headers(resp: Response) -> Response:
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        resp.headers.setdefault("Content-Security-Policy", content_security_policy(app.config["BASE_URL"]))
        if app.config.get("SESSION_COOKIE_SECURE"):
            # Secure cookies mean the site is served over HTTPS: browsers then refuse plain HTTP.
            resp.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_MAX_AGE}")
        if not _is_static(request.endpoint):
            # Pages, the print view, the API and CSV exports carry case text: no copy in the
            # browser's cache or a proxy's (shared clinic computers). A view that chose its own
            # policy (the calendar feeds) keeps it.
            resp.headers.setdefault("Cache-Control", "no-store")
        return resp

    app.wsgi_app = _NoStoreSocketIO(app.wsgi_app)  # type: ignore[method-assign]

    app.jinja_env.globals["external_url"] = external_url
    app.jinja_env.filters["when"] = fmt
    app.jinja_env.filters["when_pair"] = fmt_pair
