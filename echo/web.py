"""Request-wide web concerns: error pages, template helpers, security headers."""
from __future__ import annotations

import logging

from flask import Flask, jsonify, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from .domain.errors import DomainError
from .timefmt import fmt, fmt_pair

log = logging.getLogger("echo.web")

ERROR_TEXT = {
    400: ("Bad request", "The request could not be understood. Go back and check what you entered."),
    403: ("Not allowed", "You do not have permission to see or do this. If you think you should, ask the program's coordinator."),
    404: ("Not found", "There is nothing here. The link may be wrong, or the item was removed."),
    405: ("Not allowed", "That action is not available here."),
    409: ("Changed meanwhile", "Someone else changed this in the meantime. Reload and try again."),
    413: ("Too large", "What you sent is too large."),
    429: ("Slow down", "Too many requests. Wait a moment and try again."),
    500: ("Something went wrong", "An unexpected error happened on our side. It has been logged; try again in a moment."),
}


def _wants_json() -> bool:
    return request.path.startswith("/api/") or request.accept_mimetypes.best == "application/json"


def error_response(status: int, message: str | None = None):
    title, text = ERROR_TEXT.get(status, ("Error", "Something went wrong."))
    if message:
        text = message
    if _wants_json():
        return jsonify({"error": {"status": status, "title": title, "message": text}}), status
    return render_template("error.html", status=status, title=title, text=text), status


def register_web(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(exc: HTTPException):
        custom = exc.description if exc.description != type(exc).description else None
        return error_response(exc.code or 500, custom)

    @app.errorhandler(CSRFError)
    def csrf_error(exc: CSRFError):
        return error_response(400, "The form expired or was sent from elsewhere. Reload the page and try again; what you typed may need re-entering.")

    @app.errorhandler(DomainError)
    def domain_error(exc: DomainError):
        return error_response(exc.status, exc.message)

    @app.errorhandler(Exception)
    def unexpected(exc: Exception):
        # One failing request must not take the server down, and the traceback goes to the
        # log without request bodies (they may hold case text).
        log.exception("unhandled error on %s %s", request.method, request.path)
        from .extensions import db

        db.session.rollback()
        return error_response(500)

    @app.after_request
    def headers(resp):
        resp.headers.setdefault("X-Content-Type-Options", "nosniff")
        resp.headers.setdefault("X-Frame-Options", "DENY")
        resp.headers.setdefault("Referrer-Policy", "same-origin")
        # Pages, print views, JSON and CSV may carry case text: no copy stays in a browser's or a
        # proxy's cache. Responses that set their own policy keep it (static files, calendar feeds).
        resp.headers.setdefault("Cache-Control", "no-store")
        # Everything is served from here (no CDN); inline scripts are not allowed.
        resp.headers.setdefault(
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self' ws: wss:; frame-ancestors 'none'",
        )
        return resp

    @app.context_processor
    def endpoints():
        # Lets the layout link to a feature only when its blueprint is installed.
        return {"url_rules": app.view_functions}

    app.jinja_env.filters["when"] = fmt
    app.jinja_env.filters["when_pair"] = fmt_pair
