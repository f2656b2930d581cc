"""Configuration from the environment.

Everything a deployment changes comes from environment variables so that the same code runs
on a laptop (SQLite file under instance/) and in production (PostgreSQL, Redis, SMTP).
"""
from __future__ import annotations

import os
import secrets
from pathlib import Path


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


def load_config(instance_path: Path) -> dict:
    database_url = os.environ.get("ECHO_DATABASE_URL") or f"sqlite:///{instance_path / 'echo.db'}"
    if database_url.startswith("postgresql://"):
        # psycopg 3 is the driver we ship; SQLAlchemy would otherwise look for psycopg2.
        database_url = "postgresql+psycopg://" + database_url[len("postgresql://"):]
    return {
        "SECRET_KEY": _secret_key(instance_path),
        "SQLALCHEMY_DATABASE_URI": database_url,
        # hide_parameters: a database error's message would otherwise carry the statement's
        # values, i.e. case text, into the log. No pool_pre_ping: echo.dbpool pings only
        # connections that were idle.
        "SQLALCHEMY_ENGINE_OPTIONS": {"hide_parameters": True},
        "MESSAGE_QUEUE": os.environ.get("ECHO_MESSAGE_QUEUE") or None,
        # gevent holds a room of 1,000 sockets within 1.5x of bare python-socketio; threading
        # does not (see docs/architecture.md). The test client uses threading.
        "SOCKETIO_ASYNC_MODE": os.environ.get("ECHO_ASYNC_MODE", "threading"),
        "BASE_URL": os.environ.get("ECHO_BASE_URL", "http://127.0.0.1:5000"),
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
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Failed logins per e-mail address and client address (guessing passwords), and
        # reset mails per address (mail bombing).
        "LOGIN_FAILURE_LIMIT": os.environ.get("ECHO_LOGIN_FAILURE_LIMIT", "10/15 minutes"),
        "RESET_MAIL_LIMIT": os.environ.get("ECHO_RESET_MAIL_LIMIT", "5/hour"),
        # Posts per user per minute on the live board (limits' moving window).
        "LIVE_RATE_LIMIT": os.environ.get("ECHO_LIVE_RATE_LIMIT", "30/minute"),
        # A socket message over SOCKET_MESSAGE_LIMIT characters is refused with an ack; Engine.IO
        # closes the connection only above SOCKET_TRANSPORT_LIMIT bytes (echo/live/limits.py).
        "SOCKET_MESSAGE_LIMIT": 64 * 1024,
        "SOCKET_TRANSPORT_LIMIT": 2 * 1024 * 1024,
    }
