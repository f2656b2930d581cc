"""Configuration from the environment.

Everything a deployment changes comes from environment variables so that the same code runs
on a laptop (SQLite file under instance/) and in production (PostgreSQL, Redis, SMTP).
"""
from __future__ import annotations

import os
import secrets
from datetime import timedelta
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit


def _secret_key(instance_path: Path) -> str:
    """SECRET_KEY from the environment, else one created once and kept in instance/.

    Keeping it in a file means sessions and signed links survive a restart of `make run`.
    """
    env = os.environ.get("SECRET_KEY")
    if env:
        return env
    instance_path.mkdir(parents=True, exist_ok=True)
    key_file = instance_path / "secret_key"
    if not key_file.exists():
        key_file.write_text(secrets.token_hex(32))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _base_url() -> str:
    """The origin people reach this site at: every absolute link (mail, calendar feeds, the
    API's documents) and the CSP's WebSocket origin come from it, never from a request."""
    raw = (os.environ.get("ECHO_BASE_URL") or f"http://127.0.0.1:{os.environ.get('ECHO_PORT') or '5000'}").strip().rstrip("/")
    parts = urlsplit(raw)
    try:
        port_ok = parts.port is None or parts.port > 0
    except ValueError:  # not a number, or out of range
        port_ok = False
    if not port_ok or parts.scheme not in {"http", "https"} or not parts.hostname or parts.path or parts.query or parts.fragment:
        raise ValueError(f"ECHO_BASE_URL must be the site's origin, like https://echo.example.org (got {raw!r})")
    return raw


def load_config(instance_path: Path) -> dict[str, Any]:
    database_url = os.environ.get("ECHO_DATABASE_URL") or f"sqlite:///{instance_path / 'echo.db'}"
    if database_url.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; SQLAlchemy would otherwise look for psycopg2.
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # hide_parameters: a database error's message would otherwise carry the statement's
        # values, i.e. case text, into the log. No pool_pre_ping: echo.core.dbpool pings only
        # connections that were idle.
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "MESSAGE_QUEUE": os.environ.get("ECHO_MESSAGE_QUEUE") or None,
        # The job queue (echo.core.jobs): redis://..., sqlite:///path, or "immediate"; unset:
        # ECHO_MESSAGE_QUEUE's Redis if set, else a SQLite file beside the SQLite database.
        "JOBS_URL": os.environ.get("ECHO_JOBS_URL") or None,
        # gevent holds a room of 1,000 sockets within 1.5x of bare python-socketio; threading
        # does not (see docs/architecture.md). The test client uses threading.
        "SOCKETIO_ASYNC_MODE": os.environ.get("ECHO_ASYNC_MODE", "threading"),
        "BASE_URL": _base_url(),
        # Development without SMTP: mail is kept here (a Maildir) instead of in the log.
        "MAIL_DIR": os.environ.get("ECHO_MAIL_DIR") or str(instance_path / "mail"),
        "MAIL_SENDER": os.environ.get("ECHO_MAIL_SENDER", "ECHO clinic <no-reply@echo.local>"),
        "SMTP_HOST": os.environ.get("ECHO_SMTP_HOST") or None,
        "SMTP_PORT": int(os.environ.get("ECHO_SMTP_PORT", "587")),
        "SMTP_USER": os.environ.get("ECHO_SMTP_USER") or None,
        "SMTP_PASSWORD": os.environ.get("ECHO_SMTP_PASSWORD") or None,
        "SMTP_STARTTLS": _bool("ECHO_SMTP_STARTTLS", True),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool("ECHO_SECURE_COOKIES", False),
        "REMEMBER_COOKIE_SECURE": _bool("ECHO_SECURE_COOKIES", False),
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        # "Remember me" lasts this long; a login unused for as long ends (echo.accounts.logins).
        "REMEMBER_COOKIE_DURATION": timedelta(days=int(os.environ.get("ECHO_REMEMBER_DAYS", "30"))),
        # A login without "remember me" ends after this long unused, on the server too: its
        # cookie lasts until the browser closes, but a copy of it must not work for a month
        # (a shared clinic computer left on).
        "LOGIN_IDLE_WITHOUT_REMEMBER": timedelta(hours=int(os.environ.get("ECHO_SESSION_IDLE_HOURS", "12"))),
        # Reverse proxies in front of the app whose X-Forwarded-For/-Proto are trusted
        # (docs/deployment.md); 0: the peer's address is the client's.
        "TRUSTED_PROXIES": int(os.environ.get("ECHO_TRUSTED_PROXIES", "0")),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Failed logins per account over all client addresses (guessing one password), per client
        # address over all accounts (trying many accounts), and reset mails per address.
        "LOGIN_FAILURE_LIMIT": os.environ.get("ECHO_LOGIN_FAILURE_LIMIT", "10/15 minutes"),
        "LOGIN_ADDRESS_FAILURE_LIMIT": os.environ.get("ECHO_LOGIN_ADDRESS_FAILURE_LIMIT", "50/15 minutes"),
        "RESET_MAIL_LIMIT": os.environ.get("ECHO_RESET_MAIL_LIMIT", "5/hour"),
        # Posts per user per minute on the live board (limits' moving window).
        "LIVE_RATE_LIMIT": os.environ.get("ECHO_LIVE_RATE_LIMIT", "30/minute"),
        "LIVE_BEAT_SECONDS": float(os.environ.get("ECHO_LIVE_BEAT_SECONDS", "3")),
        # A socket message over SOCKET_MESSAGE_LIMIT characters is refused with an ack; Engine.IO
        # closes the connection only above SOCKET_TRANSPORT_LIMIT bytes (echo/live/limits.py).
        "SOCKET_MESSAGE_LIMIT": 64 * 1024,
        "SOCKET_TRANSPORT_LIMIT": 2 * 1024 * 1024,
        # Operations (echo/ops): "text" or "json" log lines; the bearer token of /metrics (unset:
        # no metrics endpoint).
        "LOG_FORMAT": (os.environ.get("ECHO_LOG_FORMAT") or "text").strip().lower(),
        "METRICS_TOKEN": os.environ.get("ECHO_METRICS_TOKEN") or None,
    }
